-- 0011: 工作台 and 销售统计 from counters, at 1,000,000 customers (BENCHMARKS.md).
--
-- The charts and the 工作台 summary summed one index entry per purchase, payment or 维护记录 of
-- their range (60,000 purchases a year, 600,000 维护记录 in 12 weeks at 1M). These tables keep the
-- sums per (live, day or month, 业务员 …) instead, kept by triggers in the same statement — hence
-- the same transaction — as every write, like customer_count (0005), customer_day (0009) and
-- arrears_count (0010): a purchase added, edited or deleted, a payment, a 维护记录 added, edited or
-- deleted, a customer transferred (转移客户), deleted or restored. Triggers rather than handler
-- code, so that no writer (import, a repair script) can forget them.
--
-- `live` and `owner_id` are the customer's (deleted_at IS NULL, 业务员) now: a transfer, delete or
-- restore moves all of the customer's sums. Delegations are not counted: a salesperson's
-- delegated customers (own ∪ delegated) are added by the handlers from the base tables through
-- the per-customer indexes, so an expiry needs no update (as in db/visibility.ts).
--
-- 1. money_day: per (live, day, 业务员) the purchases (应付) by 购买日期 and the payments (收款)
--    by 收款日期 — sales and collections per month, this month's numbers.
-- 2. product_month: per (live, month, 业务员, product) the purchases, quantity and 应付 — sales
--    by 商品大类 and top products (a partial first or last month of a range is read from
--    purchase_on, or the month's counter less the days outside it, whichever is fewer days).
-- 3. arrears_day: per (live, 购买日期, 业务员) the purchases in arrears (已付 < 应付) and their
--    欠款 — the arrears ageing buckets are ranges of days.
-- 4. followup_activity: per (live, local day of 时间, 业务员, 记录人) the 维护记录 — follow-up
--    activity per week, this month's follow-ups. The day is the local calendar day of the
--    instant in this machine's time zone (date(at, 'localtime'), the day core/contract/dates.ts
--    gives); 记录人 0 stands for none (系统), as a key column cannot be NULL.

CREATE TABLE money_day (
  live            INTEGER NOT NULL CHECK (live IN (0, 1)),
  day             TEXT NOT NULL,
  owner_id        INTEGER NOT NULL,
  purchases       INTEGER NOT NULL DEFAULT 0,
  sales_cents     INTEGER NOT NULL DEFAULT 0,
  payments        INTEGER NOT NULL DEFAULT 0,
  collected_cents INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (live, day, owner_id)
) WITHOUT ROWID;

CREATE TABLE product_month (
  live       INTEGER NOT NULL CHECK (live IN (0, 1)),
  month      TEXT NOT NULL,
  owner_id   INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  purchases  INTEGER NOT NULL,
  quantity   INTEGER NOT NULL,
  cents      INTEGER NOT NULL,
  PRIMARY KEY (live, month, owner_id, product_id)
) WITHOUT ROWID;

CREATE TABLE arrears_day (
  live      INTEGER NOT NULL CHECK (live IN (0, 1)),
  day       TEXT NOT NULL,
  owner_id  INTEGER NOT NULL,
  purchases INTEGER NOT NULL,
  cents     INTEGER NOT NULL,
  PRIMARY KEY (live, day, owner_id)
) WITHOUT ROWID;
CREATE INDEX arrears_day_owner ON arrears_day (owner_id, live, day, purchases, cents);

CREATE TABLE followup_activity (
  live      INTEGER NOT NULL CHECK (live IN (0, 1)),
  day       TEXT NOT NULL,
  owner_id  INTEGER NOT NULL,
  author_id INTEGER NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY (live, day, owner_id, author_id)
) WITHOUT ROWID;

-- Back-fill from the rows found.
INSERT INTO money_day (live, day, owner_id, purchases, sales_cents)
SELECT c.deleted_at IS NULL, p.purchased_on, c.owner_id, count(*), sum(p.amount_due_cents)
FROM purchase p JOIN customer c ON c.id = p.customer_id
GROUP BY 1, 2, 3;
INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
SELECT c.deleted_at IS NULL, m.paid_on, c.owner_id, count(*), sum(m.amount_cents)
FROM payment m JOIN purchase p ON p.id = m.purchase_id JOIN customer c ON c.id = p.customer_id
WHERE true
GROUP BY 1, 2, 3
ON CONFLICT (live, day, owner_id) DO UPDATE SET payments = excluded.payments, collected_cents = excluded.collected_cents;

