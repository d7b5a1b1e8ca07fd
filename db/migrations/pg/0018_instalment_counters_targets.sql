-- 0018: 回款计划's totals from counters, and 业绩目标 — PostgreSQL's half of
-- migrations/0018_instalment_counters_targets.sql (the same tables and rule; read its header).
-- As for the counters of the baseline, the triggers append each change to instalment_count_delta
-- and one deferred fold per transaction adds them into instalment_day and instalment_month at
-- COMMIT, so a transaction that moves thousands of instalments (a 业务员's customers transferred)
-- stays linear. This fold has its own queue (the baseline's counters_fold is not touched).

CREATE TABLE instalment_day (
  day               text NOT NULL,
  owner_id          bigint NOT NULL,
  n                 bigint NOT NULL DEFAULT 0,
  amount_cents      bigint NOT NULL DEFAULT 0,
  paid_cents        bigint NOT NULL DEFAULT 0,
  open_n            bigint NOT NULL DEFAULT 0,
  open_amount_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, owner_id)
);

CREATE TABLE instalment_month (
  month             text NOT NULL,
  owner_id          bigint NOT NULL,
  n                 bigint NOT NULL DEFAULT 0,
  amount_cents      bigint NOT NULL DEFAULT 0,
  paid_cents        bigint NOT NULL DEFAULT 0,
  open_n            bigint NOT NULL DEFAULT 0,
  open_amount_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (month, owner_id)
);
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

CREATE UNLOGGED TABLE instalment_count_delta (
  day               text NOT NULL,
  owner_id          bigint NOT NULL,
  n                 bigint NOT NULL,
  amount_cents      bigint NOT NULL,
  paid_cents        bigint NOT NULL,
  open_n            bigint NOT NULL,
  open_amount_cents bigint NOT NULL
);
CREATE UNLOGGED TABLE instalment_count_queue (queued bigint NOT NULL);

CREATE FUNCTION instalment_count_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Once per transaction (the setting is local to it, and undone with a savepoint rolled back).
  IF current_setting('kehu.instalment_count_pending', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('kehu.instalment_count_pending', 'on', true);
    INSERT INTO instalment_count_queue (queued) VALUES (1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER instalment_count_delta_pending AFTER INSERT ON instalment_count_delta
FOR EACH STATEMENT EXECUTE FUNCTION instalment_count_pending();

CREATE FUNCTION instalment_count_fold() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('kehu.instalment_count_pending', '', true);
  DELETE FROM instalment_count_queue;
  WITH d AS (DELETE FROM instalment_count_delta RETURNING *),
  days AS (
    INSERT INTO instalment_day (day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
    SELECT day, owner_id, sum(n), sum(amount_cents), sum(paid_cents), sum(open_n), sum(open_amount_cents)
    FROM d GROUP BY 1, 2
    ON CONFLICT (day, owner_id) DO UPDATE SET n = instalment_day.n + excluded.n,
      amount_cents = instalment_day.amount_cents + excluded.amount_cents,
      paid_cents = instalment_day.paid_cents + excluded.paid_cents, open_n = instalment_day.open_n + excluded.open_n,
      open_amount_cents = instalment_day.open_amount_cents + excluded.open_amount_cents
    RETURNING 1)
  INSERT INTO instalment_month (month, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT substr(day, 1, 7), owner_id, sum(n), sum(amount_cents), sum(paid_cents), sum(open_n), sum(open_amount_cents)
  FROM d GROUP BY 1, 2
  ON CONFLICT (month, owner_id) DO UPDATE SET n = instalment_month.n + excluded.n,
    amount_cents = instalment_month.amount_cents + excluded.amount_cents,
    paid_cents = instalment_month.paid_cents + excluded.paid_cents, open_n = instalment_month.open_n + excluded.open_n,
    open_amount_cents = instalment_month.open_amount_cents + excluded.open_amount_cents;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER instalment_count_fold AFTER INSERT ON instalment_count_queue
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION instalment_count_fold();

-- One instalment's part of the sums, with sign -1 (old values leave) or 1 (new ones enter),
-- under its customer's 业务员 if the customer is live.
CREATE FUNCTION instalment_count_add(sign bigint, p_day text, p_customer bigint, p_amount bigint, p_paid bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO instalment_count_delta (day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT p_day, coalesce(c.owner_id, 0), sign, sign * p_amount, sign * p_paid,
    sign * (CASE WHEN p_paid < p_amount THEN 1 ELSE 0 END),
    sign * (CASE WHEN p_paid < p_amount THEN p_amount ELSE 0 END)
  FROM customer c WHERE c.id = p_customer AND c.deleted_at IS NULL;
END $$;

CREATE FUNCTION trg_instalment_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM instalment_count_add(-1, old.due_on, old.customer_id, old.amount_cents, old.paid_cents);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM instalment_count_add(1, new.due_on, new.customer_id, new.amount_cents, new.paid_cents);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER instalment_count_insert AFTER INSERT ON instalment
FOR EACH ROW EXECUTE FUNCTION trg_instalment_count();
CREATE TRIGGER instalment_count_delete AFTER DELETE ON instalment
FOR EACH ROW EXECUTE FUNCTION trg_instalment_count();
CREATE TRIGGER instalment_count_update AFTER UPDATE OF due_on, amount_cents, paid_cents, customer_id ON instalment
FOR EACH ROW WHEN (old.due_on IS DISTINCT FROM new.due_on OR old.amount_cents IS DISTINCT FROM new.amount_cents
  OR old.paid_cents IS DISTINCT FROM new.paid_cents OR old.customer_id IS DISTINCT FROM new.customer_id)
EXECUTE FUNCTION trg_instalment_count();

CREATE FUNCTION trg_instalment_count_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO instalment_count_delta (day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT due_on, coalesce(old.owner_id, 0), -count(*), -sum(amount_cents), -sum(paid_cents),
    -sum(CASE WHEN paid_cents < amount_cents THEN 1 ELSE 0 END),
    -sum(CASE WHEN paid_cents < amount_cents THEN amount_cents ELSE 0 END)
  FROM instalment WHERE customer_id = old.id AND old.deleted_at IS NULL GROUP BY 1;
  INSERT INTO instalment_count_delta (day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents)
  SELECT due_on, coalesce(new.owner_id, 0), count(*), sum(amount_cents), sum(paid_cents),
    sum(CASE WHEN paid_cents < amount_cents THEN 1 ELSE 0 END),
    sum(CASE WHEN paid_cents < amount_cents THEN amount_cents ELSE 0 END)
  FROM instalment WHERE customer_id = new.id AND new.deleted_at IS NULL GROUP BY 1;
  RETURN NULL;
END $$;
CREATE TRIGGER instalment_count_customer AFTER UPDATE OF owner_id, deleted_at ON customer
FOR EACH ROW WHEN (old.owner_id IS DISTINCT FROM new.owner_id OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL))
EXECUTE FUNCTION trg_instalment_count_customer();

-- 2. 业绩目标.
CREATE TABLE sales_target (
  id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  staff_id        bigint REFERENCES staff (id),
  department_id   bigint REFERENCES department (id) ON DELETE CASCADE,
  year            bigint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  month           bigint NOT NULL CHECK (month BETWEEN 1 AND 12),
  sales_cents     bigint NOT NULL DEFAULT 0 CHECK (sales_cents >= 0),
  collected_cents bigint NOT NULL DEFAULT 0 CHECK (collected_cents >= 0),
  updated_at      text NOT NULL,
  updated_by      bigint REFERENCES staff (id),
  version         bigint NOT NULL DEFAULT 1,
  CHECK ((staff_id IS NULL) <> (department_id IS NULL))
);
CREATE UNIQUE INDEX sales_target_staff ON sales_target (staff_id, year, month) WHERE staff_id IS NOT NULL;
CREATE UNIQUE INDEX sales_target_department ON sales_target (department_id, year, month)
  WHERE department_id IS NOT NULL;
CREATE INDEX sales_target_year ON sales_target (year, month);

-- 3. The 操作日志 of changes that are not on a customer.
CREATE TABLE office_log (
  id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at        text NOT NULL,
  author_id bigint REFERENCES staff (id),
  area      text NOT NULL,
  content   text NOT NULL
);
CREATE INDEX office_log_area ON office_log (area, at, id);

CREATE FUNCTION trg_office_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = '操作日志不能修改', ERRCODE = 'P0001';
END $$;
CREATE FUNCTION trg_office_log_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = '操作日志不能删除', ERRCODE = 'P0001';
END $$;
CREATE TRIGGER office_log_no_update BEFORE UPDATE ON office_log
FOR EACH ROW EXECUTE FUNCTION trg_office_log_no_update();
CREATE TRIGGER office_log_no_delete BEFORE DELETE ON office_log
FOR EACH ROW EXECUTE FUNCTION trg_office_log_no_delete();
