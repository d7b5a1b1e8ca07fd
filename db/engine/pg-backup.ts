/**
 * Backups of an office's PostgreSQL database, beside SQLite's (db/backup.ts): the same folder
 * (`<data>/backups`), the same names with the extension `.dump`, the same daily retention, the
 * same checks before a restore. The tools are PostgreSQL's own, from Debian's
 * `postgresql-client` (or the folder `KEHU_PG_BIN` names, e.g. PostgreSQL's `bin` on Windows):
 *
 * - a backup is `pg_dump --format=custom` (one consistent snapshot while everyone keeps working)
 *   into a temporary file, checked with `pg_restore --list`, then renamed into place;
 * - a restore is `pg_restore`'s script piped into `psql` inside ONE transaction that first drops
 *   the app's objects (tables, views, functions, collations of the schema public that the app's
 *   role owns) and then creates them again from the dump; COMMIT is sent only after pg_restore
 *   has read the whole archive without error, so a damaged dump leaves the database as it was.
 *   Migrations on the next open bring an older dump up to date (db/engine/open-pg.ts).
 *
 * The password never goes on a command line, into a log or an error: the tools get the
 * connection string without it and the password in a temporary passfile (mode 0600, removed when
 * the tool ends); whatever they print is scrubbed of it. The app's role needs no superuser — it
 * must own the tables to restore them (a setup with a separate owner role restores with that
 * role: README, "Backups on PostgreSQL").
 *
 * The servers' own working state (the UNLOGGED `kehu_*` tables: sessions, the login throttle —
 * server/office-state.ts) is not office data: it is left out of every backup and left alone by a
 * restore.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { BackupRefused, REQUIRED_TABLES, type BackupInfo, type DailyBackupResult } from '../backup.js';
import {
  BACKUPS_FOLDER,
  backupKindOf,
  fsyncDir,
  fsyncFile,
  beforeRestoreFile,
  dailyBackupName,
  localDay,
  localStamp,
  PG_BACKUP_EXT,
  pruneDailyBackups,
} from '../backup-files.js';
import { loadMigrations, schemaVersion } from '../open.js';
import { redactUrl } from './open-pg.js';
import { RESTORE_BUMPS_REVISION } from './pg-database.js';

/** Tables (and their indexes, constraints, data) that belong to the servers, not to the office. */
const STATE_PREFIX = 'kehu_';

/** What the PostgreSQL tools need to connect: the URL without its password, and the password. */
export interface PgTarget {
  /** A libpq connection URI without the password (safe to pass as an argument). */
  dbname: string;
  password: string | null;
  user: string;
  database: string;
}

/**
 * Splits a connection string into what goes on the tools' command line (no password) and the
 * password. node-postgres' `ssl=true` becomes libpq's `sslmode=require`.
 */
export function pgTarget(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new BackupRefused(`PostgreSQL 连接串无效：${redactUrl(url)}`);
  }
  const password = u.password
    ? decodeURIComponent(u.password)
    : (u.searchParams.get('password') ?? process.env.PGPASSWORD ?? null);
  u.password = '';
  u.searchParams.delete('password');
  const ssl = u.searchParams.get('ssl');
  if (ssl !== null) {
    u.searchParams.delete('ssl');
    if (ssl !== 'false' && ssl !== '0' && !u.searchParams.has('sslmode')) u.searchParams.set('sslmode', 'require');
  }
  return {
    dbname: u.toString(),
    password,
    user: decodeURIComponent(u.username) || process.env.PGUSER || os.userInfo().username,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username),
  };
}

/** Removes the password (and the whole connection string) from a tool's message. */
function scrubber(url: string, target: PgTarget): (text: string) => string {
  return (text) => {
    let out = text.split(url).join(redactUrl(url));
    if (target.password && target.password.length > 0) out = out.split(target.password).join('***');
    return out;
  };
}

