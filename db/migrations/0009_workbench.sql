-- 0009: 工作台 (待跟进, 年费到期/欠款, my numbers) and 统计 › 销售统计, read from indexes and from
-- two small tables kept by triggers, so that no list or chart counts rows in JavaScript or walks
-- a million customers (measured at 1,000,000 customers in BENCHMARKS.md).
--
-- 1. followup_due: one row per customer whose newest 维护记录 (by 时间, then id) has a 下次跟进 —
--    the follow-up that is still open. Writing a newer 维护记录 (e.g. '已跟进') closes it, or
--    replaces it by the new record's own 下次跟进. Kept by triggers on record (insert, update,
--    delete of 维护记录) and on customer (owner and soft delete), in the same transaction as the
--    write. 操作日志 lines never close a follow-up.
-- 2. status_change: one row per change of 客户状态 (from, to, the instant of the change), written by a
--    trigger on customer and back-filled from the 操作日志 lines '客户状态: A → B' already written.
-- 3. Covering indexes for the charts: purchases and payments by date, 维护记录 by time.

CREATE TABLE followup_due (
  customer_id INTEGER PRIMARY KEY,
  record_id   INTEGER NOT NULL,
  next_on     TEXT NOT NULL,
  owner_id    INTEGER NOT NULL,
  live        INTEGER NOT NULL CHECK (live IN (0, 1))   -- 0 while the customer is soft-deleted
);
CREATE INDEX followup_due_next ON followup_due (live, next_on, customer_id);
CREATE INDEX followup_due_owner ON followup_due (owner_id, live, next_on, customer_id);

INSERT INTO followup_due (customer_id, record_id, next_on, owner_id, live)
SELECT r.customer_id, r.id, r.next_on, c.owner_id, c.deleted_at IS NULL
FROM (SELECT id, customer_id, next_on,
             row_number() OVER (PARTITION BY customer_id ORDER BY at DESC, id DESC) AS k
      FROM record WHERE kind = 'followup') r
  JOIN customer c ON c.id = r.customer_id
WHERE r.k = 1 AND r.next_on IS NOT NULL;

CREATE TRIGGER followup_due_record_insert AFTER INSERT ON record WHEN new.kind = 'followup' BEGIN
  DELETE FROM followup_due WHERE customer_id = new.customer_id;
  INSERT INTO followup_due (customer_id, record_id, next_on, owner_id, live)
  SELECT r.customer_id, r.id, r.next_on, c.owner_id, c.deleted_at IS NULL
  FROM (SELECT id, customer_id, next_on FROM record WHERE customer_id = new.customer_id AND kind = 'followup'
        ORDER BY at DESC, id DESC LIMIT 1) r
    JOIN customer c ON c.id = r.customer_id
  WHERE r.next_on IS NOT NULL;
END;
CREATE TRIGGER followup_due_record_update AFTER UPDATE OF at, next_on, customer_id ON record
WHEN new.kind = 'followup' BEGIN
  DELETE FROM followup_due WHERE customer_id IN (old.customer_id, new.customer_id);
  INSERT INTO followup_due (customer_id, record_id, next_on, owner_id, live)
  SELECT r.customer_id, r.id, r.next_on, c.owner_id, c.deleted_at IS NULL
  FROM customer c
    JOIN record r ON r.id = (SELECT x.id FROM record x WHERE x.customer_id = c.id AND x.kind = 'followup'
                             ORDER BY x.at DESC, x.id DESC LIMIT 1)
  WHERE c.id IN (old.customer_id, new.customer_id) AND r.next_on IS NOT NULL;
END;
CREATE TRIGGER followup_due_record_delete AFTER DELETE ON record WHEN old.kind = 'followup' BEGIN
  DELETE FROM followup_due WHERE customer_id = old.customer_id;
  INSERT INTO followup_due (customer_id, record_id, next_on, owner_id, live)
  SELECT r.customer_id, r.id, r.next_on, c.owner_id, c.deleted_at IS NULL
  FROM (SELECT id, customer_id, next_on FROM record WHERE customer_id = old.customer_id AND kind = 'followup'
        ORDER BY at DESC, id DESC LIMIT 1) r
    JOIN customer c ON c.id = r.customer_id
  WHERE r.next_on IS NOT NULL;
END;
CREATE TRIGGER followup_due_customer AFTER UPDATE OF owner_id, deleted_at ON customer
WHEN old.owner_id IS NOT new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE followup_due SET owner_id = new.owner_id, live = new.deleted_at IS NULL WHERE customer_id = new.id;
END;

