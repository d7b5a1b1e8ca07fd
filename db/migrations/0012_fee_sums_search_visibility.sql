-- 0012: 年费催缴's totals line (笔数, 已过期, 年服务费合计) without counting every due purchase.
--
-- The window is today + N days and moves every day, so one maintained total cannot serve it.
-- Instead the purchases flagged 年服务费催缴标志 with a 服务截止期限 are summed per (服务截止期限,
-- 业务员 of the customer) in fee_due_day and per (month of 服务截止期限, 业务员) in fee_due_month,
-- over live customers only (a soft-deleted customer's purchases leave the sums; restoring puts them
-- back). Any range of days is then the whole months inside it from fee_due_month plus the days of
-- the partial months at its two ends from fee_due_day: a few hundred small rows at most, whatever
-- the number of purchases (db/fees/queries.ts, feeTotals).
-- Kept by triggers on purchase (insert; edit of the flag, the date, the fee or the customer;
-- delete) and on customer (transfer, soft delete, restore), in the same transaction as the write.
-- Rows whose count fell to 0 stay (harmless, reused). Delegations need nothing here: a
-- salesperson's delegated customers are added by the query from the purchase index.

CREATE TABLE fee_due_day (
  day       TEXT NOT NULL,
  owner_id  INTEGER NOT NULL,
  n         INTEGER NOT NULL,
  fee_cents INTEGER NOT NULL,
  PRIMARY KEY (day, owner_id)
) WITHOUT ROWID;

CREATE TABLE fee_due_month (
  month     TEXT NOT NULL,
  owner_id  INTEGER NOT NULL,
  n         INTEGER NOT NULL,
  fee_cents INTEGER NOT NULL,
  PRIMARY KEY (month, owner_id)
) WITHOUT ROWID;

INSERT INTO fee_due_day (day, owner_id, n, fee_cents)
SELECT p.service_end_on, c.owner_id, count(*), sum(p.annual_fee_cents)
FROM purchase p JOIN customer c ON c.id = p.customer_id
WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL
GROUP BY 1, 2;

INSERT INTO fee_due_month (month, owner_id, n, fee_cents)
SELECT substr(day, 1, 7), owner_id, sum(n), sum(fee_cents) FROM fee_due_day GROUP BY 1, 2;

-- A purchase enters the sums (its customer live).
CREATE TRIGGER fee_due_purchase_insert AFTER INSERT ON purchase
WHEN new.annual_fee_remind = 1 AND new.service_end_on IS NOT NULL BEGIN
  INSERT INTO fee_due_day (day, owner_id, n, fee_cents)
  SELECT new.service_end_on, c.owner_id, 1, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL
  ON CONFLICT (day, owner_id) DO UPDATE SET n = n + 1, fee_cents = fee_cents + excluded.fee_cents;
  INSERT INTO fee_due_month (month, owner_id, n, fee_cents)
  SELECT substr(new.service_end_on, 1, 7), c.owner_id, 1, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL
  ON CONFLICT (month, owner_id) DO UPDATE SET n = n + 1, fee_cents = fee_cents + excluded.fee_cents;
END;

-- A purchase leaves the sums.
CREATE TRIGGER fee_due_purchase_delete AFTER DELETE ON purchase
WHEN old.annual_fee_remind = 1 AND old.service_end_on IS NOT NULL BEGIN
  UPDATE fee_due_day SET n = n - 1, fee_cents = fee_cents - old.annual_fee_cents
  WHERE day = old.service_end_on
    AND owner_id = (SELECT c.owner_id FROM customer c WHERE c.id = old.customer_id AND c.deleted_at IS NULL);
  UPDATE fee_due_month SET n = n - 1, fee_cents = fee_cents - old.annual_fee_cents
  WHERE month = substr(old.service_end_on, 1, 7)
    AND owner_id = (SELECT c.owner_id FROM customer c WHERE c.id = old.customer_id AND c.deleted_at IS NULL);
END;

-- An edit: the old values leave, the new ones enter (two triggers, each with its own condition).
CREATE TRIGGER fee_due_purchase_update_old
AFTER UPDATE OF annual_fee_remind, service_end_on, annual_fee_cents, customer_id ON purchase
WHEN old.annual_fee_remind = 1 AND old.service_end_on IS NOT NULL BEGIN
  UPDATE fee_due_day SET n = n - 1, fee_cents = fee_cents - old.annual_fee_cents
  WHERE day = old.service_end_on
    AND owner_id = (SELECT c.owner_id FROM customer c WHERE c.id = old.customer_id AND c.deleted_at IS NULL);
  UPDATE fee_due_month SET n = n - 1, fee_cents = fee_cents - old.annual_fee_cents
  WHERE month = substr(old.service_end_on, 1, 7)
    AND owner_id = (SELECT c.owner_id FROM customer c WHERE c.id = old.customer_id AND c.deleted_at IS NULL);
