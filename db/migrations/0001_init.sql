-- 0001: the whole domain of DESIGN.md. Later migrations add behaviour, not rewrites.
-- Money is integer cents (分); dates are 'YYYY-MM-DD'; instants are ISO-8601 UTC.

CREATE TABLE staff (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL CHECK (length(name) > 0),
  login                TEXT COLLATE NOCASE UNIQUE,          -- NULL: staff without a login
  password_hash        TEXT,                                 -- scrypt$N$r$p$salt$hash
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  role                 TEXT NOT NULL CHECK (role IN ('admin', 'sales')),
  department           TEXT NOT NULL DEFAULT '',
  title                TEXT NOT NULL DEFAULT '',
  mobile               TEXT NOT NULL DEFAULT '',
  email                TEXT NOT NULL DEFAULT '',
  hired_on             TEXT,
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  version              INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE customer_status (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO customer_status (id, name, sort_order) VALUES
  (1, '潜在客户', 1), (2, '意向客户', 2), (3, '正式客户', 3), (4, '流失客户', 4);

CREATE TABLE customer (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(name) > 0),
  keyword      TEXT NOT NULL CHECK (length(keyword) > 0),
  name_fold    TEXT NOT NULL,          -- NFKC + lower case: duplicate check and search
  keyword_fold TEXT NOT NULL,
  status_id    INTEGER NOT NULL REFERENCES customer_status (id),
  owner_id     INTEGER NOT NULL REFERENCES staff (id),
  created_on   TEXT NOT NULL,          -- 创建日期, editable for back-filled history
  industry     TEXT NOT NULL DEFAULT '',
  source       TEXT NOT NULL DEFAULT '',
  region       TEXT NOT NULL DEFAULT '',
  address      TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL DEFAULT '',
  fax          TEXT NOT NULL DEFAULT '',
  website      TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  deleted_at   TEXT,                   -- soft delete
  deleted_by   INTEGER REFERENCES staff (id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
-- Grid paging and sorting: one index per sort column, alone and under a status filter.
CREATE INDEX customer_live_created ON customer (created_on, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_name ON customer (name, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_keyword ON customer (keyword, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_phone ON customer (phone, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_region ON customer (region, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_status_created ON customer (status_id, created_on, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_status_name ON customer (status_id, name, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_status_keyword ON customer (status_id, keyword, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_status_phone ON customer (status_id, phone, id) WHERE deleted_at IS NULL;
CREATE INDEX customer_live_status_region ON customer (status_id, region, id) WHERE deleted_at IS NULL;
-- A salesperson's own customers.
CREATE INDEX customer_live_owner ON customer (owner_id, status_id, created_on, id) WHERE deleted_at IS NULL;
-- Keyword duplicate check: exact look-up of every substring of a new name.
CREATE INDEX customer_keyword_fold ON customer (keyword_fold) WHERE deleted_at IS NULL;
CREATE INDEX customer_deleted ON customer (deleted_at) WHERE deleted_at IS NOT NULL;

-- Quick search: CJK bigrams and ASCII words of name, keyword, phone and region, written by the
-- triggers below through crm_search_tokens(), a function every connection registers (db/open.ts).
CREATE VIRTUAL TABLE customer_search USING fts5 (tokens, content = '', contentless_delete = 1, tokenize = 'unicode61');
CREATE TRIGGER customer_search_insert AFTER INSERT ON customer BEGIN
  INSERT INTO customer_search (rowid, tokens)
  VALUES (new.id, crm_search_tokens(new.name || ' ' || new.keyword || ' ' || new.phone || ' ' || new.region));
END;
CREATE TRIGGER customer_search_update AFTER UPDATE OF name, keyword, phone, region ON customer BEGIN
  DELETE FROM customer_search WHERE rowid = old.id;
  INSERT INTO customer_search (rowid, tokens)
  VALUES (new.id, crm_search_tokens(new.name || ' ' || new.keyword || ' ' || new.phone || ' ' || new.region));
END;

CREATE TABLE contact (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  name        TEXT NOT NULL CHECK (length(name) > 0),
  gender      TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', '男', '女')),
  title       TEXT NOT NULL DEFAULT '',
  mobile      TEXT NOT NULL DEFAULT '',
  phone       TEXT NOT NULL DEFAULT '',
  email       TEXT NOT NULL DEFAULT '',
  im          TEXT NOT NULL DEFAULT '',   -- 微信/QQ
  birthday    TEXT,
  is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  note        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contact_customer ON contact (customer_id, id);
CREATE UNIQUE INDEX contact_one_primary ON contact (customer_id) WHERE is_primary = 1;

-- 日志及维护记录: kind 'log' = 操作日志 (system-written, immutable), 'followup' = 维护记录.
CREATE TABLE record (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customer (id),
  kind         TEXT NOT NULL CHECK (kind IN ('log', 'followup')),
  at           TEXT NOT NULL,              -- ISO instant
  method       TEXT NOT NULL DEFAULT '',   -- 电话 上门 微信 邮件 其他
  contact_id   INTEGER REFERENCES contact (id),
  content      TEXT NOT NULL CHECK (length(content) > 0),
  next_on      TEXT,                       -- 下次跟进
  author_id    INTEGER REFERENCES staff (id),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX record_customer ON record (customer_id, at, id);
CREATE TRIGGER record_log_no_update BEFORE UPDATE ON record WHEN old.kind = 'log' BEGIN
  SELECT RAISE(ABORT, '操作日志不能修改');
END;
CREATE TRIGGER record_log_no_delete BEFORE DELETE ON record WHEN old.kind = 'log' BEGIN
  SELECT RAISE(ABORT, '操作日志不能删除');
END;

CREATE TABLE product_category (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE supplier (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  short_name   TEXT NOT NULL DEFAULT '',
  contact_name TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL DEFAULT '',
  mobile       TEXT NOT NULL DEFAULT '',
  address      TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  bank         TEXT NOT NULL DEFAULT '',
  account      TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE product (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL UNIQUE CHECK (length(code) > 0),   -- 编号
  name              TEXT NOT NULL CHECK (length(name) > 0),
  category_id       INTEGER NOT NULL REFERENCES product_category (id),
  model             TEXT NOT NULL DEFAULT '',                        -- 规格型号
  unit              TEXT NOT NULL DEFAULT '',
  guide_price_cents INTEGER NOT NULL DEFAULT 0 CHECK (guide_price_cents >= 0),
  annual_fee_cents  INTEGER NOT NULL DEFAULT 0 CHECK (annual_fee_cents >= 0),
  supplier_id       INTEGER REFERENCES supplier (id),
  on_sale           INTEGER NOT NULL DEFAULT 1 CHECK (on_sale IN (0, 1)),
  note              TEXT NOT NULL DEFAULT '',
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX product_category_idx ON product (category_id, code);
CREATE INDEX product_supplier_idx ON product (supplier_id);

CREATE TABLE quote (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  product_id  INTEGER NOT NULL REFERENCES product (id),
  quoted_on   TEXT NOT NULL,
  quantity    INTEGER NOT NULL CHECK (quantity > 0),
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  note        TEXT NOT NULL DEFAULT '',
  quoted_by   INTEGER REFERENCES staff (id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX quote_customer ON quote (customer_id, quoted_on, id);
CREATE INDEX quote_product ON quote (product_id);

CREATE TABLE purchase (
  id                 INTEGER PRIMARY KEY,
  customer_id        INTEGER NOT NULL REFERENCES customer (id),
  product_id         INTEGER NOT NULL REFERENCES product (id),
  purchased_on       TEXT NOT NULL,
  quantity           INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents   INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  amount_due_cents   INTEGER NOT NULL CHECK (amount_due_cents = quantity * unit_price_cents),
  amount_paid_cents  INTEGER NOT NULL DEFAULT 0 CHECK (amount_paid_cents >= 0 AND amount_paid_cents <= amount_due_cents),
  annual_fee_cents   INTEGER NOT NULL DEFAULT 0 CHECK (annual_fee_cents >= 0),
  annual_fee_remind  INTEGER NOT NULL DEFAULT 0 CHECK (annual_fee_remind IN (0, 1)),
  service_end_on     TEXT,                                   -- 服务截止期限
  salesperson_id     INTEGER REFERENCES staff (id),
  note               TEXT NOT NULL DEFAULT '',
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX purchase_customer ON purchase (customer_id, purchased_on, id);
CREATE INDEX purchase_product ON purchase (product_id);
CREATE INDEX purchase_arrears ON purchase (customer_id) WHERE amount_paid_cents < amount_due_cents;
CREATE INDEX purchase_fee_due ON purchase (service_end_on) WHERE annual_fee_remind = 1;

CREATE TABLE payment (
  id           INTEGER PRIMARY KEY,
  purchase_id  INTEGER NOT NULL REFERENCES purchase (id),
  kind         TEXT NOT NULL CHECK (kind IN ('goods', 'annual_fee')),   -- 货款 / 年服务费
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  paid_on      TEXT NOT NULL,
  handled_by   INTEGER REFERENCES staff (id),                          -- 经手人
  note         TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL
);
CREATE INDEX payment_purchase ON payment (purchase_id, paid_on);

CREATE TABLE delegation (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer (id),
  from_id     INTEGER NOT NULL REFERENCES staff (id),
  to_id       INTEGER NOT NULL REFERENCES staff (id),
  start_on    TEXT NOT NULL,
  end_on      TEXT,                   -- optional: the delegation expires by itself after this day
  granted_by  INTEGER NOT NULL REFERENCES staff (id),
  granted_at  TEXT NOT NULL,
  revoked_at  TEXT,
  revoked_by  INTEGER REFERENCES staff (id),
  expiry_logged INTEGER NOT NULL DEFAULT 0 CHECK (expiry_logged IN (0, 1)),
  CHECK (end_on IS NULL OR end_on >= start_on)
);
CREATE INDEX delegation_to ON delegation (to_id, customer_id) WHERE revoked_at IS NULL;
CREATE INDEX delegation_customer ON delegation (customer_id, granted_at);

-- Small key/value settings (company name for printed slips, reminder window …).
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