-- followup_day: the open follow-ups counted per (业务员, live, 下次跟进), kept by triggers on
-- followup_due, so the counts of 工作台 and of the login line (overdue, today, next 7 days) add a
-- few dozen rows instead of counting 100,000 follow-ups (the 1M seed has ~100,000 overdue).
CREATE TABLE followup_day (
  owner_id INTEGER NOT NULL,
  live     INTEGER NOT NULL,
  next_on  TEXT NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (owner_id, live, next_on)
) WITHOUT ROWID;
CREATE INDEX followup_day_next ON followup_day (live, next_on, n);
INSERT INTO followup_day (owner_id, live, next_on, n)
SELECT owner_id, live, next_on, count(*) FROM followup_due GROUP BY 1, 2, 3;
CREATE TRIGGER followup_day_insert AFTER INSERT ON followup_due BEGIN
  INSERT INTO followup_day (owner_id, live, next_on, n) VALUES (new.owner_id, new.live, new.next_on, 1)
  ON CONFLICT (owner_id, live, next_on) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER followup_day_delete AFTER DELETE ON followup_due BEGIN
  UPDATE followup_day SET n = n - 1 WHERE owner_id = old.owner_id AND live = old.live AND next_on = old.next_on;
END;
CREATE TRIGGER followup_day_update AFTER UPDATE OF owner_id, live, next_on ON followup_due BEGIN
  UPDATE followup_day SET n = n - 1 WHERE owner_id = old.owner_id AND live = old.live AND next_on = old.next_on;
  INSERT INTO followup_day (owner_id, live, next_on, n) VALUES (new.owner_id, new.live, new.next_on, 1)
  ON CONFLICT (owner_id, live, next_on) DO UPDATE SET n = n + 1;
END;

CREATE TABLE status_change (
  id             INTEGER PRIMARY KEY,
  customer_id    INTEGER NOT NULL,
  at             TEXT NOT NULL,       -- ISO instant (UTC) of the change
  from_status_id INTEGER,
  to_status_id   INTEGER NOT NULL
);
CREATE INDEX status_change_at ON status_change (at, to_status_id, customer_id);

INSERT INTO status_change (customer_id, at, from_status_id, to_status_id)
SELECT r.customer_id, r.at, f.id, t.id
FROM record r JOIN customer_status f JOIN customer_status t
WHERE r.kind = 'log' AND r.content LIKE '客户状态: %' AND r.content = '客户状态: ' || f.name || ' → ' || t.name
ORDER BY r.id;

CREATE TRIGGER status_change_customer AFTER UPDATE OF status_id ON customer
WHEN old.status_id IS NOT new.status_id BEGIN
  INSERT INTO status_change (customer_id, at, from_status_id, to_status_id)
  VALUES (new.id, coalesce(new.updated_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), old.status_id, new.status_id);
END;

-- customer_day: customers per (live, 创建日期, 业务员), kept by triggers like customer_count (0005):
-- new customers per month read ~20 rows a day (7,300 for a year) instead of ~120,000 customers.
CREATE TABLE customer_day (
  live       INTEGER NOT NULL,
  created_on TEXT NOT NULL,
  owner_id   INTEGER NOT NULL,
  n          INTEGER NOT NULL,
  PRIMARY KEY (live, created_on, owner_id)
) WITHOUT ROWID;
INSERT INTO customer_day (live, created_on, owner_id, n)
SELECT deleted_at IS NULL, created_on, owner_id, count(*) FROM customer GROUP BY 1, 2, 3;
CREATE TRIGGER customer_day_insert AFTER INSERT ON customer BEGIN
  INSERT INTO customer_day (live, created_on, owner_id, n) VALUES (new.deleted_at IS NULL, new.created_on, new.owner_id, 1)
  ON CONFLICT (live, created_on, owner_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customer_day_delete AFTER DELETE ON customer BEGIN
  UPDATE customer_day SET n = n - 1
  WHERE live = (old.deleted_at IS NULL) AND created_on = old.created_on AND owner_id = old.owner_id;
END;
CREATE TRIGGER customer_day_update AFTER UPDATE OF owner_id, created_on, deleted_at ON customer
WHEN old.owner_id IS NOT new.owner_id OR old.created_on IS NOT new.created_on
  OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE customer_day SET n = n - 1
  WHERE live = (old.deleted_at IS NULL) AND created_on = old.created_on AND owner_id = old.owner_id;
  INSERT INTO customer_day (live, created_on, owner_id, n) VALUES (new.deleted_at IS NULL, new.created_on, new.owner_id, 1)
  ON CONFLICT (live, created_on, owner_id) DO UPDATE SET n = n + 1;
END;
-- Sales (应付) per month, by 商品大类 and product: a date range of purchases without the table.
CREATE INDEX purchase_on ON purchase (purchased_on, customer_id, product_id, amount_due_cents, quantity);
-- Collections (收款) per month.
CREATE INDEX payment_on ON payment (paid_on, purchase_id, amount_cents);
-- Follow-up activity per week: 维护记录 by 时间 with their customer and 记录人.
-- kind is a column too, not only the condition: SQLite reads the columns a query names from the
-- index only when the index holds them (without it, 626,000 records in 12 weeks read their rows).
CREATE INDEX record_followup_at ON record (at, customer_id, author_id, kind) WHERE kind = 'followup';
