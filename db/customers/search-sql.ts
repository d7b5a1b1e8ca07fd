/**
 * The quick search's SQL, written once per engine side by side. Both engines index the same
 * tokens (core/fold.ts: characters, bigrams, words, pinyin and initials, plus 0012's visibility
 * tokens), computed by the same JavaScript:
 * - SQLite: the FTS5 table customer_search; a query is a MATCH expression (searchMatch);
 * - PostgreSQL: customer_search.doc, a tsvector of those tokens at their positions (written by
 *   engine/open-pg.ts refreshSearch, no text-search parser involved), under a GIN index; a query
 *   is a tsquery built from the same parts — a CJK run is its bigrams as a phrase (`<->`, as
 *   FTS5's "…" phrase), a word a prefix (`:*`, as FTS5's *), the parts ANDed.
 * pg_trgm is not used: it cannot serve 1- and 2-character Chinese terms.
 */
import { searchMatch, searchParts } from '../../core/fold.js';
import { engineOf } from '../engine/dialect.js';
import type { DB } from '../open.js';

export interface SearchSql {
  /** What the user typed as the engine's full-text query; null when nothing searchable was typed. */
  match(query: string): string | null;
  /** The query that also requires one (visibility) token. */
  withToken(match: string, token: string): string;
  /** SQL selecting `id` of the customers whose tokens match the query bound as `param`. */
  hits(param: string): string;
  /** Whether the hits can be kept as a bitset for a walk of a sort index (SQLite's crm_search_hit). */
  bitset: boolean;
  /** Whether `hits … ORDER BY id DESC LIMIT n` reads n hits, not all (FTS5 yes; GIN gives them all). */
  hitsInOrder: boolean;
  /**
   * SQL selecting `id` of the customers above `@floor` (newestFloor) whose tokens match the
   * query bound as `param`, read from the end of the primary key, not from the full-text index.
   */
  newestHits(param: string): string;
}

const sqlite: SearchSql = {
  match: searchMatch,
  withToken: (match, token) => `(${match}) AND "${token}"`,
  hits: (param) => `SELECT rowid AS id FROM customer_search WHERE customer_search MATCH ${param}`,
  bitset: true,
  hitsInOrder: true,
  newestHits: (param) =>
    `SELECT rowid AS id FROM customer_search WHERE customer_search MATCH ${param} AND rowid > @floor`,
};

/** A lexeme of a tsquery or tsvector literal. */
export const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

const pg: SearchSql = {
  match(query) {
    const parts = searchParts(query).map((p) =>
      p.cjk ? `(${p.terms.map(lexeme).join(' <-> ')})` : `${lexeme(p.terms[0])}:*`,
    );
    return parts.length ? parts.join(' & ') : null;
  },
  withToken: (match, token) => `(${match}) & ${lexeme(token)}`,
  hits: (param) => `SELECT id FROM customer_search WHERE doc @@ CAST(${param} AS tsquery)`,
  bitset: false,
  hitsInOrder: false,
  // ts_match_vq is @@ under another name, which the GIN index does not serve.
  newestHits: (param) =>
    `SELECT id FROM customer_search WHERE id > @floor AND ts_match_vq(doc, CAST(${param} AS tsquery))`,
};

export const searchSqlOf = (db: DB): SearchSql => (engineOf(db) === 'pg' ? pg : sqlite);

/**
 * Where the hits do not come from the full-text index in id order (PostgreSQL's GIN gives all of
 * them at once: 138,000 for 科技 at a million), a newest-first read takes the newest customers
 * from the end of the primary key first (newestHits) — a common term fills its block there — and
 * only the older ones' hits from the index, which are few when the newest did not fill it.
 */
let NEWEST_WINDOW = 5000;

/** Sets the newest window (tests: both reads on a small office); returns the previous one. */
export function setNewestWindow(n: number): number {
  const old = NEWEST_WINDOW;
  NEWEST_WINDOW = n;
  return old;
}

/** The id above which a customer is in the newest window (`@floor`). */
export function newestFloor(db: DB): number {
  const newest = db.prepare<[], number | null>('SELECT max(id) FROM customer').pluck().get() ?? 0;
  return Math.max(0, newest - NEWEST_WINDOW);
}

/** PostgreSQL's document of a customer's tokens: each at its position (1-based, as FTS5 counts). */
export function tsvectorOf(tokens: string[]): string {
  // A tsvector holds positions up to 16383; later tokens share the last one (a phrase that long
  // does not occur in names, keywords, numbers or contacts).
  return tokens.map((t, i) => `${lexeme(t)}:${Math.min(i + 1, 16383)}`).join(' ');
}
