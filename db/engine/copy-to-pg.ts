/**
 * Moves an office from its crm.db into an empty PostgreSQL database (`npm run migrate:pg`, and
 * `npm run seed -- --pg`): every row of every table, the counters and 工作台/statistics sums as
 * they are, the quick search rebuilt as the app writes it, the 操作日志 chain unchanged.
 *
 * The choice for a run that is stopped half-way: **everything in one transaction**. The target's
 * schema comes from the migrations first (openPgDatabase, committed on its own: an empty schema
 * is no office); then one transaction takes the office's write lock, refuses a database that
 * already holds an office, and inside it drops the secondary indexes and foreign keys of the
 * copied tables, disables their triggers (`DISABLE TRIGGER USER`: the table owner may), empties
 * them (the baseline's 客户状态 rows), COPYs every table in id order, writes customer_search,
 * builds the indexes again, adds the foreign keys back (each checked in one pass), enables the
 * triggers and moves every identity sequence past the largest id — then commits. DDL is
 * transactional in PostgreSQL, so a failure, a killed process or a lost connection at any point
 * rolls all of it back (triggers, indexes and constraints included) and the target is again the
 * empty database a second run starts from. Nothing is ever written to crm.db (it is opened
 * read-only and read in one snapshot).
 *
 * Counters and sums (customer_count, followup_*, customer_day, customer_arrears, arrears_count,
 * money_day, product_month, arrears_day, fee_due_*) are copied verbatim with the triggers off, so
 * they hold exactly SQLite's values; status_change likewise. Search: SQLite's FTS5 table is not
 * copied; PostgreSQL's customer_search(id, doc) is written for every customer from the view
 * customer_search_text, with the same tokens refreshSearch (open-pg.ts) writes after a change.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { searchTokens } from '../../core/fold.js';
import { tsvectorOf } from '../customers/search-sql.js';
import { APPLICATION_ID } from '../integrity.js';
import { verifyLogChain, type ChainReport } from '../oplog-chain.js';
import { openDatabase, schemaVersion, loadMigrations, defaultMigrationsDir } from '../open.js';
import { openPgDatabase, redactUrl } from './open-pg.js';
import { withPgClient } from './pg-backup.js';
import { WRITE_LOCK } from './pg-database.js';

/** A refusal before anything was written: the message says why, in Chinese. */
export class MigrateRefused extends Error {
  readonly code = 'migrate_refused';
  constructor(message: string) {
    super(message);
    this.name = 'MigrateRefused';
  }
}

export interface CopyProgress {
  /** 'check', 'copy', 'search', 'indexes', 'constraints', 'commit', 'count', 'chain'. */
  phase: string;
  /** The table being copied (phase 'copy'). */
  table?: string;
  /** Rows done in this phase or table, and how many there are (0 when unknown). */
  rows: number;
  total: number;
  /** Milliseconds since the copy started. */
  ms: number;
}

export interface TableCount {
  table: string;
  sqlite: number;
  pg: number;
}

export interface CopyResult {
  tables: TableCount[];
  /** Wall time per phase, in order ('copy customer', 'search', 'indexes' …). */
  phases: { phase: string; ms: number }[];
  /** verifyLogChain on PostgreSQL after the commit. */
  chain: ChainReport;
  /** Every table's counts equal and the chain verifies. */
  ok: boolean;
  elapsedMs: number;
}

export interface CopyOptions {
  onProgress?: (p: CopyProgress) => void;
  /** The SQLite migrations' folder (tests); PostgreSQL's are its pg/. */
  migrationsDir?: string;
  /** Tests: throw inside the transaction right after this phase or table ('record', 'search' …). */
  failAfter?: string;
}

/**
 * SQLite's tables that PostgreSQL holds otherwise: customer_search is an FTS5 table there (its
 * shadow tables customer_search_* go with it) and a tsvector table here, rebuilt by the copy.
 */
const REBUILT = 'customer_search';
/** Tables whose rows mean an office is there: the target must have none. */
const OFFICE_TABLES = [
  'staff',
  'customer',
  'contact',
  'record',
  'supplier',
  'product_category',
  'product',
  'purchase',
  'payment',
  'quote',
  'delegation',
];

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface TablePlan {
  name: string;
  columns: string[];
  /** Whether the table has a rowid to read in order (not WITHOUT ROWID). */
  rowid: boolean;
}

/**
 * The tables and columns to copy: SQLite's final schema (a fresh database from the migrations),
 * its ordinary tables without the FTS5 table and its shadow tables, in schema order.
 */
