-- 0010: 欠款统计 at 500,000 purchases without grouping them on every call.
--
-- 1. customer_arrears: one row per customer with purchases in arrears (amount_paid_cents <
--    amount_due_cents) — their count, 应付, 已付, 欠款 and earliest 购买日期 — with the customer's
--    业务员 and whether it is live, kept by triggers on purchase (every insert, edit of the amounts,
--    date or customer, delete: the customer's row is recomputed from its purchases in arrears
--    through purchase_arrears) and on customer (transfer, delete, restore). The 欠款统计 without a
--    date range (its default) pages this table in 欠款合计 order from customer_arrears_order.
-- 2. arrears_count: the same per (业务员, live), kept by triggers on customer_arrears, so the
--    totals line (客户数, 笔数, 应付, 已付, 欠款) is a sum over a few rows.
-- Triggers rather than handler code, as for the counters of 0005: no writer can forget them.

CREATE TABLE customer_arrears (
  customer_id   INTEGER PRIMARY KEY,
  owner_id      INTEGER NOT NULL,
  live          INTEGER NOT NULL CHECK (live IN (0, 1)),
  purchases     INTEGER NOT NULL,
  due_cents     INTEGER NOT NULL,
  paid_cents    INTEGER NOT NULL,
  arrears_cents INTEGER NOT NULL,
  earliest_on   TEXT NOT NULL
);
CREATE INDEX customer_arrears_order ON customer_arrears (live, arrears_cents, customer_id, owner_id);

CREATE TABLE arrears_count (
  owner_id   INTEGER NOT NULL,
  live       INTEGER NOT NULL,
  customers  INTEGER NOT NULL,
  purchases  INTEGER NOT NULL,
  due_cents  INTEGER NOT NULL,
  paid_cents INTEGER NOT NULL,
  PRIMARY KEY (owner_id, live)
) WITHOUT ROWID;

INSERT INTO customer_arrears
SELECT p.customer_id, c.owner_id, c.deleted_at IS NULL, count(*), sum(p.amount_due_cents), sum(p.amount_paid_cents),
       sum(p.amount_due_cents - p.amount_paid_cents), min(p.purchased_on)
FROM purchase p JOIN customer c ON c.id = p.customer_id
WHERE p.amount_paid_cents < p.amount_due_cents
GROUP BY p.customer_id;

INSERT INTO arrears_count
SELECT owner_id, live, count(*), sum(purchases), sum(due_cents), sum(paid_cents) FROM customer_arrears GROUP BY 1, 2;

CREATE TRIGGER arrears_count_insert AFTER INSERT ON customer_arrears BEGIN
  INSERT INTO arrears_count (owner_id, live, customers, purchases, due_cents, paid_cents)
  VALUES (new.owner_id, new.live, 1, new.purchases, new.due_cents, new.paid_cents)
  ON CONFLICT (owner_id, live) DO UPDATE SET customers = customers + 1, purchases = purchases + new.purchases,
    due_cents = due_cents + new.due_cents, paid_cents = paid_cents + new.paid_cents;
END;
CREATE TRIGGER arrears_count_delete AFTER DELETE ON customer_arrears BEGIN
  UPDATE arrears_count SET customers = customers - 1, purchases = purchases - old.purchases,
    due_cents = due_cents - old.due_cents, paid_cents = paid_cents - old.paid_cents
  WHERE owner_id = old.owner_id AND live = old.live;
END;
CREATE TRIGGER arrears_count_update AFTER UPDATE ON customer_arrears BEGIN
  UPDATE arrears_count SET customers = customers - 1, purchases = purchases - old.purchases,
    due_cents = due_cents - old.due_cents, paid_cents = paid_cents - old.paid_cents
  WHERE owner_id = old.owner_id AND live = old.live;
  INSERT INTO arrears_count (owner_id, live, customers, purchases, due_cents, paid_cents)
  VALUES (new.owner_id, new.live, 1, new.purchases, new.due_cents, new.paid_cents)
  ON CONFLICT (owner_id, live) DO UPDATE SET customers = customers + 1, purchases = purchases + new.purchases,
    due_cents = due_cents + new.due_cents, paid_cents = paid_cents + new.paid_cents;
END;

CREATE TRIGGER purchase_arrears_insert AFTER INSERT ON purchase BEGIN
  DELETE FROM customer_arrears WHERE customer_id = new.customer_id;
  INSERT INTO customer_arrears
  SELECT p.customer_id, c.owner_id, c.deleted_at IS NULL, count(*), sum(p.amount_due_cents), sum(p.amount_paid_cents),
         sum(p.amount_due_cents - p.amount_paid_cents), min(p.purchased_on)
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.customer_id = new.customer_id AND p.amount_paid_cents < p.amount_due_cents
  GROUP BY p.customer_id;
END;
CREATE TRIGGER purchase_arrears_update
AFTER UPDATE OF customer_id, amount_due_cents, amount_paid_cents, purchased_on ON purchase BEGIN
  DELETE FROM customer_arrears WHERE customer_id IN (old.customer_id, new.customer_id);
  INSERT INTO customer_arrears
  SELECT p.customer_id, c.owner_id, c.deleted_at IS NULL, count(*), sum(p.amount_due_cents), sum(p.amount_paid_cents),
         sum(p.amount_due_cents - p.amount_paid_cents), min(p.purchased_on)
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.customer_id IN (old.customer_id, new.customer_id) AND p.amount_paid_cents < p.amount_due_cents
  GROUP BY p.customer_id;
END;
CREATE TRIGGER purchase_arrears_delete AFTER DELETE ON purchase BEGIN
  DELETE FROM customer_arrears WHERE customer_id = old.customer_id;
  INSERT INTO customer_arrears
  SELECT p.customer_id, c.owner_id, c.deleted_at IS NULL, count(*), sum(p.amount_due_cents), sum(p.amount_paid_cents),
         sum(p.amount_due_cents - p.amount_paid_cents), min(p.purchased_on)
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.customer_id = old.customer_id AND p.amount_paid_cents < p.amount_due_cents
  GROUP BY p.customer_id;
END;

CREATE TRIGGER customer_arrears_owner AFTER UPDATE OF owner_id, deleted_at ON customer
WHEN old.owner_id IS NOT new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE customer_arrears SET owner_id = new.owner_id, live = new.deleted_at IS NULL WHERE customer_id = new.id;
END;
CREATE TRIGGER customer_arrears_gone AFTER DELETE ON customer BEGIN
  DELETE FROM customer_arrears WHERE customer_id = old.id;
END;
