-- 0015: 回款计划 (instalment plans) on purchases (issue 22, part 1).
--
-- instalment: one row per 期次 of a purchase's plan — 期次 (seq), 计划回款日期 (due_on), 计划金额
-- (amount_cents, integer cents like every money column), 提前提醒天数 (remind_days), 备注 — with
-- the purchase's customer (customer_id, for visibility: the same rule as every customer's rows).
-- A plan adds up to the purchase's 应付金额 (checked by the handler, core/contract/instalments.ts).
--
-- 已回款 per instalment (paid_cents) is never written by the app: the triggers below compute it
-- from the purchase's 已付金额 and its 收款, the same way on every write, so it cannot drift:
--  1. a 货款 payment the user assigned to an instalment (payment.instalment_id) pays that
--     instalment first (up to its 计划金额);
--  2. the rest of the purchase's 已付金额 (payments not assigned, and what was paid when the
--     purchase was registered) fills the instalments oldest first (期次, then id).
-- instalment_allocation is that rule as a view (and the recount the tests compare with).
-- States follow from paid_cents, amount_cents and due_on: 已回款 / 部分回款 / 逾期 / 未到期.
--
-- Indexes for tab 9's 回款计划 lists and 工作台 at 500,000 instalments: the open ones
-- (paid_cents < amount_cents) by 计划回款日期 — due this week, overdue — and per customer (a
-- salesperson's own and delegated customers, through the customer's indexes).

CREATE TABLE instalment (
  id           INTEGER PRIMARY KEY,
  purchase_id  INTEGER NOT NULL REFERENCES purchase (id) ON DELETE CASCADE,
  customer_id  INTEGER NOT NULL REFERENCES customer (id),
  seq          INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 999),              -- 期次
  due_on       TEXT NOT NULL,                                               -- 计划回款日期
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),                   -- 计划金额
  remind_days  INTEGER NOT NULL DEFAULT 0 CHECK (remind_days BETWEEN 0 AND 365), -- 提前提醒天数
  note         TEXT NOT NULL DEFAULT '',
  paid_cents   INTEGER NOT NULL DEFAULT 0,                                  -- 已回款 (triggers)
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX instalment_purchase ON instalment (purchase_id, seq, id);
CREATE INDEX instalment_open_due ON instalment (due_on, id) WHERE paid_cents < amount_cents;
CREATE INDEX instalment_customer_open ON instalment (customer_id, due_on) WHERE paid_cents < amount_cents;

-- The instalment a 收款 was assigned to (null: the oldest open one, by the rule above).
ALTER TABLE payment ADD COLUMN instalment_id INTEGER REFERENCES instalment (id) ON DELETE SET NULL;
CREATE INDEX payment_instalment ON payment (instalment_id) WHERE instalment_id IS NOT NULL;

-- What each instalment holds of the payments assigned to it (at most its 计划金额).
CREATE VIEW instalment_direct AS
SELECT i.id, i.purchase_id, i.seq, i.amount_cents,
  min(i.amount_cents, (SELECT coalesce(sum(y.amount_cents), 0) FROM payment y
                       WHERE y.instalment_id = i.id AND y.kind = 'goods')) AS direct_cents
FROM instalment i;

-- 已回款 of each instalment: its assigned payments, plus its share of the rest of the 已付金额,
-- oldest first.
CREATE VIEW instalment_allocation AS
SELECT d.id, d.purchase_id,
  d.direct_cents + max(0, min(d.amount_cents - d.direct_cents,
    (SELECT p.amount_paid_cents FROM purchase p WHERE p.id = d.purchase_id)
    - (SELECT sum(e.direct_cents) FROM instalment_direct e WHERE e.purchase_id = d.purchase_id)
    - (SELECT coalesce(sum(e.amount_cents - e.direct_cents), 0) FROM instalment_direct e
       WHERE e.purchase_id = d.purchase_id AND (e.seq < d.seq OR (e.seq = d.seq AND e.id < d.id))))) AS paid_cents
FROM instalment_direct d;

CREATE TRIGGER instalment_paid_purchase AFTER UPDATE OF amount_paid_cents ON purchase
WHEN old.amount_paid_cents IS NOT new.amount_paid_cents BEGIN
  UPDATE instalment SET paid_cents = (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = instalment.id)
  WHERE purchase_id = new.id;
END;

CREATE TRIGGER instalment_paid_payment_insert AFTER INSERT ON payment BEGIN
  UPDATE instalment SET paid_cents = (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = instalment.id)
  WHERE purchase_id = new.purchase_id;
END;

CREATE TRIGGER instalment_paid_payment_update
AFTER UPDATE OF purchase_id, instalment_id, kind, amount_cents ON payment BEGIN
  UPDATE instalment SET paid_cents = (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = instalment.id)
  WHERE purchase_id IN (old.purchase_id, new.purchase_id);
END;

CREATE TRIGGER instalment_paid_payment_delete AFTER DELETE ON payment BEGIN
  UPDATE instalment SET paid_cents = (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = instalment.id)
  WHERE purchase_id = old.purchase_id;
END;

CREATE TRIGGER instalment_paid_insert AFTER INSERT ON instalment BEGIN
  UPDATE instalment SET paid_cents = (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = instalment.id)
  WHERE purchase_id = new.purchase_id;
END;

CREATE TRIGGER instalment_paid_update AFTER UPDATE OF purchase_id, seq, amount_cents ON instalment BEGIN
  UPDATE instalment SET paid_cents = (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = instalment.id)
  WHERE purchase_id IN (old.purchase_id, new.purchase_id);
END;

CREATE TRIGGER instalment_paid_delete AFTER DELETE ON instalment BEGIN
  UPDATE instalment SET paid_cents = (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = instalment.id)
  WHERE purchase_id = old.purchase_id;
END;

-- 已回款 is the triggers' alone: a write of any other value than the rule's is refused (the
-- recompute above writes the rule's value, so it passes).
CREATE TRIGGER instalment_paid_guard BEFORE UPDATE OF paid_cents ON instalment
WHEN new.paid_cents IS NOT (SELECT a.paid_cents FROM instalment_allocation a WHERE a.id = new.id) BEGIN
  SELECT RAISE(ABORT, '回款计划的已回款由收款计算，不能直接修改');
END;