export function copyPlan(migrationsDir?: string): TablePlan[] {
  const mem = openDatabase(':memory:', { migrationsDir, fullCheck: 'never' });
  try {
    const master = mem
      .prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid`,
      )
      .all();
    const virtual = master.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
    return master
      .filter((t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)))
      .map((t) => ({
        name: t.name,
        columns: mem
          .prepare<[string], { name: string }>(`SELECT name FROM pragma_table_info(?) ORDER BY cid`)
          .all(t.name)
          .map((c) => c.name),
        rowid: !/WITHOUT\s+ROWID\s*;?\s*$/i.test(t.sql),
      }));
  } finally {
    mem.close();
  }
}

/** A value in COPY's text format. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') {
    return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPE[c]) : v;
  }
  throw new Error(`无法搬迁的值（${typeof v}）：crm.db 里不应有二进制数据`);
}
const COPY_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** COPY's input, about 256 KB per chunk, from rows as arrays; `seen` counts the rows. */
function* copyChunks(rows: Iterable<unknown[]>, seen: (n: number) => void): Generator<string> {
  let chunk = '';
  let n = 0;
  for (const row of rows) {
    let line = copyField(row[0]);
    for (let i = 1; i < row.length; i++) line += '\t' + copyField(row[i]);
    chunk += line + '\n';
    n++;
    if (chunk.length > 262_144) {
      seen(n);
      n = 0;
      yield chunk;
      chunk = '';
    }
  }
  seen(n);
  if (chunk) yield chunk;
}

async function copyInto(client: pg.Client, table: string, columns: string[], chunks: Iterable<string>) {
  const stream = client.query(copyFrom(`COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}

/** Opens the source read-only and refuses what cannot be moved: a missing file, not ours, another version. */
function openSource(file: string, newest: number): Database.Database {
  if (!fs.existsSync(file)) throw new MigrateRefused(`找不到 ${file}：--data 要指向存放 crm.db 的文件夹`);
  const src = new Database(file, { readonly: true, fileMustExist: true });
  try {
    src.pragma('busy_timeout = 5000');
    const appId = src.pragma('application_id', { simple: true }) as number;
    const version = src.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID && !(appId === 0 && version > 0 && version < 8)) {
      throw new MigrateRefused(`${file} 不是本程序的数据库文件，没有搬迁`);
    }
    if (version > newest) {
      throw new MigrateRefused(
        `${file} 由更新版本的程序写入（数据结构版本 ${version}，本程序是 ${newest}）：请用同一版本的程序搬迁`,
      );
    }
    if (version < newest) {
      throw new MigrateRefused(
        `${file} 的数据结构版本是 ${version}，本程序是 ${newest}：请先用本版本的程序打开一次这个数据库` +
          `（它会先备份再升级），关闭后再搬迁`,
      );
    }
    return src;
  } catch (err) {
    src.close();
    throw err;
  }
}

