/**
 * PostgreSQL behind the better-sqlite3 API the data layer is written against: `prepare` →
 * get / all / run / iterate / pluck / raw / bind, `transaction`, `exec`, `close`. A handler
 * cannot tell the engines apart; what SQL differs between them is written side by side in its
 * area. SQLite keeps better-sqlite3 itself, with nothing in between.
 *
 * - Statements are translated once (pg-sql.ts) and kept per text.
 * - `run()` of an INSERT into a table with an `id` asks for it (`RETURNING id`), so
 *   `lastInsertRowid` is what better-sqlite3 gives.
 * - Transactions nest as better-sqlite3's do (savepoints). Before the outermost COMMIT the
 *   commit hooks run inside the transaction (the search tokens of the customers it touched).
 * - Errors carry SQLite's codes (`SQLITE_CONSTRAINT_UNIQUE` …) beside PostgreSQL's SQLSTATE, so
 *   the router's messages and the handlers' checks hold for both engines.
 */
import type Database from 'better-sqlite3';
import { bindValues, translate, type PgText } from './pg-sql.js';
import { PgError, SyncPg, type PgField } from './pg-sync.js';

/** SQLite's code for each PostgreSQL SQLSTATE the app tells apart. */
const SQLITE_CODE: Record<string, string> = {
  '23505': 'SQLITE_CONSTRAINT_UNIQUE',
  '23503': 'SQLITE_CONSTRAINT_FOREIGNKEY',
  '23514': 'SQLITE_CONSTRAINT_CHECK',
  '23502': 'SQLITE_CONSTRAINT_NOTNULL',
  P0001: 'SQLITE_CONSTRAINT_TRIGGER',
  '40001': 'SQLITE_BUSY',
  '40P01': 'SQLITE_BUSY',
  '55P03': 'SQLITE_BUSY',
  '53100': 'SQLITE_FULL',
  '25006': 'SQLITE_READONLY',
};

export class EngineError extends Error {
  readonly code: string;
  readonly sqlState: string | undefined;
  constructor(err: PgError) {
    super(err.message);
    this.name = 'SqliteError';
    this.sqlState = err.sqlState;
    this.code =
      (err.sqlState && SQLITE_CODE[err.sqlState]) ??
      (err.sqlState?.startsWith('23') ? 'SQLITE_CONSTRAINT' : `PG_${err.sqlState ?? 'ERROR'}`);
  }
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof PgError ? new EngineError(err) : err;
  }
}

export type CommitHook = (db: PgDatabase) => void;

export interface PgOpenOptions {
  /** The session's time zone (default: this process's), for `date(x, 'localtime')`. */
  timeZone?: string;
  /** Statements running longer are cancelled (ms, default 60 s). */
  statementTimeoutMs?: number;
  readonly?: boolean;
}

/** The office's write lock (any constant, the same for every server and app version). */
export const WRITE_LOCK = 5_179_020;
const WRITE_LOCK_BEGIN = `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`;
const READ_BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * The office database's revision (dataRevision, for the grid's jump maps and hit sets): one row,
 * bumped by every write transaction of the app on any server, and by a restore. The epoch is
 * drawn when the row is made, so a database made again never repeats an old revision. A
 * servers' state table (the kehu_ prefix): left out of dumps and restores.
 */
export const REVISION_TABLE = 'kehu_revision';
const BUMP_REVISION = `UPDATE ${REVISION_TABLE} SET n = n + 1`;
export const MAKE_REVISION = [
  `CREATE TABLE IF NOT EXISTS ${REVISION_TABLE} (
     one boolean PRIMARY KEY DEFAULT true CHECK (one), n bigint NOT NULL, epoch text NOT NULL)`,
  `INSERT INTO ${REVISION_TABLE} (one, n, epoch) VALUES (true, 0, md5(random()::text || clock_timestamp()::text))
   ON CONFLICT (one) DO NOTHING`,
];
/** Where a restore moves the revision on (inside its transaction; the table may not exist yet). */
export const RESTORE_BUMPS_REVISION = `DO $$ BEGIN
  IF to_regclass('public.${REVISION_TABLE}') IS NOT NULL THEN UPDATE public.${REVISION_TABLE} SET n = n + 1; END IF;
END $$;`;

/** exec() of transaction control: BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK (not TO). */
const TX_CONTROL = /^\s*(BEGIN|START|COMMIT|END|ROLLBACK)\b(?!\s+TO\b)/i;
/** SQL that changes data or schema (what SQLite would commit at once outside a transaction). */
const WRITES = /\b(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|TRUNCATE)\b/i;

export class PgDatabase {
  readonly engine = 'pg' as const;
  readonly name: string;
  readonly memory = false;
  readonly readonly: boolean;
  private readonly conn: SyncPg;
  private readonly texts = new Map<string, PgText>();
  private readonly hooks: CommitHook[] = [];
  private depth = 0;
  /** The caller began a transaction with exec('BEGIN …') (an export's snapshot). */
  private manualTx = false;
  private idTables: Set<string> | null = null;
  private isOpen = true;
  /** Statements run that may change data (total_changes() for dataRevision: own uncommitted writes). */
  writeCount = 0;
  /** The database has its revision counter (REVISION_TABLE): every write transaction bumps it. */
  counted = false;

