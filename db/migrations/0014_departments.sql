-- migrate: foreign_keys off
-- 0014: 部门 and the 销售经理 (issue 21, part 1).
--
-- 1. department: a small tree (部门 › 小组); names unique among siblings (a top-level 部门 has no
--    parent: coalesce(parent_id, 0) puts them all under one key).
-- 2. staff.department_id (nullable: an administrator or a salesperson may belong to none) and the
--    third role 'manager' (销售经理), who must belong to a 部门 (CHECK). SQLite cannot alter a
--    CHECK constraint, so staff is rebuilt with the same rows and ids (SQLite's 12-step
--    procedure: open.ts runs this file with foreign_keys off and checks every foreign key before
--    it commits). staff has no trigger or index of its own; the 操作日志 guards are on record and
--    stay as they are. The new column goes last, as PostgreSQL's ALTER TABLE … ADD COLUMN puts it.

CREATE TABLE department (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(name) > 0),
  parent_id  INTEGER REFERENCES department (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version    INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX department_sibling_name ON department (coalesce(parent_id, 0), name);
CREATE INDEX department_parent ON department (parent_id);

CREATE TABLE staff_new (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL CHECK (length(name) > 0),
  login                TEXT COLLATE NOCASE UNIQUE,          -- NULL: staff without a login
  password_hash        TEXT,                                 -- scrypt$N$r$p$salt$hash
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  role                 TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'sales')),
  department           TEXT NOT NULL DEFAULT '',
  title                TEXT NOT NULL DEFAULT '',
  mobile               TEXT NOT NULL DEFAULT '',
  email                TEXT NOT NULL DEFAULT '',
  hired_on             TEXT,
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  version              INTEGER NOT NULL DEFAULT 1,
  department_id        INTEGER REFERENCES department (id),
  CHECK (role <> 'manager' OR department_id IS NOT NULL)
);
INSERT INTO staff_new (id, name, login, password_hash, must_change_password, role, department, title, mobile,
  email, hired_on, active, created_at, updated_at, version)
SELECT id, name, login, password_hash, must_change_password, role, department, title, mobile,
  email, hired_on, active, created_at, updated_at, version
FROM staff;
DROP TABLE staff;
ALTER TABLE staff_new RENAME TO staff;
CREATE INDEX staff_department ON staff (department_id) WHERE department_id IS NOT NULL;
