-- 0018: 回款计划's totals from counters, and 业绩目标 (issue 22, part 2).
--
-- 1. instalment_day / instalment_month: per (计划回款日期 or its month, 业务员 of the customer) the
--    instalments of live customers — n, 计划金额 (amount_cents), 已回款 (paid_cents), and of the
--    open ones (已回款 < 计划金额) their count (open_n) and 计划金额 (open_amount_cents). What is
--    still open is amount_cents - paid_cents (已回款 never exceeds 计划金额: 0015's rule).
--    "Overdue" and "due this week" depend on today, so nothing here says overdue: a range of days
--    is the whole months inside it from instalment_month plus the days of the partial months at
--    its ends from instalment_day (db/instalments/counters.ts) — a few hundred small rows,
--    whatever the number of instalments. Tab 9's 回款计划 totals, 工作台's card and 销售统计's
--    planned against collected read them. 业务员 0 stands for a customer without one.
--    Kept by triggers on instalment (insert, delete — a purchase's delete cascades —, edit of 计划
--    回款日期, 计划金额, 已回款 or the customer) and on customer (transfer, soft delete, restore),
--    in the same transaction as the write. Rows whose count fell to 0 stay (harmless, reused).
--    Delegations need nothing here: a salesperson's delegated customers are added by the query
--    from instalment_customer_open (0015), as 年费催缴's totals do (0012).
-- 2. sales_target: 业绩目标 per (year, month) of one 业务员 (staff_id) or of one 部门
--    (department_id: its own target; without one a 部门's target is the sum of its members'), for
--    销售额 (sales_cents) and 回款额 (collected_cents), in cents. Written only by targets.save.
-- 3. office_log: the 操作日志 of changes that are not on a customer (业绩目标): who, when, what;
--    rows are never edited or deleted (triggers refuse it, as for a customer's 操作日志).

CREATE TABLE instalment_day (
  day               TEXT NOT NULL,
  owner_id          INTEGER NOT NULL,
  n                 INTEGER NOT NULL DEFAULT 0,
  amount_cents      INTEGER NOT NULL DEFAULT 0,
  paid_cents        INTEGER NOT NULL DEFAULT 0,
  open_n            INTEGER NOT NULL DEFAULT 0,
  open_amount_cents INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, owner_id)
) WITHOUT ROWID;

CREATE TABLE instalment_month (
  month             TEXT NOT NULL,
  owner_id          INTEGER NOT NULL,
  n                 INTEGER NOT NULL DEFAULT 0,
  amount_cents      INTEGER NOT NULL DEFAULT 0,
  paid_cents        INTEGER NOT NULL DEFAULT 0,
  open_n            INTEGER NOT NULL DEFAULT 0,
  open_amount_cents INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, owner_id)
) WITHOUT ROWID;
CREATE INDEX instalment_day_owner ON instalment_day (owner_id, day);
CREATE INDEX instalment_month_owner ON instalment_month (owner_id, month);

