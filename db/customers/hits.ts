import type { DB } from '../open.js';

/**
 * The hits of a quick search as a bitset of customer ids, for a search sorted by a column: the
 * grid walks the sort index and keeps the entries whose bit is set (`crm_search_hit(@hitSet,
 * c.id)`), so a block reads about `limit / density` index entries and no table row.
 *
 * Why not SQL alone: `c.id IN (<full-text hits>)` builds an ephemeral b-tree of every hit on each
 * call (138,000 ids for 科技 at 1M: ~70 ms), and probing the full-text index per sort-index entry
 * (`MATCH … AND rowid = c.id`) costs ~45 µs an entry (every segment of the index is sought).
 * Reading the hits once as one `group_concat` string and parsing it costs about a third of the
 * b-tree, and the set is kept for the next blocks and jumps of the same search until anything
 * is committed (the caller passes the data revision, as for the jump map).
 *
 * The sets live in one registry per process, most recently used last, at most MAX_SETS of them
 * (a million customers: 125 KB each); each connection that runs a grid query gets the function.
 * A statement that names a set no longer kept fails loudly instead of returning other rows.
 */
export interface HitSet {
  /** The number the SQL function is given (`@hitSet`). */
  slot: number;
  /** How many hits. */
  count: number;
  bits: Uint32Array;
}

interface Entry extends HitSet {
  revision: string;
}

const MAX_SETS = 32;
const sets = new Map<string, Entry>();
const bySlot = new Map<number, Entry>();
const connectionIds = new WeakMap<DB, number>();
let nextSlot = 1;
let nextConnection = 1;

/** Adds `crm_search_hit(slot, id)` to a connection (once): 1 when the id is in the set. */
export function registerHitFunction(db: DB): void {
  if (connectionIds.has(db)) return;
  connectionIds.set(db, nextConnection++);
  db.function('crm_search_hit', { deterministic: true }, (slot: unknown, id: unknown) => {
    const set = bySlot.get(Number(slot));
    if (!set) throw new Error(`search hit set ${String(slot)} is no longer kept`);
    const n = Number(id);
    return n >= 0 && n >>> 5 < set.bits.length ? (set.bits[n >>> 5] >>> (n & 31)) & 1 : 0;
  });
}

/**
 * The hit set of `sql` (selecting `id`, the visible full-text hits) with `params`, read now or
 * kept from an earlier call at the same data revision.
 */
export function hitSet(db: DB, revision: string, sql: string, params: Record<string, unknown>): HitSet {
  registerHitFunction(db);
  const key = JSON.stringify([connectionIds.get(db), sql, params]);
  const kept = sets.get(key);
  sets.delete(key);
  if (kept) sets.set(key, kept); // most recently used last
  if (kept && kept.revision === revision) return kept;
  const maxId = db.prepare<[], number | null>('SELECT max(id) FROM customer').pluck().get() ?? 0;
  const text =
    db.prepare<Record<string, unknown>, string | null>(`SELECT group_concat(id) FROM (${sql})`).pluck().get(params) ??
    '';
  let bits = new Uint32Array((maxId >>> 5) + 1);
  let count = 0;
  let n = 0;
  const add = () => {
    if (n >>> 5 >= bits.length) {
      const grown = new Uint32Array((n >>> 5) + 1);
      grown.set(bits);
      bits = grown;
    }
    const word = n >>> 5;
    const bit = 1 << (n & 31);
    if (!(bits[word] & bit)) count++;
    bits[word] |= bit;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 44) {
      add();
      n = 0;
    } else n = n * 10 + ch - 48;
  }
  if (text.length) add();
  if (kept) {
    // Read again after a commit: the same slot, so a statement prepared earlier still names it.
    Object.assign(kept, { count, bits, revision });
    return kept;
  }
  const entry: Entry = { slot: nextSlot++, count, bits, revision };
  sets.set(key, entry);
  bySlot.set(entry.slot, entry);
  while (sets.size > MAX_SETS) {
    const [oldKey, old] = sets.entries().next().value!;
    sets.delete(oldKey);
    bySlot.delete(old.slot);
  }
  return entry;
}

/**
 * Makes every kept set be read again on its next use, as a commit does (the bench times the
 * first block of a sorted search with this).
 */
export function forgetHitSets(): void {
  for (const set of sets.values()) set.revision = '';
}
