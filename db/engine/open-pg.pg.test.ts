/**
 * Opening an office's PostgreSQL database (vitest.pg.config.ts only): the migrations as on SQLite
 * — an empty database starts from the baseline at version 13, a database at the app's version is
 * opened as it is, one written by a newer app is refused and left alone, and an app whose SQLite
 * migrations have no PostgreSQL twin refuses to migrate rather than half-migrate.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError } from '../integrity.js';
import { defaultMigrationsDir, loadMigrations, schemaVersion, type DB } from '../open.js';
import { openPgDatabase, redactUrl } from './open-pg.js';
import { PgDatabase, schemaVersionOf } from './pg-database.js';
import { freshPgDatabase } from './pg-testing.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

function empty(): string {
  const fresh = freshPgDatabase({ empty: true });
  cleanup.push(fresh.drop);
  return fresh.url;
}

function open(url: string, options: Parameters<typeof openPgDatabase>[1] = {}): DB {
  const db = openPgDatabase(url, options);
  cleanup.push(() => db.close());
  return db;
}

const tables = (db: DB) =>
  db
    .prepare(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
    )
    .pluck()
    .all() as string[];

describe('openPgDatabase: the migrations on PostgreSQL', () => {
  it('brings an empty database to the app’s version from the baseline, and opens it again as it is', () => {
    const url = empty();
    const db = open(url);
    const version = schemaVersion(loadMigrations());
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    expect(tables(db)).toEqual(expect.arrayContaining(['customer', 'contact', 'record', 'staff', 'schema_meta']));
    db.prepare(`INSERT INTO customer_status (name, sort_order) VALUES ('测试状态', 99)`).run();
    db.close();

    const again = open(url);
    expect(again.pragma('user_version', { simple: true })).toBe(version);
    expect(again.prepare(`SELECT count(*) FROM customer_status WHERE name = '测试状态'`).pluck().get()).toBe(1);
  });

  it('does not migrate on a read-only connection', () => {
    const url = empty();
    const db = open(url, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuses a database written by a newer app, naming it without its password, and changes nothing', () => {
    const url = empty();
    const db = open(url);
    const newer = schemaVersion(loadMigrations()) + 1;
    db.pragma(`user_version = ${newer}`);
    db.close();
    let error: unknown;
    try {
      open(url);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect((error as Error).message).toContain(`数据结构版本为 ${newer}`);
    expect((error as Error).message).toContain(redactUrl(url));
    expect((error as Error).message).not.toContain(':kehu_test@');
    expect(() => open(url, { readonly: true })).toThrow(DatabaseTooNewError);
    const raw = new PgDatabase(url, { readonly: true });
    cleanup.push(() => raw.close());
    expect(schemaVersionOf(raw)).toBe(newer);
  });

  it('refuses to migrate when a SQLite migration has no PostgreSQL twin, and leaves the database empty', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-pg-migrations-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.cpSync(defaultMigrationsDir(), dir, { recursive: true });
    const next = String(schemaVersion(loadMigrations()) + 1).padStart(4, '0');
    fs.writeFileSync(path.join(dir, `${next}_more.sql`), 'CREATE TABLE more_things (id INTEGER PRIMARY KEY);\n');
    const url = empty();
    expect(() => open(url, { migrationsDir: dir })).toThrow(/缺少 migrations\/pg 里的迁移/);
    expect(tables(open(url, { readonly: true }))).toEqual([]);
  });
});
