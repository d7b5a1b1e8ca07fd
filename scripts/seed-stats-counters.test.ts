/**
 * The counters of 0011 on a bulk-loaded office (scripts/seed.ts). The seed writes rows in
 * multi-row INSERTs that flush when full, so a 维护记录 can be written before its customer: the
 * triggers of 0009 and 0011 that look the customer up would count nothing for it. The seed turns
 * those triggers off while loading and recomputes every table at its end with rebuildStatsCounters
 * (as it recomputes customer_count and customer_arrears): each equals a recount.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { rebuildStatsCounters, statsCountersAndRecount } from '../db/handlers/stats-recount.js';
import { openDatabase, type DB } from '../db/open.js';
import { seedDatabase } from './seed.js';

let dir: string | null = null;
let db: DB | null = null;
afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  db = dir = null;
});

it('a seeded office has every 销售统计 counter equal to a recount; rebuildStatsCounters repairs one', () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-seed-stats-'));
  db = openDatabase(path.join(dir, 'crm.db'));
  seedDatabase(db, { customers: 600, sales: 3, batch: 250, until: new Date('2026-11-26T00:00:00Z') });
  const seeded = statsCountersAndRecount(db);
  for (const [name, t] of Object.entries(seeded)) {
    expect(t.counters, name).toEqual(t.recount);
    expect(t.counters.length, name).toBeGreaterThan(0);
  }
  db.exec('DELETE FROM money_day');
  rebuildStatsCounters(db);
  const rebuilt = statsCountersAndRecount(db);
  for (const [name, t] of Object.entries(rebuilt)) {
    expect(t.counters, name).toEqual(t.recount);
    expect(t.counters.length, name).toBeGreaterThan(0);
  }
  expect(rebuilt.money_day.counters).toEqual(seeded.money_day.recount);
});