INSERT INTO instalment_day (day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
SELECT i.due_on, coalesce(c.owner_id, 0), count(*), sum(i.amount_cents), sum(i.paid_cents),
  sum(CASE WHEN i.paid_cents < i.amount_cents THEN 1 ELSE 0 END),
  sum(CASE WHEN i.paid_cents < i.amount_cents THEN i.amount_cents ELSE 0 END)
FROM instalment i JOIN customer c ON c.id = i.customer_id
WHERE c.deleted_at IS NULL
GROUP BY 1, 2;

INSERT INTO instalment_month (month, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
SELECT substr(day, 1, 7), owner_id, sum(n), sum(amount_cents), sum(paid_cents), sum(open_n), sum(open_amount_cents)
FROM instalment_day GROUP BY 1, 2;

-- An instalment enters the sums (its customer live).
CREATE TRIGGER instalment_count_insert AFTER INSERT ON instalment BEGIN
  INSERT INTO instalment_day (day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT new.due_on, coalesce(c.owner_id, 0), 1, new.amount_cents, new.paid_cents,
    CASE WHEN new.paid_cents < new.amount_cents THEN 1 ELSE 0 END,
    CASE WHEN new.paid_cents < new.amount_cents THEN new.amount_cents ELSE 0 END
  FROM customer c WHERE c.id = new.customer_id AND c.deleted_at IS NULL
  ON CONFLICT (day, owner_id) DO UPDATE SET n = n + excluded.n, amount_cents = amount_cents + excluded.amount_cents,
    paid_cents = paid_cents + excluded.paid_cents, open_n = open_n + excluded.open_n,
    open_amount_cents = open_amount_cents + excluded.open_amount_cents;
  INSERT INTO instalment_month (month, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT substr(new.due_on, 1, 7), coalesce(c.owner_id, 0), 1, new.amount_cents, new.paid_cents,
    CASE WHEN new.paid_cents < new.amount_cents THEN 1 ELSE 0 END,
    CASE WHEN new.paid_cents < new.amount_cents THEN new.amount_cents ELSE 0 END
  FROM customer c WHERE c.id = new.customer_id AND c.deleted_at IS NULL
  ON CONFLICT (month, owner_id) DO UPDATE SET n = n + excluded.n, amount_cents = amount_cents + excluded.amount_cents,
    paid_cents = paid_cents + excluded.paid_cents, open_n = open_n + excluded.open_n,
    open_amount_cents = open_amount_cents + excluded.open_amount_cents;
END;

-- An instalment leaves the sums (deleted, or its purchase deleted).
CREATE TRIGGER instalment_count_delete AFTER DELETE ON instalment BEGIN
  UPDATE instalment_day SET n = n - 1, amount_cents = amount_cents - old.amount_cents,
    paid_cents = paid_cents - old.paid_cents,
    open_n = open_n - (CASE WHEN old.paid_cents < old.amount_cents THEN 1 ELSE 0 END),
    open_amount_cents = open_amount_cents - (CASE WHEN old.paid_cents < old.amount_cents THEN old.amount_cents ELSE 0 END)
  WHERE day = old.due_on
    AND owner_id = (SELECT coalesce(c.owner_id, 0) FROM customer c WHERE c.id = old.customer_id AND c.deleted_at IS NULL);
  UPDATE instalment_month SET n = n - 1, amount_cents = amount_cents - old.amount_cents,
    paid_cents = paid_cents - old.paid_cents,
    open_n = open_n - (CASE WHEN old.paid_cents < old.amount_cents THEN 1 ELSE 0 END),
    open_amount_cents = open_amount_cents - (CASE WHEN old.paid_cents < old.amount_cents THEN old.amount_cents ELSE 0 END)
  WHERE month = substr(old.due_on, 1, 7)
    AND owner_id = (SELECT coalesce(c.owner_id, 0) FROM customer c WHERE c.id = old.customer_id AND c.deleted_at IS NULL);
END;

-- An edit (计划回款日期, 计划金额, 已回款 recomputed by 0015's triggers, the customer): the old values
-- leave, the new ones enter.
CREATE TRIGGER instalment_count_update AFTER UPDATE OF due_on, amount_cents, paid_cents, customer_id ON instalment
WHEN old.due_on IS NOT new.due_on OR old.amount_cents IS NOT new.amount_cents
  OR old.paid_cents IS NOT new.paid_cents OR old.customer_id IS NOT new.customer_id BEGIN
  UPDATE instalment_day SET n = n - 1, amount_cents = amount_cents - old.amount_cents,
    paid_cents = paid_cents - old.paid_cents,
    open_n = open_n - (CASE WHEN old.paid_cents < old.amount_cents THEN 1 ELSE 0 END),
    open_amount_cents = open_amount_cents - (CASE WHEN old.paid_cents < old.amount_cents THEN old.amount_cents ELSE 0 END)
  WHERE day = old.due_on
    AND owner_id = (SELECT coalesce(c.owner_id, 0) FROM customer c WHERE c.id = old.customer_id AND c.deleted_at IS NULL);
  UPDATE instalment_month SET n = n - 1, amount_cents = amount_cents - old.amount_cents,
    paid_cents = paid_cents - old.paid_cents,
    open_n = open_n - (CASE WHEN old.paid_cents < old.amount_cents THEN 1 ELSE 0 END),
    open_amount_cents = open_amount_cents - (CASE WHEN old.paid_cents < old.amount_cents THEN old.amount_cents ELSE 0 END)
  WHERE month = substr(old.due_on, 1, 7)
    AND owner_id = (SELECT coalesce(c.owner_id, 0) FROM customer c WHERE c.id = old.customer_id AND c.deleted_at IS NULL);
  INSERT INTO instalment_day (day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT new.due_on, coalesce(c.owner_id, 0), 1, new.amount_cents, new.paid_cents,
    CASE WHEN new.paid_cents < new.amount_cents THEN 1 ELSE 0 END,
    CASE WHEN new.paid_cents < new.amount_cents THEN new.amount_cents ELSE 0 END
  FROM customer c WHERE c.id = new.customer_id AND c.deleted_at IS NULL
  ON CONFLICT (day, owner_id) DO UPDATE SET n = n + excluded.n, amount_cents = amount_cents + excluded.amount_cents,
    paid_cents = paid_cents + excluded.paid_cents, open_n = open_n + excluded.open_n,
    open_amount_cents = open_amount_cents + excluded.open_amount_cents;
  INSERT INTO instalment_month (month, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT substr(new.due_on, 1, 7), coalesce(c.owner_id, 0), 1, new.amount_cents, new.paid_cents,
    CASE WHEN new.paid_cents < new.amount_cents THEN 1 ELSE 0 END,
    CASE WHEN new.paid_cents < new.amount_cents THEN new.amount_cents ELSE 0 END
  FROM customer c WHERE c.id = new.customer_id AND c.deleted_at IS NULL
  ON CONFLICT (month, owner_id) DO UPDATE SET n = n + excluded.n, amount_cents = amount_cents + excluded.amount_cents,
    paid_cents = paid_cents + excluded.paid_cents, open_n = open_n + excluded.open_n,
    open_amount_cents = open_amount_cents + excluded.open_amount_cents;
END;

-- Transfer (转移), soft delete and restore: the customer's instalments move between 业务员, or
-- leave / re-enter the sums.
CREATE TRIGGER instalment_count_customer AFTER UPDATE OF owner_id, deleted_at ON customer
WHEN old.owner_id IS NOT new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE instalment_day SET n = instalment_day.n - x.n, amount_cents = instalment_day.amount_cents - x.amount,
    paid_cents = instalment_day.paid_cents - x.paid, open_n = instalment_day.open_n - x.open_n,
    open_amount_cents = instalment_day.open_amount_cents - x.open_amount
  FROM (SELECT due_on AS day, count(*) AS n, sum(amount_cents) AS amount, sum(paid_cents) AS paid,
          sum(CASE WHEN paid_cents < amount_cents THEN 1 ELSE 0 END) AS open_n,
          sum(CASE WHEN paid_cents < amount_cents THEN amount_cents ELSE 0 END) AS open_amount
        FROM instalment WHERE customer_id = old.id GROUP BY 1) AS x
  WHERE old.deleted_at IS NULL AND instalment_day.day = x.day AND instalment_day.owner_id = coalesce(old.owner_id, 0);
  UPDATE instalment_month SET n = instalment_month.n - x.n, amount_cents = instalment_month.amount_cents - x.amount,
    paid_cents = instalment_month.paid_cents - x.paid, open_n = instalment_month.open_n - x.open_n,
    open_amount_cents = instalment_month.open_amount_cents - x.open_amount
  FROM (SELECT substr(due_on, 1, 7) AS month, count(*) AS n, sum(amount_cents) AS amount, sum(paid_cents) AS paid,
          sum(CASE WHEN paid_cents < amount_cents THEN 1 ELSE 0 END) AS open_n,
          sum(CASE WHEN paid_cents < amount_cents THEN amount_cents ELSE 0 END) AS open_amount
        FROM instalment WHERE customer_id = old.id GROUP BY 1) AS x
  WHERE old.deleted_at IS NULL AND instalment_month.month = x.month
    AND instalment_month.owner_id = coalesce(old.owner_id, 0);
  INSERT INTO instalment_day (day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT due_on, coalesce(new.owner_id, 0), count(*), sum(amount_cents), sum(paid_cents),
    sum(CASE WHEN paid_cents < amount_cents THEN 1 ELSE 0 END),
    sum(CASE WHEN paid_cents < amount_cents THEN amount_cents ELSE 0 END)
  FROM instalment WHERE customer_id = new.id AND new.deleted_at IS NULL GROUP BY 1
  ON CONFLICT (day, owner_id) DO UPDATE SET n = n + excluded.n, amount_cents = amount_cents + excluded.amount_cents,
    paid_cents = paid_cents + excluded.paid_cents, open_n = open_n + excluded.open_n,
    open_amount_cents = open_amount_cents + excluded.open_amount_cents;
  INSERT INTO instalment_month (month, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT substr(due_on, 1, 7), coalesce(new.owner_id, 0), count(*), sum(amount_cents), sum(paid_cents),
    sum(CASE WHEN paid_cents < amount_cents THEN 1 ELSE 0 END),
    sum(CASE WHEN paid_cents < amount_cents THEN amount_cents ELSE 0 END)
  FROM instalment WHERE customer_id = new.id AND new.deleted_at IS NULL GROUP BY 1
  ON CONFLICT (month, owner_id) DO UPDATE SET n = n + excluded.n, amount_cents = amount_cents + excluded.amount_cents,
    paid_cents = paid_cents + excluded.paid_cents, open_n = open_n + excluded.open_n,
    open_amount_cents = open_amount_cents + excluded.open_amount_cents;
END;

-- 0015's recompute after an instalment is deleted, now only while its purchase exists: when a
-- purchase (without 收款) is deleted its plan goes by cascade, and recomputing the siblings of each
-- deleted instalment read the purchase's 已付 as NULL (the delete failed on NOT NULL).
DROP TRIGGER instalment_paid_delete;
CREATE TRIGGER instalment_paid_delete AFTER DELETE ON instalment
WHEN EXISTS (SELECT 1 FROM purchase p WHERE p.id = old.purchase_id) BEGIN
  UPDATE instalment SET paid_cents = (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = instalment.id)
  WHERE purchase_id = old.purchase_id;
END;

-- 2. 业绩目标.
CREATE TABLE sales_target (
  id              INTEGER PRIMARY KEY,
  staff_id        INTEGER REFERENCES staff (id),
  department_id   INTEGER REFERENCES department (id) ON DELETE CASCADE,
  year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  month           INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  sales_cents     INTEGER NOT NULL DEFAULT 0 CHECK (sales_cents >= 0),
  collected_cents INTEGER NOT NULL DEFAULT 0 CHECK (collected_cents >= 0),
  updated_at      TEXT NOT NULL,
  updated_by      INTEGER REFERENCES staff (id),
  version         INTEGER NOT NULL DEFAULT 1,
  CHECK ((staff_id IS NULL) <> (department_id IS NULL))
);
CREATE UNIQUE INDEX sales_target_staff ON sales_target (staff_id, year, month) WHERE staff_id IS NOT NULL;
CREATE UNIQUE INDEX sales_target_department ON sales_target (department_id, year, month)
  WHERE department_id IS NOT NULL;
CREATE INDEX sales_target_year ON sales_target (year, month);

-- 3. The 操作日志 of changes that are not on a customer.
CREATE TABLE office_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  author_id INTEGER REFERENCES staff (id),
  area      TEXT NOT NULL,
  content   TEXT NOT NULL
);
CREATE INDEX office_log_area ON office_log (area, at, id);

CREATE TRIGGER office_log_no_update BEFORE UPDATE ON office_log BEGIN
  SELECT RAISE(ABORT, '操作日志不能修改');
END;
CREATE TRIGGER office_log_no_delete BEFORE DELETE ON office_log BEGIN
  SELECT RAISE(ABORT, '操作日志不能删除');
END;