  constructor(url: string, options: PgOpenOptions = {}) {
    const tz = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
    const session = [
      `SET TimeZone = '${tz.replace(/'/g, "''")}'`,
      // The baseline's SQLite-compatible functions (date(x), instr …) before the built-in casts of
      // the same name (pg_catalog.date(text) would turn '2026-13-01' into an error, not NULL).
      'SET search_path = "$user", public, pg_catalog',
      `SET statement_timeout = ${Math.max(1, Math.round(options.statementTimeoutMs ?? 60_000))}`,
      // The app's statements are short and many at once (100 clients on a few cores): JIT
      // compiling and parallel workers cost more than they save. PostgreSQL estimates 100 rows for
      // every jsonb_array_elements (the id and month lists), so a 25 ms 销售统计 query crossed
      // jit_above_cost and the parallel threshold and took 340 ms (BENCHMARKS.md).
      'SET jit = off',
      'SET max_parallel_workers_per_gather = 0',
      options.readonly ? 'SET default_transaction_read_only = on' : '',
    ]
      .filter(Boolean)
      .join('; ');
    this.readonly = !!options.readonly;
    this.conn = wrap(() => new SyncPg(url, { sessionSql: session }));
    // The connection string, as better-sqlite3's name is the file: the export's worker opens its own
    // read-only connection by it (never logged: redactUrl).
    this.name = url;
  }

  get open(): boolean {
    return this.isOpen;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  /** Runs `hook` inside every outermost transaction, just before it commits. */
  onCommit(hook: CommitHook): void {
    this.hooks.push(hook);
  }

  /** One statement as the engine runs it (after translation), for the statements below. */
  query(sql: string, params: unknown[] = [], array = false): { rows: unknown[]; fields: PgField[]; rowCount: number } {
    return wrap(() => this.conn.query(sql, params, array));
  }

  textOf(sql: string): PgText {
    let t = this.texts.get(sql);
    if (!t) {
      t = translate(sql);
      if (this.texts.size > 5000) this.texts.clear();
      this.texts.set(sql, t);
    }
    return t;
  }

  hasIdColumn(table: string): boolean {
    if (!this.idTables) {
      const r = this.query(
        `SELECT table_name FROM information_schema.columns
         WHERE column_name = 'id' AND table_schema = current_schema()`,
        [],
        true,
      );
      this.idTables = new Set((r.rows as string[][]).map((row) => row[0]));
    }
    return this.idTables.has(table);
  }

  /** After a schema change (migrations): which tables have ids is read again. */
  schemaChanged(): void {
    this.idTables = null;
  }

  prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    return new PgStatement(this, sql) as unknown as Database.Statement<P, R>;
  }

  exec(sql: string): this {
    const control = TX_CONTROL.exec(sql)?.[1]?.toUpperCase();
    if (control) {
      this.query(sql);
      this.manualTx = control === 'BEGIN' || control === 'START';
    } else {
      this.autocommit(WRITES.test(sql), () => this.query(sql));
    }
    return this;
  }

  /**
   * A write outside `transaction()` (and outside a BEGIN of the caller's): SQLite commits it at
   * once with its triggers' effects, the search tokens among them; here it runs as a transaction
   * of its own, so the commit hooks (search documents) and the office's write lock hold for it too.
   */
  autocommit<T>(writes: boolean, fn: () => T): T {
    if (!writes) return fn();
    const counted = () => {
      this.writeCount++;
      return fn();
    };
    if (this.depth > 0 || this.manualTx || this.readonly) return counted();
    return this.transaction(counted)();
  }

