-- 0006: 操作日志 are tamper-evident, and no record changes its 属性.
--
-- Each 操作日志 row carries its place in one chain over the whole table: log_seq (1, 2, 3 …),
-- log_prev (the log_hash of row log_seq − 1; 64 zeros for the first) and log_hash, the SHA-256 of
-- log_prev and the row's own content. SQL cannot compute SHA-256: db/oplog.ts writeLog computes
-- it, db/oplog-chain.ts verifyLogChain recomputes the chain and says where it breaks. What SQL can
-- enforce, it does here: a log row must carry a well-formed link that continues the current last
-- row, so a row slipped in by hand either carries no link (refused) or breaks the verifier's chain.
--
-- Log rows written before this migration have no link: db/open.ts seals them (in id order) when
-- it opens the file; that is the only update a log row ever accepts, and new log rows are refused
-- until every old one is sealed.

ALTER TABLE record ADD COLUMN log_seq INTEGER;
ALTER TABLE record ADD COLUMN log_prev TEXT;
ALTER TABLE record ADD COLUMN log_hash TEXT;
CREATE UNIQUE INDEX record_log_seq ON record (log_seq) WHERE log_seq IS NOT NULL;
CREATE INDEX record_log_unsealed ON record (id) WHERE kind = 'log' AND log_seq IS NULL;

-- 属性 never changes: a 维护记录 cannot become an 操作日志 (log rows refuse every update below).
CREATE TRIGGER record_kind_fixed BEFORE UPDATE OF kind ON record
WHEN old.kind <> 'log' AND new.kind IS NOT old.kind BEGIN
  SELECT RAISE(ABORT, '记录的属性不能更改：维护记录不能改为操作日志');
END;

-- A 维护记录 carries no chain link.
CREATE TRIGGER record_followup_no_link_insert BEFORE INSERT ON record
WHEN new.kind <> 'log' AND (new.log_seq IS NOT NULL OR new.log_prev IS NOT NULL OR new.log_hash IS NOT NULL) BEGIN
  SELECT RAISE(ABORT, '维护记录不能带操作日志的链接');
END;
CREATE TRIGGER record_followup_no_link_update BEFORE UPDATE ON record
WHEN old.kind <> 'log' AND (new.log_seq IS NOT NULL OR new.log_prev IS NOT NULL OR new.log_hash IS NOT NULL) BEGIN
  SELECT RAISE(ABORT, '维护记录不能带操作日志的链接');
END;

-- A new 操作日志 continues the chain.
CREATE TRIGGER record_log_chain_insert BEFORE INSERT ON record WHEN new.kind = 'log' BEGIN
  SELECT RAISE(ABORT, '操作日志缺少链接（序号和哈希）：操作日志只能由系统写入')
  WHERE new.log_seq IS NULL OR new.log_prev IS NULL OR new.log_hash IS NULL
     OR length(new.log_hash) <> 64 OR new.log_hash GLOB '*[^0-9a-f]*'
     OR length(new.log_prev) <> 64 OR new.log_prev GLOB '*[^0-9a-f]*';
  SELECT RAISE(ABORT, '旧的操作日志尚未封存：请重新打开数据库')
  WHERE EXISTS (SELECT 1 FROM record WHERE kind = 'log' AND log_seq IS NULL);
  SELECT RAISE(ABORT, '操作日志的序号不接续：操作日志只能由系统写入')
  WHERE new.log_seq IS NOT (SELECT coalesce(max(log_seq), 0) + 1 FROM record WHERE log_seq IS NOT NULL);
  SELECT RAISE(ABORT, '操作日志没有链接到上一条：操作日志只能由系统写入')
  WHERE new.log_prev IS NOT coalesce(
    (SELECT log_hash FROM record WHERE log_seq = new.log_seq - 1),
    '0000000000000000000000000000000000000000000000000000000000000000');
END;

-- Log rows stay unchangeable, except that an old, unsealed row receives its link once, with
-- nothing else changing. (A later migration adding a column to record must add it here too.)
DROP TRIGGER record_log_no_update;
CREATE TRIGGER record_log_no_update BEFORE UPDATE ON record
WHEN old.kind = 'log' AND NOT (
  old.log_seq IS NULL AND new.log_seq IS NOT NULL
  AND new.id IS old.id AND new.customer_id IS old.customer_id AND new.kind IS old.kind
  AND new.at IS old.at AND new.method IS old.method AND new.contact_id IS old.contact_id
  AND new.content IS old.content AND new.next_on IS old.next_on AND new.author_id IS old.author_id
  AND new.created_at IS old.created_at AND new.updated_at IS old.updated_at AND new.version IS old.version
) BEGIN
  SELECT RAISE(ABORT, '操作日志不能修改');
END;
CREATE TRIGGER record_log_seal BEFORE UPDATE ON record WHEN old.kind = 'log' AND old.log_seq IS NULL BEGIN
  SELECT RAISE(ABORT, '操作日志缺少链接（序号和哈希）')
  WHERE new.log_prev IS NULL OR new.log_hash IS NULL
     OR length(new.log_hash) <> 64 OR new.log_hash GLOB '*[^0-9a-f]*'
     OR length(new.log_prev) <> 64 OR new.log_prev GLOB '*[^0-9a-f]*';
  SELECT RAISE(ABORT, '旧的操作日志须按顺序封存')
  WHERE EXISTS (SELECT 1 FROM record WHERE kind = 'log' AND log_seq IS NULL AND id < old.id);
  SELECT RAISE(ABORT, '操作日志的序号不接续')
  WHERE new.log_seq IS NOT (SELECT coalesce(max(log_seq), 0) + 1 FROM record WHERE log_seq IS NOT NULL);
  SELECT RAISE(ABORT, '操作日志没有链接到上一条')
  WHERE new.log_prev IS NOT coalesce(
    (SELECT log_hash FROM record WHERE log_seq = new.log_seq - 1),
    '0000000000000000000000000000000000000000000000000000000000000000');
END;