INSERT INTO product_month (live, month, owner_id, product_id, purchases, quantity, cents)
SELECT c.deleted_at IS NULL, substr(p.purchased_on, 1, 7), c.owner_id, p.product_id, count(*), sum(p.quantity),
       sum(p.amount_due_cents)
FROM purchase p JOIN customer c ON c.id = p.customer_id
GROUP BY 1, 2, 3, 4;

INSERT INTO arrears_day (live, day, owner_id, purchases, cents)
SELECT c.deleted_at IS NULL, p.purchased_on, c.owner_id, count(*), sum(p.amount_due_cents - p.amount_paid_cents)
FROM purchase p INDEXED BY purchase_arrears JOIN customer c ON c.id = p.customer_id
WHERE p.amount_paid_cents < p.amount_due_cents
GROUP BY 1, 2, 3;

INSERT INTO followup_activity (live, day, owner_id, author_id, n)
SELECT c.deleted_at IS NULL, r.day, c.owner_id, r.author_id, count(*)
FROM (SELECT customer_id, date(at, 'localtime') AS day, coalesce(author_id, 0) AS author_id
      FROM record INDEXED BY record_followup_at WHERE kind = 'followup') r
  JOIN customer c ON c.id = r.customer_id
GROUP BY 1, 2, 3, 4;