  /** One snapshot for a read (dialect.readTransaction): no write lock, no commit hooks. */
  readTransaction<T>(fn: () => T): T {
    if (this.depth > 0 || this.manualTx) return fn();
    this.query(READ_BEGIN);
    this.depth++;
    try {
      const value = fn();
      this.depth--;
      this.query('COMMIT');
      return value;
    } catch (err) {
      this.depth--;
      try {
        this.query('ROLLBACK');
      } catch {
        // The connection is gone: the database has ended the transaction itself.
      }
      throw err;
    }
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): Database.Transaction<F> {
    const run = (...args: Parameters<F>): ReturnType<F> => {
      const outer = this.depth === 0;
      const savepoint = `kehu_sp${this.depth}`;
      // Every write transaction takes the office's write lock first, on every server of the
      // database: writes are serial as on SQLite's one writer, so what a write reads under the
      // lock (the 操作日志 chain's head, a counter, the duplicate check before a create, a
      // version) is what it commits against — with writers on several servers.
      this.query(outer ? (this.readonly ? 'BEGIN' : WRITE_LOCK_BEGIN) : `SAVEPOINT ${savepoint}`);
      this.depth++;
      const writesBefore = this.writeCount;
      try {
        const value = fn(...args) as ReturnType<F>;
        if (outer) for (const hook of this.hooks) hook(this);
        // The database's revision moves with every transaction that wrote, on every server
        // (dataRevision): under the write lock, so in commit order.
        if (outer && this.counted && this.writeCount !== writesBefore) this.query(BUMP_REVISION);
        this.depth--;
        this.query(outer ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
        return value;
      } catch (err) {
        this.depth--;
        try {
          this.query(outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
          if (!outer) this.query(`RELEASE SAVEPOINT ${savepoint}`);
        } catch {
          // The connection is gone: the database has rolled the transaction back itself.
        }
        throw err;
      }
    };
    const t = run as unknown as Database.Transaction<F>;
    Object.assign(t, { default: run, deferred: run, immediate: run, exclusive: run });
    return t;
  }

  /** The PRAGMAs the app reads on either engine; anything else is SQLite's alone. */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const [name, assigned] = source.split('=').map((s) => s.trim().toLowerCase());
    if (name === 'query_only' && assigned !== undefined) {
      // A connection that refuses writes: SQLite's query_only, PostgreSQL's read-only transactions
      // (a write then fails with SQLSTATE 25006, SQLITE_READONLY here).
      const on = ['on', '1', 'true', 'yes'].includes(assigned);
      this.query(`SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
      return options.simple ? undefined : [];
    }
    if (['busy_timeout', 'foreign_keys', 'synchronous', 'journal_mode', 'cache_size'].includes(name) && assigned)
      return options.simple ? undefined : [];
    if (name === 'user_version') {
      if (assigned !== undefined) {
        this.query(
          `INSERT INTO schema_meta (k, v) VALUES ('user_version', $1) ON CONFLICT (k) DO UPDATE SET v = excluded.v`,
          [assigned],
        );
        return options.simple ? undefined : [];
      }
      const v = schemaVersionOf(this);
      return options.simple ? v : [{ user_version: v }];
    }
    throw new EngineError(new PgError({ message: `PostgreSQL 没有 PRAGMA ${name}`, code: '0A000' }));
  }

  /** JavaScript SQL functions are SQLite's; on PostgreSQL the areas use their own SQL. */
  function(): this {
    return this;
  }

  close(): this {
    if (this.isOpen) {
      this.isOpen = false;
      this.conn.close();
    }
    return this;
  }
}

/** The schema version of a PostgreSQL database (0 when it has no schema yet). */
export function schemaVersionOf(db: PgDatabase): number {
  const has = db.query(`SELECT to_regclass('schema_meta') IS NOT NULL`, [], true).rows[0] as number[];
  if (!has[0]) return 0;
  const r = db.query(`SELECT v FROM schema_meta WHERE k = 'user_version'`, [], true).rows[0] as string[] | undefined;
  return r ? Number(r[0]) : 0;
}

class PgStatement {
  private pluckOn = false;
  private rawOn = false;
  private bound: unknown[] | null = null;
  readonly reader: boolean;
  /** Changes data (run outside a transaction: one of its own, db.autocommit). */
  private readonly writes: boolean;

  constructor(
    private readonly db: PgDatabase,
    readonly source: string,
  ) {
    this.reader = /^\s*(SELECT|WITH|VALUES)\b/i.test(source) || /\bRETURNING\b/i.test(source);
    this.writes = !/^\s*(SELECT|VALUES|EXPLAIN|SHOW|SET)\b/i.test(source) && WRITES.test(source);
    // Fail at prepare, as better-sqlite3 does, on what cannot be translated.
    db.textOf(source);
  }

  pluck(on = true): this {
    this.pluckOn = on;
    if (on) this.rawOn = false;
    return this;
  }

  raw(on = true): this {
    this.rawOn = on;
    if (on) this.pluckOn = false;
    return this;
  }

  bind(...args: unknown[]): this {
    this.bound = args;
    return this;
  }

  private exec(args: unknown[], withId = false) {
    const t = this.db.textOf(this.source);
    const values = bindValues(t, this.bound ?? args);
    const text = withId ? `${t.text.replace(/[\s;]+$/, '')} RETURNING id` : t.text;
    return this.db.query(text, values, this.pluckOn || this.rawOn);
  }

  private shape(rows: unknown[]): unknown[] {
    return this.pluckOn ? (rows as unknown[][]).map((r) => r[0]) : rows;
  }

  get(...args: unknown[]): unknown {
    return this.shape(this.db.autocommit(this.writes, () => this.exec(args)).rows)[0];
  }

  all(...args: unknown[]): unknown[] {
    return this.shape(this.db.autocommit(this.writes, () => this.exec(args)).rows);
  }

  *iterate(...args: unknown[]): IterableIterator<unknown> {
    yield* this.shape(this.db.autocommit(this.writes, () => this.exec(args)).rows);
  }

  run(...args: unknown[]): Database.RunResult {
    const t = this.db.textOf(this.source);
    const withId = t.insertTable !== null && this.db.hasIdColumn(t.insertTable);
    const r = this.db.autocommit(this.writes, () => this.exec(args, withId));
    const rows = r.rows as Array<Record<string, unknown> | unknown[]>;
    const last = rows[rows.length - 1];
    const id = withId && last ? (Array.isArray(last) ? last[0] : last.id) : 0;
    return { changes: r.rowCount, lastInsertRowid: Number(id ?? 0) };
  }
}