const toolPath = (name: string) => (process.env.KEHU_PG_BIN ? path.join(process.env.KEHU_PG_BIN, name) : name);

/** The libpq passfile line matching any server: the password with ':' and '\' escaped. */
const passfileLine = (password: string) => `*:*:*:*:${password.replace(/\\/g, '\\\\').replace(/:/g, '\\:')}\n`;

interface ToolRun {
  /** The child, to pipe into or out of. */
  child: ReturnType<typeof spawn>;
  /** Settles when it has ended: its exit code and the (scrubbed) end of what it printed to stderr. */
  done: Promise<{ code: number | null; stderr: string }>;
}

/**
 * Starts one of PostgreSQL's tools against `url`'s database. The password goes in a passfile of
 * a temporary folder only this user can read; `--no-password` makes a missing one an error, never
 * a prompt. A tool that is not installed is a BackupRefused that says how to install it.
 */
function startTool(
  url: string,
  name: 'pg_dump' | 'pg_restore' | 'psql',
  args: string[],
  options: { stdin?: 'pipe' | 'ignore'; stdout?: 'pipe' | 'ignore'; signal?: AbortSignal; connect?: boolean } = {},
): ToolRun {
  const target = pgTarget(url);
  const scrub = scrubber(url, target);
  const connect = options.connect ?? true;
  let dir: string | null = null;
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: 'kehu-backup', PGCONNECT_TIMEOUT: '15' };
  delete env.PGPASSWORD;
  if (connect && target.password !== null) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-pg-'));
    fs.chmodSync(dir, 0o700);
    const passfile = path.join(dir, 'pgpass');
    fs.writeFileSync(passfile, passfileLine(target.password), { mode: 0o600 });
    env.PGPASSFILE = passfile;
  }
  const full = connect ? [...args, '--no-password', `--dbname=${target.dbname}`] : args;
  const child = spawn(toolPath(name), full, {
    env,
    stdio: [options.stdin ?? 'ignore', options.stdout ?? 'ignore', 'pipe'],
    signal: options.signal,
    windowsHide: true,
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const cleanup = () => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
      dir = null;
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      cleanup();
      if (err.code === 'ENOENT') {
        reject(
          new BackupRefused(
            `找不到 PostgreSQL 的工具 ${name}：请在服务器上安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install postgresql-client；Windows：用环境变量 KEHU_PG_BIN 指向 PostgreSQL 的 bin 文件夹），版本不低于数据库服务器`,
          ),
        );
      } else reject(err);
    });
    child.once('close', (code) => {
      cleanup();
      resolve({ code, stderr: scrub(stderr).trim() });
    });
  });
  return { child, done };
}

/** Runs a tool to its end; a non-zero exit is an Error with the tool's own (scrubbed) message. */
async function runTool(
  url: string,
  name: 'pg_dump' | 'pg_restore' | 'psql',
  args: string[],
  options: { signal?: AbortSignal; connect?: boolean; stdout?: 'pipe' } = {},
): Promise<string> {
  const run = startTool(url, name, args, { ...options, stdout: options.stdout ?? 'ignore' });
  let out = '';
  if (options.stdout === 'pipe') {
    run.child.stdout!.setEncoding('utf8');
    run.child.stdout!.on('data', (c: string) => (out += c));
  }
  const { code, stderr } = await run.done;
  if (code !== 0) throw new Error(lastLines(stderr) || `${name} 退出（${code}）`);
  return out;
}

/** The last few lines of a tool's message (its error is at the end). */
const lastLines = (text: string) => text.split('\n').filter(Boolean).slice(-3).join('；');
/** What pg_restore said, always naming it: a damaged length can make it print a bare "out of memory". */
const restoreSaid = (stderr: string, code: number | null) => {
  const said = lastLines(stderr);
  if (!said) return `pg_restore 退出（${code}）`;
  return said.startsWith('pg_restore') ? said : `pg_restore: ${said}`;
};