/** The columns of the target's public tables. */
async function pgColumns(client: pg.Client): Promise<Map<string, string[]>> {
  const r = await client.query<{ t: string; c: string }>(
    `SELECT table_name AS t, column_name AS c FROM information_schema.columns
      WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
  );
  const out = new Map<string, string[]>();
  for (const { t, c } of r.rows) out.set(t, [...(out.get(t) ?? []), c]);
  return out;
}

/** Every table of the plan must be in PostgreSQL with the same columns (a baseline that drifted is a bug). */
function checkSchemas(plan: TablePlan[], src: Database.Database, target: Map<string, string[]>): void {
  for (const t of plan) {
    const have = src
      .prepare<[string], { name: string }>(`SELECT name FROM pragma_table_info(?)`)
      .all(t.name)
      .map((c) => c.name);
    const missingHere = t.columns.filter((c) => !have.includes(c));
    if (missingHere.length) {
      throw new MigrateRefused(`crm.db 的表 ${t.name} 缺少列 ${missingHere.join('、')}：文件的数据结构与其版本号不符`);
    }
    const cols = target.get(t.name);
    if (!cols) throw new MigrateRefused(`PostgreSQL 数据库缺少表 ${t.name}：迁移文件与 SQLite 的数据结构不一致`);
    const missing = t.columns.filter((c) => !cols.includes(c));
    if (missing.length) {
      throw new MigrateRefused(
        `PostgreSQL 的表 ${t.name} 缺少列 ${missing.join('、')}：迁移文件与 SQLite 的数据结构不一致`,
      );
    }
  }
  if (!target.has(REBUILT)) throw new MigrateRefused(`PostgreSQL 数据库缺少表 ${REBUILT}`);
}

/**
 * Copies the office in `sqliteFile` (a crm.db, opened read-only) into the PostgreSQL database at
 * `pgUrl`, which must hold no office (its schema is migrated first). Returns the rows per table on
 * both sides and the 操作日志 chain's verification on PostgreSQL. Throws MigrateRefused, with
 * nothing written, when the file's version is not the app's or the target already holds an office.
 */
export async function copy(sqliteFile: string, pgUrl: string, options: CopyOptions = {}): Promise<CopyResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const phases: { phase: string; ms: number }[] = [];
  let phaseStart = performance.now();
  const endPhase = (phase: string) => {
    const now = performance.now();
    phases.push({ phase, ms: Math.round(now - phaseStart) });
    phaseStart = now;
    if (options.failAfter === phase || options.failAfter === phase.replace(/^copy /, '')) {
      throw new Error(`搬迁在 ${phase} 之后中断（测试）`);
    }
  };
  const progress = (p: Omit<CopyProgress, 'ms'>) => options.onProgress?.({ ...p, ms: ms() });

  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const newest = schemaVersion(loadMigrations(migrationsDir));
  progress({ phase: 'check', rows: 0, total: 0 });
  const src = openSource(sqliteFile, newest);
  const plan = copyPlan(migrationsDir);
  // One snapshot of crm.db for the whole copy and its counts (a server still writing to it cannot
  // tear the copy; it should be stopped all the same, or its later changes stay behind).
  src.exec('BEGIN');
  const counts = new Map<string, number>();
  try {
    for (const t of [...plan.map((p) => p.name), REBUILT]) {
      counts.set(
        t,
        src
          .prepare(`SELECT count(*) FROM ${quote(t)}`)
          .pluck()
          .get() as number,
      );
    }
    // The target's schema from the migrations (refuses a database written by a newer app).
    openPgDatabase(pgUrl, { migrationsDir, statementTimeoutMs: 600_000 }).close();
    endPhase('check');

    let refused: MigrateRefused | null = null;
    await withPgClient(pgUrl, async (client) => {
      await client.query(`SET statement_timeout = 0`);
      await client.query(`SET search_path = "$user", public, pg_catalog`);
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
        await refuseAnOffice(client, pgUrl);
        checkSchemas(plan, src, await pgColumns(client));
        const tables = [...plan.map((p) => p.name), REBUILT];
        const undo = await dropIndexesAndKeys(client, tables);
        for (const t of tables) await client.query(`ALTER TABLE ${quote(t)} DISABLE TRIGGER USER`);
        await client.query(`TRUNCATE ${tables.map(quote).join(', ')}`);
        endPhase('prepare');

        for (const t of plan) {
          const total = counts.get(t.name) ?? 0;
          let rows = 0;
          progress({ phase: 'copy', table: t.name, rows, total });
          const select = `SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)}${t.rowid ? ' ORDER BY rowid' : ''}`;
          const it = src.prepare(select).raw().iterate() as IterableIterator<unknown[]>;
          let reported = 0;
          await copyInto(
            client,
            t.name,
            t.columns,
            copyChunks(it, (n) => {
              rows += n;
              if (rows - reported >= 200_000 || rows === total) {
                reported = rows;
                progress({ phase: 'copy', table: t.name, rows, total });
              }
            }),
          );
          endPhase(`copy ${t.name}`);
        }

        // The indexes again (the search's view reads contacts and delegations by customer), and
        // the planner's statistics of the loaded tables; customer_search's GIN after its rows.
        const searchIndexes = undo.indexes.filter((ix) => ix.table === REBUILT);
        progress({ phase: 'indexes', rows: 0, total: undo.indexes.length });
        for (const ix of undo.indexes) if (ix.table !== REBUILT) await client.query(ix.def);
        await client.query(`ANALYZE ${plan.map((t) => quote(t.name)).join(', ')}`);
        endPhase('indexes');
        await writeSearch(client, counts.get('customer') ?? 0, (rows, total) =>
          progress({ phase: 'search', rows, total }),
        );
        for (const ix of searchIndexes) await client.query(ix.def);
        await client.query(`ANALYZE ${REBUILT}`);
        endPhase('search');
        progress({ phase: 'constraints', rows: 0, total: undo.keys.length });
        for (const k of undo.keys) {
          await client.query(`ALTER TABLE ${k.table} ADD CONSTRAINT ${quote(k.name)} ${k.def}`);
        }
        for (const t of tables) await client.query(`ALTER TABLE ${quote(t)} ENABLE TRIGGER USER`);
        await setSequences(client, tables);
        endPhase('constraints');
        progress({ phase: 'commit', rows: 0, total: 0 });
        await client.query('COMMIT');
        endPhase('commit');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        // withPgClient rewraps errors (to scrub the connection string): a refusal keeps its class.
        if (err instanceof MigrateRefused) refused = err;
        else throw err;
      }
    });
    if (refused) throw refused;
  } finally {
    try {
      src.exec('COMMIT');
    } finally {
      src.close();
    }
  }

  progress({ phase: 'count', rows: 0, total: counts.size });
  const pgCounts = await withPgClient(pgUrl, async (client) => {
    const out = new Map<string, number>();
    for (const t of counts.keys()) {
      out.set(t, Number((await client.query(`SELECT count(*)::bigint AS n FROM ${quote(t)}`)).rows[0].n));
    }
    return out;
  });
  const tables = [...counts].map(([table, n]) => ({ table, sqlite: n, pg: pgCounts.get(table) ?? -1 }));
  endPhase('count');
  progress({ phase: 'chain', rows: 0, total: 0 });
  const db = openPgDatabase(pgUrl, { migrationsDir, readonly: true, statementTimeoutMs: 600_000 });
  let chain: ChainReport;
  try {
    chain = verifyLogChain(db);
  } finally {
    db.close();
  }
  endPhase('chain');
  return {
    tables,
    phases,
    chain,
    ok: chain.ok && tables.every((t) => t.sqlite === t.pg),
    elapsedMs: ms(),
  };
}

/** Refuses a target that holds any office data (under the write lock, so two runs cannot both pass). */
async function refuseAnOffice(client: pg.Client, pgUrl: string): Promise<void> {
  const r = await client.query<{ t: string }>(
    OFFICE_TABLES.map((t) => `SELECT '${t}' AS t WHERE EXISTS (SELECT 1 FROM ${quote(t)})`).join(' UNION ALL '),
  );
  if (r.rows.length) {
    throw new MigrateRefused(
      `PostgreSQL 数据库 ${redactUrl(pgUrl)} 里已经有办公室的数据（${r.rows.map((x) => x.t).join('、')} 不是空的），` +
        `没有写入任何数据：搬迁只写入空的数据库`,
    );
  }
}

interface Undo {
  /** The dropped secondary indexes: their table and CREATE INDEX statement. */
  indexes: { table: string; def: string }[];
  /** The dropped foreign keys: ALTER TABLE <table> ADD CONSTRAINT <name> <def>. */
  keys: { table: string; name: string; def: string }[];
}

/**
 * Drops the copied tables' foreign keys and the indexes that back no constraint (primary keys and
 * UNIQUE constraints stay): a bulk load builds an index once at the end far faster than it
 * maintains it row by row, and a foreign key added back is checked in one pass.
 */
async function dropIndexesAndKeys(client: pg.Client, tables: string[]): Promise<Undo> {
  const keys = (
    await client.query<{ table: string; name: string; def: string }>(
      `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def
         FROM pg_constraint
        WHERE contype = 'f' AND connamespace = 'public'::regnamespace
          AND (conrelid::regclass::text = ANY($1) OR confrelid::regclass::text = ANY($1))
        ORDER BY conrelid::regclass::text, conname`,
      [tables],
    )
  ).rows;
  for (const k of keys) await client.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${quote(k.name)}`);
  const indexes = (
    await client.query<{ table: string; name: string; def: string }>(
      `SELECT t.relname AS table, i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY t.relname, 1`,
      [tables],
    )
  ).rows;
  for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);
  return { indexes: indexes.map(({ table, def }) => ({ table, def })), keys };
}