-- Purchases: money_day (应付), product_month, arrears_day. (The 工作台's 年费到期 reads the sums
-- 0012 keeps for 年费催缴.) Each counter is moved only
-- when a column it sums changes (a payment changes 已付: arrears only).
CREATE TRIGGER stats_purchase_insert AFTER INSERT ON purchase BEGIN
  INSERT INTO money_day (live, day, owner_id, purchases, sales_cents)
  SELECT c.deleted_at IS NULL, new.purchased_on, c.owner_id, 1, new.amount_due_cents FROM customer c
  WHERE c.id = new.customer_id
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, sales_cents = sales_cents + excluded.sales_cents;
  INSERT INTO product_month (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT c.deleted_at IS NULL, substr(new.purchased_on, 1, 7), c.owner_id, new.product_id, 1, new.quantity,
         new.amount_due_cents FROM customer c
  WHERE c.id = new.customer_id
  ON CONFLICT (live, month, owner_id, product_id) DO UPDATE SET purchases = purchases + excluded.purchases,
    quantity = quantity + excluded.quantity, cents = cents + excluded.cents;
  INSERT INTO arrears_day (live, day, owner_id, purchases, cents)
  SELECT c.deleted_at IS NULL, new.purchased_on, c.owner_id, 1, new.amount_due_cents - new.amount_paid_cents
  FROM customer c
  WHERE c.id = new.customer_id AND new.amount_paid_cents < new.amount_due_cents
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

CREATE TRIGGER stats_purchase_delete AFTER DELETE ON purchase BEGIN
  INSERT INTO money_day (live, day, owner_id, purchases, sales_cents)
  SELECT c.deleted_at IS NULL, old.purchased_on, c.owner_id, -1, -old.amount_due_cents FROM customer c
  WHERE c.id = old.customer_id
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, sales_cents = sales_cents + excluded.sales_cents;
  INSERT INTO product_month (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT c.deleted_at IS NULL, substr(old.purchased_on, 1, 7), c.owner_id, old.product_id, -1, -old.quantity,
         -old.amount_due_cents FROM customer c
  WHERE c.id = old.customer_id
  ON CONFLICT (live, month, owner_id, product_id) DO UPDATE SET purchases = purchases + excluded.purchases,
    quantity = quantity + excluded.quantity, cents = cents + excluded.cents;
  INSERT INTO arrears_day (live, day, owner_id, purchases, cents)
  SELECT c.deleted_at IS NULL, old.purchased_on, c.owner_id, -1, old.amount_paid_cents - old.amount_due_cents
  FROM customer c
  WHERE c.id = old.customer_id AND old.amount_paid_cents < old.amount_due_cents
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

CREATE TRIGGER stats_purchase_money AFTER UPDATE OF customer_id, purchased_on, amount_due_cents ON purchase
WHEN old.customer_id IS NOT new.customer_id OR old.purchased_on IS NOT new.purchased_on
  OR old.amount_due_cents IS NOT new.amount_due_cents BEGIN
  INSERT INTO money_day (live, day, owner_id, purchases, sales_cents)
  SELECT c.deleted_at IS NULL, old.purchased_on, c.owner_id, -1, -old.amount_due_cents FROM customer c
  WHERE c.id = old.customer_id
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, sales_cents = sales_cents + excluded.sales_cents;
  INSERT INTO money_day (live, day, owner_id, purchases, sales_cents)
  SELECT c.deleted_at IS NULL, new.purchased_on, c.owner_id, 1, new.amount_due_cents FROM customer c
  WHERE c.id = new.customer_id
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, sales_cents = sales_cents + excluded.sales_cents;
END;

-- A purchase moved to another customer takes its payments (收款) with it.
CREATE TRIGGER stats_purchase_payments AFTER UPDATE OF customer_id ON purchase
WHEN old.customer_id IS NOT new.customer_id BEGIN
  INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
  SELECT c.deleted_at IS NULL, m.paid_on, c.owner_id, -count(*), -sum(m.amount_cents)
  FROM payment m JOIN customer c ON c.id = old.customer_id
  WHERE m.purchase_id = new.id
  GROUP BY m.paid_on
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET payments = payments + excluded.payments, collected_cents = collected_cents + excluded.collected_cents;
  INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
  SELECT c.deleted_at IS NULL, m.paid_on, c.owner_id, count(*), sum(m.amount_cents)
  FROM payment m JOIN customer c ON c.id = new.customer_id
  WHERE m.purchase_id = new.id
  GROUP BY m.paid_on
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET payments = payments + excluded.payments, collected_cents = collected_cents + excluded.collected_cents;
END;

CREATE TRIGGER stats_purchase_product
AFTER UPDATE OF customer_id, purchased_on, product_id, quantity, amount_due_cents ON purchase
WHEN old.customer_id IS NOT new.customer_id OR substr(old.purchased_on, 1, 7) IS NOT substr(new.purchased_on, 1, 7)
  OR old.product_id IS NOT new.product_id OR old.quantity IS NOT new.quantity
  OR old.amount_due_cents IS NOT new.amount_due_cents BEGIN
  INSERT INTO product_month (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT c.deleted_at IS NULL, substr(old.purchased_on, 1, 7), c.owner_id, old.product_id, -1, -old.quantity,
         -old.amount_due_cents FROM customer c
  WHERE c.id = old.customer_id
  ON CONFLICT (live, month, owner_id, product_id) DO UPDATE SET purchases = purchases + excluded.purchases,
    quantity = quantity + excluded.quantity, cents = cents + excluded.cents;
  INSERT INTO product_month (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT c.deleted_at IS NULL, substr(new.purchased_on, 1, 7), c.owner_id, new.product_id, 1, new.quantity,
         new.amount_due_cents FROM customer c
  WHERE c.id = new.customer_id
  ON CONFLICT (live, month, owner_id, product_id) DO UPDATE SET purchases = purchases + excluded.purchases,
    quantity = quantity + excluded.quantity, cents = cents + excluded.cents;
END;

CREATE TRIGGER stats_purchase_arrears
AFTER UPDATE OF customer_id, purchased_on, amount_due_cents, amount_paid_cents ON purchase
WHEN old.customer_id IS NOT new.customer_id OR old.purchased_on IS NOT new.purchased_on
  OR old.amount_due_cents IS NOT new.amount_due_cents OR old.amount_paid_cents IS NOT new.amount_paid_cents BEGIN
  INSERT INTO arrears_day (live, day, owner_id, purchases, cents)
  SELECT c.deleted_at IS NULL, old.purchased_on, c.owner_id, -1, old.amount_paid_cents - old.amount_due_cents
  FROM customer c
  WHERE c.id = old.customer_id AND old.amount_paid_cents < old.amount_due_cents
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
  INSERT INTO arrears_day (live, day, owner_id, purchases, cents)
  SELECT c.deleted_at IS NULL, new.purchased_on, c.owner_id, 1, new.amount_due_cents - new.amount_paid_cents
  FROM customer c
  WHERE c.id = new.customer_id AND new.amount_paid_cents < new.amount_due_cents
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
END;

-- Payments: money_day (收款), under the customer of their purchase.
CREATE TRIGGER stats_payment_insert AFTER INSERT ON payment BEGIN
  INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
  SELECT c.deleted_at IS NULL, new.paid_on, c.owner_id, 1, new.amount_cents
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.id = new.purchase_id
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET payments = payments + excluded.payments, collected_cents = collected_cents + excluded.collected_cents;
END;
CREATE TRIGGER stats_payment_delete AFTER DELETE ON payment BEGIN
  INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
  SELECT c.deleted_at IS NULL, old.paid_on, c.owner_id, -1, -old.amount_cents
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.id = old.purchase_id
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET payments = payments + excluded.payments, collected_cents = collected_cents + excluded.collected_cents;
END;
CREATE TRIGGER stats_payment_update AFTER UPDATE OF purchase_id, amount_cents, paid_on ON payment
WHEN old.purchase_id IS NOT new.purchase_id OR old.amount_cents IS NOT new.amount_cents
  OR old.paid_on IS NOT new.paid_on BEGIN
  INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
  SELECT c.deleted_at IS NULL, old.paid_on, c.owner_id, -1, -old.amount_cents
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.id = old.purchase_id
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET payments = payments + excluded.payments, collected_cents = collected_cents + excluded.collected_cents;
  INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
  SELECT c.deleted_at IS NULL, new.paid_on, c.owner_id, 1, new.amount_cents
  FROM purchase p JOIN customer c ON c.id = p.customer_id
  WHERE p.id = new.purchase_id
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET payments = payments + excluded.payments, collected_cents = collected_cents + excluded.collected_cents;
END;

-- 维护记录: followup_activity. (A record's kind cannot change once written — 0006 — but the
-- update trigger handles it anyway.)
CREATE TRIGGER stats_record_insert AFTER INSERT ON record WHEN new.kind = 'followup' BEGIN
  INSERT INTO followup_activity (live, day, owner_id, author_id, n)
  SELECT c.deleted_at IS NULL, date(new.at, 'localtime'), c.owner_id, coalesce(new.author_id, 0), 1 FROM customer c
  WHERE c.id = new.customer_id
  ON CONFLICT (live, day, owner_id, author_id) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER stats_record_delete AFTER DELETE ON record WHEN old.kind = 'followup' BEGIN
  INSERT INTO followup_activity (live, day, owner_id, author_id, n)
  SELECT c.deleted_at IS NULL, date(old.at, 'localtime'), c.owner_id, coalesce(old.author_id, 0), -1 FROM customer c
  WHERE c.id = old.customer_id
  ON CONFLICT (live, day, owner_id, author_id) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER stats_record_update AFTER UPDATE OF kind, at, customer_id, author_id ON record
WHEN (old.kind = 'followup' OR new.kind = 'followup') AND (old.kind IS NOT new.kind OR old.at IS NOT new.at
  OR old.customer_id IS NOT new.customer_id OR old.author_id IS NOT new.author_id) BEGIN
  INSERT INTO followup_activity (live, day, owner_id, author_id, n)
  SELECT c.deleted_at IS NULL, date(old.at, 'localtime'), c.owner_id, coalesce(old.author_id, 0), -1 FROM customer c
  WHERE c.id = old.customer_id AND old.kind = 'followup'
  ON CONFLICT (live, day, owner_id, author_id) DO UPDATE SET n = n + excluded.n;
  INSERT INTO followup_activity (live, day, owner_id, author_id, n)
  SELECT c.deleted_at IS NULL, date(new.at, 'localtime'), c.owner_id, coalesce(new.author_id, 0), 1 FROM customer c
  WHERE c.id = new.customer_id AND new.kind = 'followup'
  ON CONFLICT (live, day, owner_id, author_id) DO UPDATE SET n = n + excluded.n;
END;

-- A customer transferred (业务员), deleted or restored: every sum of its rows moves from the old
-- (live, 业务员) to the new one — a few grouped rows per customer, through its own indexes.
CREATE TRIGGER stats_customer_move AFTER UPDATE OF owner_id, deleted_at ON customer
WHEN old.owner_id IS NOT new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  INSERT INTO money_day (live, day, owner_id, purchases, sales_cents)
  SELECT old.deleted_at IS NULL, p.purchased_on, old.owner_id, -count(*), -sum(p.amount_due_cents)
  FROM purchase p WHERE p.customer_id = new.id GROUP BY p.purchased_on
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, sales_cents = sales_cents + excluded.sales_cents;
  INSERT INTO money_day (live, day, owner_id, purchases, sales_cents)
  SELECT new.deleted_at IS NULL, p.purchased_on, new.owner_id, count(*), sum(p.amount_due_cents)
  FROM purchase p WHERE p.customer_id = new.id GROUP BY p.purchased_on
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, sales_cents = sales_cents + excluded.sales_cents;

  INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
  SELECT old.deleted_at IS NULL, m.paid_on, old.owner_id, -count(*), -sum(m.amount_cents)
  FROM purchase p JOIN payment m ON m.purchase_id = p.id WHERE p.customer_id = new.id GROUP BY m.paid_on
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET payments = payments + excluded.payments, collected_cents = collected_cents + excluded.collected_cents;
  INSERT INTO money_day (live, day, owner_id, payments, collected_cents)
  SELECT new.deleted_at IS NULL, m.paid_on, new.owner_id, count(*), sum(m.amount_cents)
  FROM purchase p JOIN payment m ON m.purchase_id = p.id WHERE p.customer_id = new.id GROUP BY m.paid_on
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET payments = payments + excluded.payments, collected_cents = collected_cents + excluded.collected_cents;

  INSERT INTO product_month (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT old.deleted_at IS NULL, substr(p.purchased_on, 1, 7), old.owner_id, p.product_id, -count(*),
         -sum(p.quantity), -sum(p.amount_due_cents)
  FROM purchase p WHERE p.customer_id = new.id GROUP BY 2, 4
  ON CONFLICT (live, month, owner_id, product_id) DO UPDATE SET purchases = purchases + excluded.purchases,
    quantity = quantity + excluded.quantity, cents = cents + excluded.cents;
  INSERT INTO product_month (live, month, owner_id, product_id, purchases, quantity, cents)
  SELECT new.deleted_at IS NULL, substr(p.purchased_on, 1, 7), new.owner_id, p.product_id, count(*),
         sum(p.quantity), sum(p.amount_due_cents)
  FROM purchase p WHERE p.customer_id = new.id GROUP BY 2, 4
  ON CONFLICT (live, month, owner_id, product_id) DO UPDATE SET purchases = purchases + excluded.purchases,
    quantity = quantity + excluded.quantity, cents = cents + excluded.cents;

  INSERT INTO arrears_day (live, day, owner_id, purchases, cents)
  SELECT old.deleted_at IS NULL, p.purchased_on, old.owner_id, -count(*),
         -sum(p.amount_due_cents - p.amount_paid_cents)
  FROM purchase p WHERE p.customer_id = new.id AND p.amount_paid_cents < p.amount_due_cents GROUP BY p.purchased_on
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;
  INSERT INTO arrears_day (live, day, owner_id, purchases, cents)
  SELECT new.deleted_at IS NULL, p.purchased_on, new.owner_id, count(*), sum(p.amount_due_cents - p.amount_paid_cents)
  FROM purchase p WHERE p.customer_id = new.id AND p.amount_paid_cents < p.amount_due_cents GROUP BY p.purchased_on
  ON CONFLICT (live, day, owner_id) DO UPDATE
    SET purchases = purchases + excluded.purchases, cents = cents + excluded.cents;

  INSERT INTO followup_activity (live, day, owner_id, author_id, n)
  SELECT old.deleted_at IS NULL, date(r.at, 'localtime'), old.owner_id, coalesce(r.author_id, 0), -count(*)
  FROM record r WHERE r.customer_id = new.id AND r.kind = 'followup' GROUP BY 2, 4
  ON CONFLICT (live, day, owner_id, author_id) DO UPDATE SET n = n + excluded.n;
  INSERT INTO followup_activity (live, day, owner_id, author_id, n)
  SELECT new.deleted_at IS NULL, date(r.at, 'localtime'), new.owner_id, coalesce(r.author_id, 0), count(*)
  FROM record r WHERE r.customer_id = new.id AND r.kind = 'followup' GROUP BY 2, 4
  ON CONFLICT (live, day, owner_id, author_id) DO UPDATE SET n = n + excluded.n;
END;