/**
 * Backs the office's PostgreSQL database up into `target` (replacing it): pg_dump's custom
 * format of one snapshot, without the servers' `kehu_*` state, written to a temporary file that
 * is checked (`pg_restore --list`), synced and renamed — a failed backup never leaves a
 * half-written file under the name. `signal` stops it (the file is not written).
 */
export async function pgBackupTo(
  url: string,
  target: string,
  options: { signal?: AbortSignal } = {},
): Promise<{ file: string; bytes: number }> {
  const file = path.resolve(target);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.part-${randomBytes(4).toString('hex')}`;
  try {
    await runTool(
      url,
      'pg_dump',
      [
        '--format=custom',
        `--file=${temp}`,
        `--exclude-table=public.${STATE_PREFIX}*`,
        '--no-unlogged-table-data',
        // A backup waits at most a minute behind a lock (a restore in progress), never for ever.
        '--lock-wait-timeout=60s',
      ],
      { signal: options.signal },
    ).catch((err: unknown) => {
      if ((err as Error).name === 'AbortError') throw err;
      if (err instanceof BackupRefused) throw err;
      const message = (err as Error).message;
      if (/No space left|ENOSPC/i.test(message)) throw new BackupRefused(`磁盘空间不足，备份没有完成：${file}`);
      if (/version mismatch/i.test(message)) {
        throw new BackupRefused(
          `pg_dump 的版本低于数据库服务器，备份没有完成：请在这台电脑上安装与数据库服务器相同或更新版本的 postgresql-client（${message}）`,
        );
      }
      throw new BackupRefused(`备份没有完成（pg_dump：${message}）`);
    });
    await runTool(url, 'pg_restore', ['--list', temp], { connect: false, stdout: 'pipe' }).catch((err: unknown) => {
      throw new BackupRefused(`备份文件检查没有通过（${(err as Error).message}），备份没有完成`);
    });
    fsyncFile(temp);
    fs.renameSync(temp, file);
    fsyncDir(path.dirname(file));
    return { file, bytes: fs.statSync(file).size };
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * The daily backup on PostgreSQL: at the first start of each day (local date) and each day a
 * server keeps running, `<data>/backups/crm-YYYY-MM-DD.dump`; then old daily dumps are pruned by
 * the same rule as SQLite's (the last 30 days, the first of each of the last 12 months). SQLite's
 * daily `.db` files and every other file are left alone.
 */
export async function pgDailyBackup(
  url: string,
  dataDir: string,
  options: { now?: Date; signal?: AbortSignal } = {},
): Promise<DailyBackupResult> {
  const dir = path.join(dataDir, BACKUPS_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  const today = localDay(options.now ?? new Date());
  const file = path.join(dir, dailyBackupName(today, PG_BACKUP_EXT));
  let created = false;
  if (!fs.existsSync(file) && (await claimDailyBackup(url, today))) {
    try {
      await pgBackupTo(url, file, { signal: options.signal });
    } catch (err) {
      await withPgClient(url, (c) => c.query(`DELETE FROM ${DAILY_CLAIMS} WHERE day = $1`, [today])).catch(() => {});
      throw err;
    }
    await withPgClient(url, (c) => c.query(`UPDATE ${DAILY_CLAIMS} SET done_at = now() WHERE day = $1`, [today]));
    created = true;
  }
  return { file, created, removed: pruneDailyBackups(dir, today, PG_BACKUP_EXT) };
}

/** Which server of the database makes each day's dump (servers' state: left out of backups). */
const DAILY_CLAIMS = `${STATE_PREFIX}daily_backup`;
const DAILY_CLAIMS_LOCK = 5_179_021;

/**
 * Claims today's daily dump for this server: several servers on one database make ONE dump a
 * day between them (the first to start that day, into its own `<data>/backups`), not one each.
 * A claim whose dump neither finished nor failed within two hours (its server died) is taken over.
 */
async function claimDailyBackup(url: string, day: string): Promise<boolean> {
  return withPgClient(url, async (c) => {
    // Two servers starting at once would both create the table: one at a time.
    await c.query('BEGIN');
    await c.query(`SELECT pg_advisory_xact_lock(${DAILY_CLAIMS_LOCK})`);
    await c.query(`CREATE UNLOGGED TABLE IF NOT EXISTS ${DAILY_CLAIMS} (
      day text PRIMARY KEY, host text NOT NULL, started_at timestamptz NOT NULL, done_at timestamptz)`);
    await c.query('COMMIT');
    const r = await c.query(
      `INSERT INTO ${DAILY_CLAIMS} (day, host, started_at) VALUES ($1, $2, now())
       ON CONFLICT (day) DO UPDATE SET host = excluded.host, started_at = now()
         WHERE ${DAILY_CLAIMS}.done_at IS NULL AND ${DAILY_CLAIMS}.started_at < now() - interval '2 hours'
       RETURNING day`,
      [day, `${os.hostname()}:${process.pid}`],
    );
    return (r.rowCount ?? 0) > 0;
  });
}

/** One entry of `pg_restore --list`: its line, kind ('TABLE', 'TABLE DATA', 'INDEX' …), schema and name. */
interface TocEntry {
  line: string;
  kind: string;
  schema: string;
  name: string;
}

const TOC_KINDS = [
  'TABLE DATA',
  'TABLE',
  'SEQUENCE SET',
  'SEQUENCE OWNED BY',
  'SEQUENCE',
  'FK CONSTRAINT',
  'CONSTRAINT',
  'INDEX ATTACH',
  'INDEX',
  'TRIGGER',
  'DEFAULT',
  'VIEW',
  'MATERIALIZED VIEW DATA',
  'MATERIALIZED VIEW',
  'FUNCTION',
  'AGGREGATE',
  'PROCEDURE',
  'COLLATION',
  'TYPE',
  'DOMAIN',
  'COMMENT',
  'ACL',
  'DEFAULT ACL',
  'SCHEMA',
  'EXTENSION',
  'POLICY',
  'ROW SECURITY',
  'RULE',
  'STATISTICS',
  'BLOB',
  'BLOBS',
  'LARGE OBJECT',
];

function parseToc(text: string): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const line of text.split('\n')) {
    const m = /^\d+; \d+ \d+ (.*)$/.exec(line);
    if (!m) continue;
    const kind = TOC_KINDS.find((k) => m[1].startsWith(`${k} `)) ?? m[1].split(' ')[0];
    const [schema = '', name = ''] = m[1].slice(kind.length + 1).split(' ');
    entries.push({ line, kind, schema, name });
  }
  return entries;
}

/** The TOC entries of the servers' own state (left out of a restore). */
const isState = (e: TocEntry) => e.schema === 'public' && e.name.startsWith(STATE_PREFIX);

export interface PgBackupInfo extends Omit<BackupInfo, 'customers'> {
  /** Counted in the database after a restore; null before (a dump is not read to count). */
  customers: number | null;
  /** The archive's table of contents, as `pg_restore --list` prints it. */
  toc: string;
}

/**
 * Checks that `file` is a pg_dump archive of this app (our tables, a schema_meta version this
 * app can open or migrate) and that its table of contents reads. Throws BackupRefused with a
 * Chinese message otherwise — for a SQLite crm.db backup too, pointing at `npm run migrate:pg`.
 */
export async function inspectPgBackup(file: string, options: { migrationsDir?: string } = {}): Promise<PgBackupInfo> {
  const appVersion = schemaVersion(loadMigrations(options.migrationsDir));
  if (!fs.existsSync(file)) throw new BackupRefused(`找不到文件：${file}`);
  const kind = backupKindOf(file);
  if (kind === 'sqlite') {
    throw new BackupRefused(
      `${file} 是 SQLite 数据库（crm.db 的备份），这台服务器的数据保存在 PostgreSQL 中，不能直接用它恢复：要把它的数据搬进 PostgreSQL，请在服务器上运行 npm run migrate:pg（见 README）`,
    );
  }
  if (kind !== 'pg') throw new BackupRefused(`${file} 不是数据库备份（pg_dump 的备份文件），不能用来恢复`);
  // pg_restore reads archives without a connection; the URL only names the tool's scrubber.
  const offline = 'postgres://localhost/';
  let toc: string;
  try {
    toc = await runTool(offline, 'pg_restore', ['--list', file], { connect: false, stdout: 'pipe' });
  } catch (err) {
    if (err instanceof BackupRefused) throw err;
    throw new BackupRefused(`${file} 已损坏或不完整（例如复制时中断），不能用来恢复`);
  }
  const entries = parseToc(toc);
  const tables = new Set(entries.filter((e) => e.kind === 'TABLE' && e.schema === 'public').map((e) => e.name));
  if (REQUIRED_TABLES.some((t) => !tables.has(t)) || !tables.has('schema_meta')) {
    throw new BackupRefused(`${file} 不是本程序的备份（缺少客户资料等数据表），不能用来恢复`);
  }
  if (entries.some((e) => e.kind === 'BLOB' || e.kind === 'BLOBS' || e.kind === 'LARGE OBJECT')) {
    throw new BackupRefused(`${file} 含有本程序不会写入的大对象（large object），不是本程序的备份，不能用来恢复`);
  }
  let version = 0;
  try {
    const data = await runTool(offline, 'pg_restore', ['--data-only', '--table=schema_meta', '--file=-', file], {
      connect: false,
      stdout: 'pipe',
    });
    const m = /^user_version\t(\d+)$/m.exec(data);
    version = m ? Number(m[1]) : 0;
  } catch {
    throw new BackupRefused(`${file} 已损坏或不完整（例如复制时中断），不能用来恢复`);
  }
  if (version === 0) throw new BackupRefused(`${file} 不是本程序的备份（没有数据结构版本），不能用来恢复`);
  if (version > appVersion) {
    throw new BackupRefused(
      `${file} 由更新版本的程序写入（文件的数据结构版本为 ${version}，本程序只支持到版本 ${appVersion}）：请先安装最新版本的程序再恢复`,
    );
  }
  return { file, version, appVersion, needsMigration: version < appVersion, customers: null, toc };
}

/**
 * A connection of its own for a few queries (关于, the diagnostic file, the checks around a
 * restore); its errors are scrubbed of the password.
 */
export async function withPgClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await run(client);
  } catch (err) {
    throw new Error(scrubber(url, pgTarget(url))((err as Error).message));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One query on a connection of its own. */
export function pgQuery<R extends Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  return withPgClient(url, async (c) => (await c.query<R>(sql, params)).rows);
}

/** Where the data are, for people (关于): database, server and account — never the password or the connection string. */
export function describePg(url: string): string {
  try {
    const u = new URL(url);
    const t = pgTarget(url);
    const server = u.hostname ? `${u.hostname}:${u.port || '5432'}` : (u.searchParams.get('host') ?? '本机');
    return `PostgreSQL：数据库 ${t.database}，服务器 ${server}，账号 ${t.user}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** 关于's size of the office's database (pg_database_size). */
export async function pgDatabaseBytes(url: string): Promise<number> {
  const [row] = await pgQuery<{ bytes: number }>(url, 'SELECT pg_database_size(current_database())::float8 AS bytes');
  return row.bytes;
}

/**
 * Objects of the app in the schema public that the connected role does not own: a restore must
 * drop and create them, which only their owner may (the owner/app role setup of the README).
 */
async function foreignOwned(url: string): Promise<{ name: string; owner: string } | null> {
  const rows = await pgQuery<{ name: string; owner: string }>(
    url,
    `SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND c.relname NOT LIKE '${STATE_PREFIX.replace('_', '\\_')}%'
        AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
      ORDER BY c.relname LIMIT 1`,
  );
  return rows[0] ?? null;
}

/**
 * Whether the connected role may restore into the database (it owns the app's objects): a
 * BackupRefused that says who may otherwise — checked before the data host closes.
 */
export async function checkRestorable(url: string): Promise<void> {
  const stranger = await foreignOwned(url).catch((err: unknown) => {
    throw new BackupRefused(`无法连接数据库（${(err as Error).message}），没有恢复，数据保持原样`);
  });
  if (stranger) {
    throw new BackupRefused(
      `数据库账号 ${pgTarget(url).user} 不是数据表的所有者（例如 ${stranger.name} 属于 ${stranger.owner}），不能在程序里恢复：请由管理数据库的人员用所有者账号运行 pg_restore（见 README 的 “Backups on PostgreSQL”），数据保持原样`,
    );
  }
}

/**
 * Drops, inside the restore's transaction, everything of the app in the schema public that the
 * connected role owns — views, tables (with their indexes, triggers, identity sequences), other
 * sequences, functions and aggregates, collations, types — but the servers' `kehu_*` state. The
 * dump then creates them as they were in the backup (a dump of an older version: without the
 * tables that came later, which the migrations on the next open add again).
 */
const DROP_APP_OBJECTS = `
DO $kehu_restore$
DECLARE
  me oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
  r record;
BEGIN
  FOR r IN
    SELECT format('%I.%I', n.nspname, c.relname) AS name,
           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                          WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS kind
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relowner = me AND c.relkind IN ('v', 'm', 'r', 'p', 'f', 'S')
       AND c.relname NOT LIKE '${STATE_PREFIX.replace('_', '\\_')}%'
       AND NOT (c.relkind = 'S' AND EXISTS (
             SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.deptype IN ('a', 'i')))
     ORDER BY CASE c.relkind WHEN 'v' THEN 0 WHEN 'm' THEN 0 WHEN 'S' THEN 2 ELSE 1 END, c.relname
  LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', r.kind, r.name);
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure::text AS sig,
           CASE p.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END AS kind
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.proowner = me
     ORDER BY p.prokind = 'a' DESC
  LOOP
    IF EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure(r.sig)) THEN
      EXECUTE format('DROP %s %s CASCADE', r.kind, r.sig);
    END IF;
  END LOOP;
  FOR r IN
    SELECT format('%I.%I', n.nspname, c.collname) AS name
      FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
     WHERE n.nspname = 'public' AND c.collowner = me
  LOOP
    EXECUTE format('DROP COLLATION IF EXISTS %s CASCADE', r.name);
  END LOOP;
  FOR r IN
    SELECT format('%I.%I', n.nspname, t.typname) AS name
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typowner = me
       AND (t.typtype IN ('d', 'e', 'r')
            OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
  LOOP
    EXECUTE format('DROP TYPE IF EXISTS %s CASCADE', r.name);
  END LOOP;
END
$kehu_restore$;
`;

export interface PgRestoreResult {
  restoredFrom: string;
  /** The dump of the database as it was before the restore (in <data>/backups). */
  previous: string;
  info: PgBackupInfo & { customers: number };
}

/**
 * Restores the dump `candidate` into the office's database `url`, safely:
 * 1. inspectPgBackup (ours, not too new, its contents readable);
 * 2. the role must own the app's tables (checkRestorable; else a clear refusal: the README's
 *    owner role restores with pg_restore);
 * 3. the database as it is now is dumped to `<data>/backups/crm-before-restore-<time>.dump` (if
 *    that fails, nothing is restored);
 * 4. one transaction: the app's objects dropped, the dump's script run (psql, ON_ERROR_STOP), and
 *    COMMIT only once pg_restore has read the whole archive — any error, a damaged or cut-off
 *    dump, a lock it cannot get within a minute, rolls everything back: the data stay as they were.
 * Close the data host (every connection of the app) before calling it, and open again after
 * (openPgDatabase migrates a dump of an older version).
 */
export async function restorePgBackup(
  url: string,
  dataDir: string,
  candidate: string,
  options: { migrationsDir?: string; now?: Date; lockTimeoutSeconds?: number } = {},
): Promise<PgRestoreResult> {
  const source = path.resolve(candidate);
  const info = await inspectPgBackup(source, options);
  await checkRestorable(url);
  const dir = path.join(dataDir, BACKUPS_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  const stamp = localStamp(options.now ?? new Date());
  const previousFile = beforeRestoreFile(dir, stamp, PG_BACKUP_EXT);
  const previous = await pgBackupTo(url, previousFile).catch((err: unknown) => {
    throw new BackupRefused(`当前数据库无法先备份（${(err as Error).message}），没有恢复，数据保持原样`);
  });

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-restore-'));
  try {
    // The archive's entries but the servers' own state: pg_restore --use-list.
    const list = path.join(work, 'restore.list');
    fs.writeFileSync(
      list,
      parseToc(info.toc)
        .filter((e) => !isState(e))
        .map((e) => e.line)
        .join('\n') + '\n',
    );
    await runInOneTransaction(url, source, list, options.lockTimeoutSeconds ?? 60);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const [row] = await pgQuery<{ n: number }>(url, 'SELECT count(*)::int AS n FROM customer');
  return { restoredFrom: source, previous: previous.file, info: { ...info, customers: row.n } };
}

/** pg_restore's script for `source` into psql, in one transaction committed only after a clean read. */
async function runInOneTransaction(url: string, source: string, list: string, lockSeconds: number): Promise<void> {
  const psql = startTool(url, 'psql', ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1'], {
    stdin: 'pipe',
    stdout: 'ignore',
  });
  const restore = startTool(
    url,
    'pg_restore',
    ['--no-owner', '--no-privileges', `--use-list=${list}`, '--file=-', source],
    { stdout: 'pipe', connect: false },
  );
  const stdin = psql.child.stdin!;
  stdin.on('error', () => undefined); // psql stopped at an error: its own message says why
  stdin.write(
    `SET lock_timeout = '${Math.max(1, Math.round(lockSeconds))}s';\nBEGIN;\nSET LOCAL search_path = pg_catalog;\n${DROP_APP_OBJECTS}\n`,
  );
  (restore.child.stdout as Readable).pipe(stdin, { end: false });
  let restoreEnded = false;
  let stoppedByPsql = false;
  const [read, ran] = await Promise.all([
    restore.done.then((r) => {
      restoreEnded = true;
      if (r.code === 0) stdin.end(`${RESTORE_BUMPS_REVISION}\nCOMMIT;\n`);
      // Never COMMIT a script that was cut off: psql dies without it and the server rolls back.
      else psql.child.kill('SIGKILL');
      return r;
    }),
    psql.done.then((r) => {
      // psql stopped at an error (ON_ERROR_STOP): pg_restore would wait on a full pipe for ever.
      if (!restoreEnded) {
        stoppedByPsql = true;
        restore.child.kill('SIGKILL');
      }
      return r;
    }),
  ]);
  if (read.code !== 0 && !stoppedByPsql) {
    throw new BackupRefused(`备份文件不完整或已损坏（${restoreSaid(read.stderr, read.code)}），没有恢复，数据保持原样`);
  }
  if (ran.code !== 0) {
    const error = ran.stderr
      .split('\n')
      .find((l) => /ERROR|错误/.test(l))
      ?.replace(/^psql:[^:]*:\d+:\s*/, '');
    throw new BackupRefused(
      `恢复没有完成（${error ?? (lastLines(ran.stderr) || `psql 退出（${ran.code}）`)}），数据保持原样`,
    );
  }
}
