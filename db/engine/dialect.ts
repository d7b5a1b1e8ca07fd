/**
 * The SQL fragments that differ between the engines, each written once per engine side by side
 * here; an area builds its statement from them (`dialectOf(ctx.db).jsonIds('?', 'j')`), never
 * with an `if (pg)` of its own. Everything not listed runs unchanged on both (pg-sql.ts does the
 * placeholders; the PostgreSQL baseline defines date(), julianday(), group_concat() and friends).
 */
import type { DB } from '../open.js';
import { REVISION_TABLE, type PgDatabase } from './pg-database.js';

export type Engine = 'sqlite' | 'pg';

export interface Dialect {
  engine: Engine;
  /**
   * The ids of a JSON array bound as `param` (e.g. '?' or '@ids'), as a FROM item `alias` with
   * one column `value`: `FROM ${jsonIds('?', 'j')}` or `IN (SELECT value FROM ${jsonIds('?', 'j')})`.
   */
  jsonIds(param: string, alias: string): string;
  /** The same for a JSON array of strings. */
  jsonTexts(param: string, alias: string): string;
  /**
   * The elements of a JSON array bound as `param`, as a FROM item `alias` with columns `key` (the
   * index, from 0) and `value` (the element), read with jsonField.
   */
  jsonRows(param: string, alias: string): string;
  /** Field `name` of a jsonRows element, as text or (`int`) as an integer. */
  jsonField(alias: string, name: string, type?: 'text' | 'int'): string;
  /** Field `name` of element number `index` (an SQL expression) of the JSON array `param`. */
  jsonAt(param: string, index: string, name: string): string;
  /**
   * SELECTs that are each in `order` (an index's order), merged into one ordered block:
   * `… ORDER BY order LIMIT @limit OFFSET @offset`. SQLite merges them as they come (MERGE UNION
   * ALL); PostgreSQL 15 appends a top-level UNION ALL and sorts all of it — tens of thousands of
   * rows after a cursor — so each arm is cut to its first @limit + @offset rows first.
   */
  inOrder(arms: string[], order: string): string;
  /**
   * `CROSS JOIN` the customer `c` of each row of `h` (a FROM item with an `id` column), looked
   * up by key for each of them in h's order. SQLite: its join order hint. PostgreSQL: a LATERAL
   * lookup, which its planner does not turn into a merge join walking the whole customer key
   * backwards (its estimate for a salesperson's visibility filter is a fifth of the office: a
   * search with 344 hits read 580,000 customers, 2 s).
   */
  customerOf(h: string): string;
  /** Starts a read transaction that sees one snapshot for every statement in it (an export). */
  beginSnapshot: string;
  /**
   * A value that changes whenever anything was committed, by this connection or another (what
   * the grid's jump maps and hit sets are kept for). SQLite: PRAGMA data_version and this
   * connection's total_changes(). PostgreSQL: the database's revision counter (kehu_revision,
   * bumped by every write transaction of every server and by a restore: PgDatabase) and this
   * connection's own write statements (its uncommitted writes).
   */
  dataRevision(db: DB): string;
  /**
   * Runs `fn` as one read: all its statements see one snapshot. SQLite: a deferred transaction
   * (a read takes no lock). PostgreSQL: READ ONLY REPEATABLE READ, without the office's write
   * lock and the commit hooks of a write transaction — a read call must not queue behind the
   * writes of every server (a write in it fails: read-only transaction).
   */
  readTransaction<T>(db: DB, fn: () => T): T;
  /** Whether the schema has table `name`. */
  hasTable(db: DB, name: string): boolean;
  /**
   * What is wrong with the stored data, empty when nothing is: SQLite's PRAGMA quick_check or
   * integrity_check of the file (up to 20 lines). PostgreSQL keeps and checks its own pages (a
   * damaged one fails the read that meets it): 'quick' reads a row of every table, 'integrity'
   * every table whole; each table that cannot be read is a line.
   */
  storageProblems(db: DB, kind: 'quick_check' | 'integrity_check'): string[];
}

