-- 0016: 公海 (the customer pool, issue 21 part 2).
--
-- 1. The pool is one system row of staff (staff.pool = 1, at most one, created by the data host
--    the first time a customer goes there, never a login): a pooled customer's owner_id is that
--    row, so every per-owner counter and token kept by 0005–0013's triggers (客户状态 counts, the
--    search index's owner tokens, 工作台 and 销售统计 counters) counts the pool as it counts a
--    salesperson — the 公海客户 node reads the pool row's counters, its grid and search are a
--    salesperson's grid for that row. customer.pool_since (the instant it went there) and
--    customer.pooled_from (its previous 业务员, for the waiting time before they may reclaim it)
--    are set while it is there.
-- 2. customer.followed_at: the time of the customer's newest 维护记录 since it was created or
--    claimed (NULL: none yet — the clock then runs from created_at), kept by a trigger on record.
--    The sweep's question "N days without a new 维护记录" is a range of one partial index per
--    客户状态 (customer_pool_due), and the warning's "due within N days" a range per 业务员 and
--    客户状态 (customer_pool_warn): never a scan of the customers or of their records.
-- 3. pool_claim: who claimed what on which day (the daily 领取 limit counts a range of it).
-- 4. pool_sweep: which day's sweep ran (one row a day, claimed like kehu_daily_backup on
--    PostgreSQL, so several servers on one database sweep once a day between them).

ALTER TABLE staff ADD COLUMN pool INTEGER NOT NULL DEFAULT 0 CHECK (pool IN (0, 1));
CREATE UNIQUE INDEX staff_pool ON staff (pool) WHERE pool = 1;

ALTER TABLE customer ADD COLUMN followed_at TEXT;
ALTER TABLE customer ADD COLUMN pool_since TEXT;
ALTER TABLE customer ADD COLUMN pooled_from INTEGER REFERENCES staff (id);

UPDATE customer SET followed_at = (SELECT max(r.at) FROM record r WHERE r.customer_id = customer.id AND r.kind = 'followup')
WHERE id IN (SELECT customer_id FROM record WHERE kind = 'followup');

CREATE INDEX customer_pool_due ON customer (status_id, coalesce(followed_at, created_at), id)
  WHERE deleted_at IS NULL AND pool_since IS NULL;
CREATE INDEX customer_pool_warn ON customer (owner_id, status_id, coalesce(followed_at, created_at))
  WHERE deleted_at IS NULL AND pool_since IS NULL;

CREATE TRIGGER customer_followed_record AFTER INSERT ON record WHEN new.kind = 'followup' BEGIN
  UPDATE customer SET followed_at = new.at
  WHERE id = new.customer_id AND pool_since IS NULL AND (followed_at IS NULL OR followed_at < new.at);
END;

CREATE TABLE pool_claim (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff (id),
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  claimed_on  TEXT NOT NULL,   -- the office's local day of the claim
  at          TEXT NOT NULL
);
CREATE INDEX pool_claim_day ON pool_claim (staff_id, claimed_on);

CREATE TABLE pool_sweep (
  day        TEXT PRIMARY KEY,  -- the office's local day
  host       TEXT NOT NULL,
  started_at TEXT NOT NULL,
  done_at    TEXT,
  moved      INTEGER NOT NULL DEFAULT 0
);