/** Every identity column's sequence continues after the largest copied id. */
async function setSequences(client: pg.Client, tables: string[]): Promise<void> {
  const ids = (
    await client.query<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
        WHERE table_schema = 'public' AND is_identity = 'YES' AND table_name = ANY($1)`,
      [tables],
    )
  ).rows;
  for (const { t, c } of ids) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c)}) FROM ${quote(t)}), 0) + 1, false)`,
      [t, c],
    );
  }
}

/** A customer's search document: what refreshSearch (open-pg.ts) writes for `text` and `scope`. */
export const searchDocOf = (text: string | null, scope: string | null) =>
  tsvectorOf(`${searchTokens(text ?? '')}${scope ?? ''}`.split(' ').filter(Boolean));

/**
 * customer_search for every customer, from PostgreSQL's own view of what is indexed (the copied
 * rows, read through a cursor in this transaction): the next batch is asked for before this one is
 * tokenised, so the server reads while this process computes.
 */
async function writeSearch(client: pg.Client, total: number, seen: (rows: number, total: number) => void) {
  const BATCH = 20_000;
  await client.query(
    `DECLARE search_text NO SCROLL CURSOR FOR SELECT id, text, scope FROM customer_search_text ORDER BY id`,
  );
  const fetch = () =>
    client.query<[number, string | null, string | null]>({
      text: `FETCH ${BATCH} FROM search_text`,
      rowMode: 'array',
    });
  let next = fetch();
  let rows = 0;
  for (;;) {
    const batch = (await next).rows;
    if (batch.length === 0) break;
    next = fetch();
    let chunk = '';
    for (const [id, text, scope] of batch) chunk += `${id}\t${copyField(searchDocOf(text, scope))}\n`;
    await copyInto(client, REBUILT, ['id', 'doc'], [chunk]);
    rows += batch.length;
    seen(rows, total);
  }
  await client.query('CLOSE search_text');
}
