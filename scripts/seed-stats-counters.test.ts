/**
 * The counters of 0011 on a bulk-loaded office (scripts/seed.ts). The seed writes rows in
 * multi-row INSERTs that flush when full, so a 维护记录 can be written before its customer: the
 * triggers of 0009 and 0011 that look the customer up then count nothing for it. Purchases and
 * payments are written after their customers and are counted by the triggers; every table is
 * recomputed by rebuildStatsCounters, which a bulk load calls at its end (as it recomputes
 * customer_count and customer_arrears).
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

it('rebuildStatsCounters recomputes the 销售统计 counters of a seeded office; the triggers kept those of purchases', () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-seed-stats-'));
  db = openDatabase(path.join(dir, 'crm.db'));
  seedDatabase(db, { customers: 600, sales: 3, batch: 250, until: new Date('2026-11-26T00:00:00Z') });
  const seeded = statsCountersAndRecount(db);
  for (const name of ['money_day', 'product_month', 'arrears_day', 'fee_day'] as const) {
    expect(seeded[name].counters, name).toEqual(seeded[name].recount);
    expect(seeded[name].counters.length, name).toBeGreaterThan(0);
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
