-- An owner role and an app role for a PostgreSQL office (README, "Backups on PostgreSQL").
--
-- Made once by the database's administrator, as a superuser:
--   CREATE ROLE kehu_owner LOGIN PASSWORD '…';   -- owns the schema: migrations, restores
--   CREATE ROLE kehu_app LOGIN PASSWORD '…';     -- what the office servers connect as
--   CREATE DATABASE kehu OWNER kehu_owner;
-- then this file, as the owner:
--   psql "postgres://kehu_owner@dbhost:5432/kehu" -v owner=kehu_owner -v app=kehu_app -v db=kehu -f docs/pg-roles.sql
-- then the first start of a server as the owner (it migrates and makes the servers' kehu_* tables),
-- and from then on the servers run as the app role. After installing a newer version, start one
-- server once as the owner again (its migrations), then as the app role.
--
-- The app role reads and writes rows only: it cannot drop or alter a table, disable or replace
-- the triggers that keep the 操作日志 (record rows of kind 'log') from being changed or deleted,
-- or TRUNCATE. The 操作日志 shares the record table with the editable 维护记录, so UPDATE and
-- DELETE on record stay granted; the triggers refuse them for log rows, and only the owner could
-- switch the triggers off.

\set ON_ERROR_STOP on

REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";

-- What exists already, and what the owner's later migrations make.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app";