END;
CREATE TRIGGER fee_due_purchase_update_new
AFTER UPDATE OF annual_fee_remind, service_end_on, annual_fee_cents, customer_id ON purchase
WHEN new.annual_fee_remind = 1 AND new.service_end_on IS NOT NULL BEGIN
  INSERT INTO fee_due_day (day, owner_id, n, fee_cents)
  SELECT new.service_end_on, c.owner_id, 1, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL
  ON CONFLICT (day, owner_id) DO UPDATE SET n = n + 1, fee_cents = fee_cents + excluded.fee_cents;
  INSERT INTO fee_due_month (month, owner_id, n, fee_cents)
  SELECT substr(new.service_end_on, 1, 7), c.owner_id, 1, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL
  ON CONFLICT (month, owner_id) DO UPDATE SET n = n + 1, fee_cents = fee_cents + excluded.fee_cents;
END;

-- Transfer (转移), soft delete and restore: the customer's due purchases move between 业务员, or
-- leave / re-enter the sums.
CREATE TRIGGER fee_due_customer AFTER UPDATE OF owner_id, deleted_at ON customer
WHEN old.owner_id IS NOT new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE fee_due_day SET n = fee_due_day.n - x.n, fee_cents = fee_due_day.fee_cents - x.fee
  FROM (SELECT service_end_on AS day, count(*) AS n, sum(annual_fee_cents) AS fee FROM purchase
        WHERE customer_id = old.id AND annual_fee_remind = 1 AND service_end_on IS NOT NULL GROUP BY 1) AS x
  WHERE old.deleted_at IS NULL AND fee_due_day.day = x.day AND fee_due_day.owner_id = old.owner_id;
  UPDATE fee_due_month SET n = fee_due_month.n - x.n, fee_cents = fee_due_month.fee_cents - x.fee
  FROM (SELECT substr(service_end_on, 1, 7) AS month, count(*) AS n, sum(annual_fee_cents) AS fee FROM purchase
        WHERE customer_id = old.id AND annual_fee_remind = 1 AND service_end_on IS NOT NULL GROUP BY 1) AS x
  WHERE old.deleted_at IS NULL AND fee_due_month.month = x.month AND fee_due_month.owner_id = old.owner_id;
  INSERT INTO fee_due_day (day, owner_id, n, fee_cents)
  SELECT service_end_on, new.owner_id, count(*), sum(annual_fee_cents) FROM purchase
  WHERE customer_id = new.id AND annual_fee_remind = 1 AND service_end_on IS NOT NULL AND new.deleted_at IS NULL
  GROUP BY 1
  ON CONFLICT (day, owner_id) DO UPDATE SET n = n + excluded.n, fee_cents = fee_cents + excluded.fee_cents;
  INSERT INTO fee_due_month (month, owner_id, n, fee_cents)
  SELECT substr(service_end_on, 1, 7), new.owner_id, count(*), sum(annual_fee_cents) FROM purchase
  WHERE customer_id = new.id AND annual_fee_remind = 1 AND service_end_on IS NOT NULL AND new.deleted_at IS NULL
  GROUP BY 1
  ON CONFLICT (month, owner_id) DO UPDATE SET n = n + excluded.n, fee_cents = fee_cents + excluded.fee_cents;
END;

-- 2. Visibility in the quick-search index. A salesperson's common terms (科技: 138,000 hits at a
--    million customers) were each looked up by primary key to test 业务员 and delegation; now each
--    live customer's row in customer_search also holds, after its words, tokens that nobody can
--    type (they begin with U+E000, a private-use character: FTS5's unicode61 keeps it inside a
--    token, while the query side (core/fold.ts) drops it as punctuation):
--      U+E000 'l'            the customer is live (not in the 回收站);
--      U+E000 'o' <业务员 id> its owner;
--      U+E000 'd' <staff id>  each salesperson with an unrevoked delegation of it (whatever its
--                             dates: whether it is active today is checked on the few hits).
--    So "科技, visible to me" is an intersection of doclists (db/customers/grid.ts). Soft-deleted
--    customers carry none of them. The row is rewritten on transfer, delete, restore, and on a
--    delegation granted, revoked or removed — and, as before, when a searchable field or contact
--    changes (now only when one really changed).

DROP TRIGGER customer_search_insert;
DROP TRIGGER customer_search_update;
DROP TRIGGER contact_search_insert;
DROP TRIGGER contact_search_update;
DROP TRIGGER contact_search_delete;
DROP VIEW customer_search_text;

-- What the search index holds for one customer: `tokens` (crm_search_tokens of `text`, then the
-- visibility tokens above).
CREATE VIEW customer_search_text AS
SELECT c.id AS id,
       c.name || char(31) || c.keyword || char(31) || c.phone || char(31) || c.region || char(31) ||
       coalesce((SELECT group_concat(k.name || ' ' || k.mobile || ' ' || k.phone, ' ')
                 FROM contact k WHERE k.customer_id = c.id), '') AS text,
       crm_search_tokens(c.name || char(31) || c.keyword || char(31) || c.phone || char(31) || c.region || char(31) ||
       coalesce((SELECT group_concat(k.name || ' ' || k.mobile || ' ' || k.phone, ' ')
                 FROM contact k WHERE k.customer_id = c.id), '')) ||
       CASE WHEN c.deleted_at IS NULL THEN
         ' ' || char(57344) || 'l ' || char(57344) || 'o' || c.owner_id ||
         coalesce(' ' || (SELECT group_concat(DISTINCT char(57344) || 'd' || d.to_id)
                          FROM delegation d WHERE d.customer_id = c.id AND d.revoked_at IS NULL), '')
       ELSE '' END AS tokens
