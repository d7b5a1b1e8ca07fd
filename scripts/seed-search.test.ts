import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchTokens } from '../core/fold.js';
import { openDatabase, type DB } from '../db/open.js';
import { seedDatabase } from './seed.js';
import { searchText, visibilityTokens, type SearchContact } from './seed-search.js';

/** A token string as a sorted multiset (the index is a bag of terms; the view joins delegations with ','). */
const bag = (tokens: string) =>
  tokens
    .split(/[\s,]+/)
    .filter(Boolean)
    .sort();

describe('the seed’s search rows (tokenised on a worker thread)', () => {
  let dir = '';
  let db: DB | null = null;
  afterAll(() => {
    db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are what the view customer_search_text says, for every seeded customer', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-seed-search-'));
    db = openDatabase(path.join(dir, 'crm.db'));
    // Small batches and chunks, so that several chunks are in flight and written while loading.
    seedDatabase(db, {
      customers: 3_000,
      sales: 4,
      batch: 700,
      tokenChunk: 400,
      until: new Date('2026-11-26T00:00:00Z'),
    });
    const seeded = db;

    // 1. The strings the seed builds from its generated values equal the view's, customer by customer
    //    (built here from the stored rows, as the seed built them from the same values).
    const contacts = new Map<number, SearchContact[]>();
    for (const k of seeded
      .prepare<[], SearchContact & { customer_id: number }>(
        'SELECT customer_id, name, mobile, phone FROM contact ORDER BY customer_id, id',
      )
      .all())
      contacts.set(k.customer_id, [...(contacts.get(k.customer_id) ?? []), k]);
    const delegates = new Map<number, number[]>();
    for (const d of seeded
      .prepare<[], { customer_id: number; to_id: number }>(
        'SELECT customer_id, to_id FROM delegation WHERE revoked_at IS NULL ORDER BY id',
      )
      .all())
      delegates.set(d.customer_id, [...(delegates.get(d.customer_id) ?? []), d.to_id]);
    const rows = seeded
      .prepare<
        [],
        {
          id: number;
          name: string;
          keyword: string;
          phone: string;
          region: string;
          owner_id: number;
          text: string;
          tokens: string;
        }
      >(
        `SELECT c.id, c.name, c.keyword, c.phone, c.region, c.owner_id, v.text, v.tokens
         FROM customer c JOIN customer_search_text v ON v.id = c.id ORDER BY c.id`,
      )
      .all();
    expect(rows).toHaveLength(3_000);
    expect(delegates.size).toBeGreaterThan(10);
    for (const r of rows) {
      const text = searchText(r, contacts.get(r.id) ?? []);
      expect(text).toBe(r.text);
      expect(bag(searchTokens(text) + visibilityTokens(r.owner_id, delegates.get(r.id) ?? []))).toEqual(bag(r.tokens));
    }

    // 2. The index the seed wrote answers every query as one built from the view does.
    seeded.exec(`CREATE VIRTUAL TABLE check_search USING fts5 (tokens, content = '', tokenize = 'unicode61');
                 INSERT INTO check_search (rowid, tokens) SELECT id, tokens FROM customer_search_text;`);
    const hits = (table: string, match: string) =>
      seeded.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).pluck().all(match);
    const terms = new Set<string>();
    for (const r of rows.filter((_, i) => i % 97 === 0)) {
      for (const t of bag(r.tokens)) terms.add(t);
    }
    expect(terms.size).toBeGreaterThan(200);
    let found = 0;
    for (const t of terms) {
      const match = `"${t.replace(/"/g, '""')}"`;
      const expected = hits('check_search', match);
      expect(hits('customer_search', match), t).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(terms.size);
  }, 60_000);
});
