-- 0013: 年费催缴's rows for one 业务员 without walking every 业务员's due purchases.
--
-- The first block of a salesperson (or of an administrator filtered to one 业务员) walked
-- purchase_fee_due — the flagged purchases of all owners — from the oldest 服务截止期限 and looked
-- up each purchase's customer to test its owner and liveness: about 20 index entries for each
-- row the salesperson may see at a million customers.
--
-- fee_due_purchase holds one row per purchase flagged 年服务费催缴标志 with a 服务截止期限, of a
-- live customer: the purchase, its customer, the customer's 业务员, the 服务截止期限 and the
-- 年服务费. A soft-deleted customer's purchases leave it; restoring puts them back.
--  - fee_due_purchase_owner (业务员, 服务截止期限, purchase): one 业务员's due purchases in the
--    block's order (服务截止期限, id), so their first block reads about a hundred entries;
--  - fee_due_purchase_customer (customer, 业务员, 服务截止期限, 年服务费): the due purchases of the
--    few customers delegated to a salesperson, and their totals, from the index alone; and the
--    customer triggers below find a customer's rows through it.
-- Kept by triggers on purchase (insert; edit of the flag, the date, the fee or the customer;
-- delete) and on customer (transfer, soft delete, restore, delete), in the same transaction as
-- the write — the same events as 0012's sums, and independent of them. Delegations need nothing
-- here: whether one is active today is read from the delegation table by the query.

CREATE TABLE fee_due_purchase (
  purchase_id      INTEGER PRIMARY KEY,
  customer_id      INTEGER NOT NULL,
  owner_id         INTEGER NOT NULL,
  service_end_on   TEXT NOT NULL,
  annual_fee_cents INTEGER NOT NULL
);
CREATE INDEX fee_due_purchase_owner ON fee_due_purchase (owner_id, service_end_on, purchase_id);
CREATE INDEX fee_due_purchase_customer ON fee_due_purchase (customer_id, owner_id, service_end_on, annual_fee_cents);

INSERT INTO fee_due_purchase (purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents)
SELECT p.id, p.customer_id, c.owner_id, p.service_end_on, p.annual_fee_cents
FROM purchase p JOIN customer c ON c.id = p.customer_id
WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL
ORDER BY p.id;

-- A purchase enters (its customer live).
CREATE TRIGGER fee_due_purchase_row_insert AFTER INSERT ON purchase
WHEN new.annual_fee_remind = 1 AND new.service_end_on IS NOT NULL BEGIN
  INSERT INTO fee_due_purchase (purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents)
  SELECT new.id, new.customer_id, c.owner_id, new.service_end_on, new.annual_fee_cents FROM customer c
  WHERE c.id = new.customer_id AND c.deleted_at IS NULL;
END;

-- A purchase leaves.
CREATE TRIGGER fee_due_purchase_row_delete AFTER DELETE ON purchase
WHEN old.annual_fee_remind = 1 AND old.service_end_on IS NOT NULL BEGIN
  DELETE FROM fee_due_purchase WHERE purchase_id = old.id;
END;

-- An edit of what the row holds or depends on: the old row leaves, the new one enters.
CREATE TRIGGER fee_due_purchase_row_update
AFTER UPDATE OF id, customer_id, annual_fee_remind, service_end_on, annual_fee_cents ON purchase
WHEN old.id IS NOT new.id OR old.customer_id IS NOT new.customer_id
  OR old.annual_fee_remind IS NOT new.annual_fee_remind OR old.service_end_on IS NOT new.service_end_on
  OR old.annual_fee_cents IS NOT new.annual_fee_cents BEGIN
  DELETE FROM fee_due_purchase WHERE purchase_id = old.id;
  INSERT INTO fee_due_purchase (purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents)
  SELECT new.id, new.customer_id, c.owner_id, new.service_end_on, new.annual_fee_cents FROM customer c
  WHERE new.annual_fee_remind = 1 AND new.service_end_on IS NOT NULL
    AND c.id = new.customer_id AND c.deleted_at IS NULL;
END;

-- Transfer (转移, also staff.transfer's bulk one): the customer's rows follow it to the new 业务员.
CREATE TRIGGER fee_due_purchase_customer_owner AFTER UPDATE OF owner_id ON customer
WHEN old.owner_id IS NOT new.owner_id AND new.deleted_at IS NULL AND old.deleted_at IS NULL BEGIN
  UPDATE fee_due_purchase SET owner_id = new.owner_id WHERE customer_id = new.id;
END;

-- Soft delete and restore (and a transfer in the same write): the customer's rows leave, and
-- come back from its purchases while it is live.
CREATE TRIGGER fee_due_purchase_customer_live AFTER UPDATE OF owner_id, deleted_at ON customer
WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  DELETE FROM fee_due_purchase WHERE customer_id = old.id;
  INSERT INTO fee_due_purchase (purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents)
  SELECT p.id, p.customer_id, new.owner_id, p.service_end_on, p.annual_fee_cents FROM purchase p
  WHERE new.deleted_at IS NULL AND p.customer_id = new.id
    AND p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL;
END;

-- A customer row removed (never by the app: customers are soft-deleted; a purchase keeps its
-- customer by foreign key): nothing of it may stay.
CREATE TRIGGER fee_due_purchase_customer_gone AFTER DELETE ON customer BEGIN
  DELETE FROM fee_due_purchase WHERE customer_id = old.id;
END;