const sqlite: Dialect = {
  engine: 'sqlite',
  jsonIds: (param, alias) => `json_each(${param}) ${alias}`,
  jsonTexts: (param, alias) => `json_each(${param}) ${alias}`,
  jsonRows: (param, alias) => `json_each(${param}) ${alias}`,
  beginSnapshot: 'BEGIN',
  inOrder: (arms, order) => `${arms.join(' UNION ALL ')} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  jsonField: (alias, name) => `${alias}.value ->> '$.${name}'`,
  jsonAt: (param, index, name) => `json_extract(${param}, '$[' || ${index} || '].${name}')`,
  readTransaction: (db, fn) => db.transaction(fn)(),
  customerOf: (h) => `CROSS JOIN customer c ON c.id = ${h}.id`,
  dataRevision(db) {
    const r = db.prepare<[], { t: number }>('SELECT total_changes() AS t').get()!;
    return `${db.pragma('data_version', { simple: true }) as number}:${r.t}`;
  },
  hasTable: (db, name) =>
    db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(name) === 1,
  storageProblems(db, kind) {
    const rows = db.pragma(`${kind}(20)`, { simple: false }) as Record<string, string>[];
    const lines = rows.map((r) => String(Object.values(r)[0]));
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  },
};

const pg: Dialect = {
  engine: 'pg',
  jsonIds: (param, alias) =>
    `(SELECT e::bigint AS value FROM jsonb_array_elements_text(CAST(${param} AS jsonb)) e) ${alias}`,
  jsonTexts: (param, alias) => `(SELECT e AS value FROM jsonb_array_elements_text(CAST(${param} AS jsonb)) e) ${alias}`,
  jsonRows: (param, alias) =>
    `(SELECT o - 1 AS key, v AS value FROM jsonb_array_elements(CAST(${param} AS jsonb)) WITH ORDINALITY AS x (v, o)) ${alias}`,
  jsonField: (alias, name, type = 'text') =>
    type === 'int' ? `CAST(${alias}.value ->> '${name}' AS bigint)` : `(${alias}.value ->> '${name}')`,
  jsonAt: (param, index, name) => `(CAST(${param} AS jsonb) -> CAST(${index} AS int) ->> '${name}')`,
  beginSnapshot: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  inOrder: (arms, order) =>
    `${arms.map((arm) => `(${arm} ORDER BY ${order} LIMIT CAST(@limit AS bigint) + CAST(@offset AS bigint))`).join(' UNION ALL ')}
     ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  readTransaction: (db, fn) => (db as unknown as PgDatabase).readTransaction(fn),
  customerOf: (h) => `CROSS JOIN LATERAL (SELECT * FROM customer c WHERE c.id = ${h}.id OFFSET 0) c`,
  dataRevision(db) {
    // The database's own counter (every write transaction of every server bumps it: PgDatabase)
    // and this connection's writes not yet committed. Not the cluster's snapshot: other
    // databases' and the servers' own state writes (heartbeats) moved it every second.
    const counter = db.prepare(`SELECT epoch || ':' || n FROM ${REVISION_TABLE}`).pluck().get() as string;
    return `${counter}:${(db as unknown as { writeCount: number }).writeCount}`;
  },
  hasTable: (db, name) => db.prepare('SELECT to_regclass(?) IS NOT NULL').pluck().get(name) === 1,
  storageProblems(db, kind) {
    const tables = db
      .prepare(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
      .pluck()
      .all() as string[];
    const problems: string[] = [];
    for (const t of tables) {
      try {
        db.prepare(kind === 'quick_check' ? `SELECT 1 FROM "${t}" LIMIT 1` : `SELECT count(*) FROM "${t}"`).get();
      } catch (err) {
        problems.push(`${t}: ${(err as Error).message}`);
        if (problems.length === 20) break;
      }
    }
    return problems;
  },
};

/** A database named by a PostgreSQL connection string rather than a file. */
export const isPgUrl = (name: string) => /^postgres(ql)?:\/\//i.test(name);

export function engineOf(db: DB): Engine {
  return (db as unknown as { engine?: string }).engine === 'pg' ? 'pg' : 'sqlite';
}

export function dialectOf(db: DB): Dialect {
  return engineOf(db) === 'pg' ? pg : sqlite;
}
