-- 0008: the file says it belongs to this app, and remembers its integrity checks.
--
-- PRAGMA application_id (bytes 68–71 of the file's header) = 0x4B454855, 'KEHU': a restore
-- (db/backup.ts) refuses a file that is not ours. Files from before this migration are recognised
-- by their tables instead.
PRAGMA application_id = 1262831701;

-- When the last full PRAGMA integrity_check ran ('full_check_on', 'YYYY-MM-DD'), its result, and
-- the 操作日志 chain's (db/integrity.ts runs them weekly when opening the file).
CREATE TABLE maintenance (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
