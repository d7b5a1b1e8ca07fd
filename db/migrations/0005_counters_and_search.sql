-- 0005: counts without scans, and quick search for 1+ characters, pinyin and contacts.
--
-- 1. customer_count: customers per (业务员, 客户状态, deleted or live), kept by triggers on customer
--    in the same statement — hence the same transaction — as every write: create, edit, status
--    change, transfer, delete, restore, and import's multi-row INSERT alike. Triggers rather than
--    handler code, so that no writer (an import, a future handler, a repair script) can forget one.
--    The 客户状态 tree and the grid's totals read these few rows instead of counting customers.
--    Delegations are not counted here: a salesperson's delegated customers are counted through the
--    delegation_to index (db/visibility.ts), so an expiry needs no counter update.
-- 2. customer_search is rebuilt from customer_search_text: 客户名称, 关键字, 电话, 地区 and the
--    customer's contacts (姓名, 手机, 电话), fields separated by char(31) so that crm_search_tokens
--    (db/fold.ts) knows the name and keyword apart and adds their pinyin (full and initials), and
--    one token per CJK character besides the bigrams, so one character finds what contains it.
--    Contacts' triggers rewrite their customer's row.

CREATE TABLE customer_count (
  owner_id  INTEGER NOT NULL,
  status_id INTEGER NOT NULL,
  deleted   INTEGER NOT NULL CHECK (deleted IN (0, 1)),
  n         INTEGER NOT NULL,
  PRIMARY KEY (owner_id, status_id, deleted)
) WITHOUT ROWID;

INSERT INTO customer_count (owner_id, status_id, deleted, n)
SELECT owner_id, status_id, deleted_at IS NOT NULL, count(*) FROM customer GROUP BY 1, 2, 3;

CREATE TRIGGER customer_count_insert AFTER INSERT ON customer BEGIN
  INSERT INTO customer_count (owner_id, status_id, deleted, n)
  VALUES (new.owner_id, new.status_id, new.deleted_at IS NOT NULL, 1)
  ON CONFLICT (owner_id, status_id, deleted) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customer_count_delete AFTER DELETE ON customer BEGIN
  UPDATE customer_count SET n = n - 1
  WHERE owner_id = old.owner_id AND status_id = old.status_id AND deleted = (old.deleted_at IS NOT NULL);
END;
CREATE TRIGGER customer_count_update AFTER UPDATE OF owner_id, status_id, deleted_at ON customer
WHEN old.owner_id IS NOT new.owner_id OR old.status_id IS NOT new.status_id
  OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
  UPDATE customer_count SET n = n - 1
  WHERE owner_id = old.owner_id AND status_id = old.status_id AND deleted = (old.deleted_at IS NOT NULL);
  INSERT INTO customer_count (owner_id, status_id, deleted, n)
  VALUES (new.owner_id, new.status_id, new.deleted_at IS NOT NULL, 1)
  ON CONFLICT (owner_id, status_id, deleted) DO UPDATE SET n = n + 1;
END;

-- What the search index holds for one customer (looked up by id through the primary key and
-- contact_customer).
CREATE VIEW customer_search_text AS
SELECT c.id AS id,
       c.name || char(31) || c.keyword || char(31) || c.phone || char(31) || c.region || char(31) ||
       coalesce((SELECT group_concat(k.name || ' ' || k.mobile || ' ' || k.phone, ' ')
                 FROM contact k WHERE k.customer_id = c.id), '') AS text
FROM customer c;

DROP TRIGGER customer_search_insert;
DROP TRIGGER customer_search_update;
DROP TABLE customer_search;
CREATE VIRTUAL TABLE customer_search USING fts5 (tokens, content = '', contentless_delete = 1, tokenize = 'unicode61');
INSERT INTO customer_search (rowid, tokens) SELECT id, crm_search_tokens(text) FROM customer_search_text;

CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN
  INSERT INTO customer_search (rowid, tokens)
  SELECT id, crm_search_tokens(text) FROM customer_search_text WHERE id = new.id;
END;
CREATE TRIGGER customer_search_update AFTER UPDATE OF name, keyword, phone, region ON customer BEGIN
  DELETE FROM customer_search WHERE rowid = old.id;
  INSERT INTO customer_search (rowid, tokens)
  SELECT id, crm_search_tokens(text) FROM customer_search_text WHERE id = new.id;
END;
CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN
  DELETE FROM customer_search WHERE rowid = new.customer_id;
  INSERT INTO customer_search (rowid, tokens)
  SELECT id, crm_search_tokens(text) FROM customer_search_text WHERE id = new.customer_id;
END;
CREATE TRIGGER contact_search_update AFTER UPDATE OF name, mobile, phone, customer_id ON contact BEGIN
  DELETE FROM customer_search WHERE rowid IN (old.customer_id, new.customer_id);
  INSERT INTO customer_search (rowid, tokens)
  SELECT id, crm_search_tokens(text) FROM customer_search_text WHERE id IN (old.customer_id, new.customer_id);
END;
CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN
  DELETE FROM customer_search WHERE rowid = old.customer_id;
  INSERT INTO customer_search (rowid, tokens)
  SELECT id, crm_search_tokens(text) FROM customer_search_text WHERE id = old.customer_id;
END;