FROM customer c;

INSERT INTO customer_search (customer_search) VALUES ('delete-all');
INSERT INTO customer_search (rowid, tokens) SELECT id, tokens FROM customer_search_text;

CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN
  INSERT INTO customer_search (rowid, tokens) SELECT id, tokens FROM customer_search_text WHERE id = new.id;
END;
CREATE TRIGGER customer_search_update AFTER UPDATE OF name, keyword, phone, region, owner_id, deleted_at ON customer
WHEN old.name IS NOT new.name OR old.keyword IS NOT new.keyword OR old.phone IS NOT new.phone
  OR old.region IS NOT new.region OR old.owner_id IS NOT new.owner_id
  OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  DELETE FROM customer_search WHERE rowid = old.id;
  INSERT INTO customer_search (rowid, tokens) SELECT id, tokens FROM customer_search_text WHERE id = new.id;
END;
CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN
  DELETE FROM customer_search WHERE rowid = new.customer_id;
  INSERT INTO customer_search (rowid, tokens) SELECT id, tokens FROM customer_search_text WHERE id = new.customer_id;
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, mobile, phone, customer_id ON contact
WHEN old.name IS NOT new.name OR old.mobile IS NOT new.mobile OR old.phone IS NOT new.phone
  OR old.customer_id IS NOT new.customer_id BEGIN
  DELETE FROM customer_search WHERE rowid IN (old.customer_id, new.customer_id);
  INSERT INTO customer_search (rowid, tokens)
  SELECT id, tokens FROM customer_search_text WHERE id IN (old.customer_id, new.customer_id);
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN
  DELETE FROM customer_search WHERE rowid = old.customer_id;
  INSERT INTO customer_search (rowid, tokens) SELECT id, tokens FROM customer_search_text WHERE id = old.customer_id;
END;
CREATE TRIGGER delegation_search_insert AFTER INSERT ON delegation WHEN new.revoked_at IS NULL BEGIN
  DELETE FROM customer_search WHERE rowid = new.customer_id;
  INSERT INTO customer_search (rowid, tokens) SELECT id, tokens FROM customer_search_text WHERE id = new.customer_id;
END;
CREATE TRIGGER delegation_search_update AFTER UPDATE OF revoked_at, customer_id, to_id ON delegation
WHEN (old.revoked_at IS NULL) <> (new.revoked_at IS NULL) OR old.customer_id IS NOT new.customer_id
  OR old.to_id IS NOT new.to_id BEGIN
  DELETE FROM customer_search WHERE rowid IN (old.customer_id, new.customer_id);
  INSERT INTO customer_search (rowid, tokens)
  SELECT id, tokens FROM customer_search_text WHERE id IN (old.customer_id, new.customer_id);
END;
CREATE TRIGGER delegation_search_delete AFTER DELETE ON delegation WHEN old.revoked_at IS NULL BEGIN
  DELETE FROM customer_search WHERE rowid = old.customer_id;
  INSERT INTO customer_search (rowid, tokens) SELECT id, tokens FROM customer_search_text WHERE id = old.customer_id;
END;

-- 3. Indexes no query needs any more (the customers' part of a million-customer file: 854 MB).
--    customer_status_owner (0002) counted customers per status and 业务员: the counters of 0005
--    do that now, and staff.transfer reads customer_live_owner and customer_deleted. The
--    status-prefixed sort indexes (status, name / keyword / phone / 地区) served a sort under a
--    status filter: the plain sort indexes now carry status_id in their entries instead, so such a
--    page walks the plain index and tests status and 业务员 from the entry, never the row. Kept:
--    customer_live_status_created — the order of the 客户状态 column itself, and a status's
--    default (newest first) page.
DROP INDEX customer_status_owner;
DROP INDEX customer_live_status_name;
DROP INDEX customer_live_status_keyword;
DROP INDEX customer_live_status_phone;
DROP INDEX customer_live_status_region;
DROP INDEX customer_live_name;
CREATE INDEX customer_live_name ON customer (name, id, owner_id, status_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_keyword;
CREATE INDEX customer_live_keyword ON customer (keyword, id, owner_id, status_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_phone;
CREATE INDEX customer_live_phone ON customer (phone, id, owner_id, status_id) WHERE deleted_at IS NULL;
DROP INDEX customer_live_region;
CREATE INDEX customer_live_region ON customer (region, id, owner_id, status_id) WHERE deleted_at IS NULL;
