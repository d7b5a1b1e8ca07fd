/**
 * The test fixture's PostgreSQL side: every test app gets a database of its own, copied from a
 * template that the migrations built once (CREATE DATABASE … TEMPLATE, ~0.2 s), and dropped when
 * the app closes. The suites run on PostgreSQL when `KEHU_TEST_ENGINE=pg` and `KEHU_TEST_PG_URL`
 * (a role with CREATEDB, e.g. postgres://kehu:kehu@127.0.0.1:5432/postgres) are set — as
 * `npm test`'s "unit tests on PostgreSQL" step sets them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { defaultMigrationsDir, type DB } from '../open.js';
import { openPgDatabase, pgMigrationsDir } from './open-pg.js';
import { SyncPg } from './pg-sync.js';

export type TestEngine = 'sqlite' | 'pg';

/** The engine the tests of this process run on. */
export function testEngine(): TestEngine {
  return process.env.KEHU_TEST_ENGINE === 'pg' ? 'pg' : 'sqlite';
}

function adminUrl(): string {
  const url = process.env.KEHU_TEST_PG_URL;
  if (!url) throw new Error('KEHU_TEST_ENGINE=pg needs KEHU_TEST_PG_URL (a role with CREATEDB)');
  return url;
}

export function urlOf(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

let admin: SyncPg | null = null;
let template: string | null = null;
let made = 0;

function adminConn(): SyncPg {
  admin ??= new SyncPg(adminUrl());
  return admin;
}

/** The template's name changes with the migrations' text (an edited migration builds a new one) and the role. */
function templateName(): string {
  const dir = pgMigrationsDir(defaultMigrationsDir());
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(`${dir}/${f}`));
  // Per role too: only a template's owner may copy it.
  h.update(new URL(adminUrl()).username);
  return `kehu_tpl_${h.digest('hex').slice(0, 12)}`;
}

const exists = (c: SyncPg, name: string) =>
  (c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]).rows.length as number) > 0;

function ensureTemplate(): string {
  if (template) return template;
  const c = adminConn();
  const name = templateName();
  // Test files run in parallel processes: one builds the template, the others wait for it.
  c.query('SELECT pg_advisory_lock(5179014)');
  try {
    if (!exists(c, name)) {
      const building = `${name}_build`;
      c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      c.query(`CREATE DATABASE ${building}`);
      openPgDatabase(urlOf(adminUrl(), building)).close();
      c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
  } finally {
    c.query('SELECT pg_advisory_unlock(5179014)');
  }
  template = name;
  return name;
}

/**
 * A fresh PostgreSQL database of its own (migrated from the template, or empty), by connection
 * string — for tests that start servers or tools on it; `drop` removes it.
 */
export function freshPgDatabase(opts: { empty?: boolean } = {}): { url: string; drop(): void } {
  const c = adminConn();
  const name = `kehu_t_${process.pid}_${++made}_${crypto.randomBytes(3).toString('hex')}`;
  c.query(opts.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${ensureTemplate()}`);
  return { url: urlOf(adminUrl(), name), drop: () => dropDatabase(c, name) };
}

/** A fresh, migrated PostgreSQL database of its own, dropped again when it is closed. */
export function openPgTestDatabase(): DB {
  const fresh = freshPgDatabase();
  const db = openPgDatabase(fresh.url);
  const close = db.close.bind(db);
  db.close = () => {
    close();
    fresh.drop();
    return db;
  };
  return db;
}

/**
 * Drops a test database. FORCE ends this role's other sessions on it (an export's reader); a
 * session of the server's own (autovacuum on a fresh database) cannot be ended by a role without
 * superuser, so the drop is tried again until it has gone.
 */
function dropDatabase(c: SyncPg, name: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (err) {
      if (attempt >= 50) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}
