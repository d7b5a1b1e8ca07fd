import type { DuplicateMatch } from '../../core/contract.js';
import type { Ctx } from '../context.js';
import { fold } from '../../core/fold.js';
import type { DB } from '../open.js';
import { dialectOf } from '../engine/dialect.js';
import { newestFloor, searchSqlOf } from './search-sql.js';

/** The form shows the first matches; the warning says how many there are, up to this count. */
export const DUPLICATE_SHOWN = 20;
export const DUPLICATE_COUNT_CAP = 1000;

/** Keywords are at most 20 characters (contract): longer substrings of a name cannot equal one. */
const MAX_KEYWORD = 20;

interface Finder {
  /** SQL selecting candidate ids (for counting, in any order). */
  sql: string;
  params: Record<string, unknown>;
  /** How findDuplicates orders them: the oldest keyword matches, the newest name matches. */
  order: string;
}

/**
 * The two directions of the check, each from an index and each stopping at its LIMIT, so the
 * check costs the same whatever the keyword (a common one such as 科技 is in 138,000 names):
 * - an existing 关键字 equal to the new keyword or contained in the new name: an exact look-up of
 *   each substring of the folded name (≤ 20 characters) in customer_keyword_fold;
 * - the new keyword contained in an existing 客户名称: its full-text hits (newest first), each
 *   confirmed with instr() on the folded name (the index also holds other fields and pinyin).
 * Written as two queries rather than one OR / UNION, which SQLite would materialise whole.
 */
function finders(db: DB, name: string, keyword: string, excludeId: number | null): Finder[] {
  const d = dialectOf(db);
  const search = searchSqlOf(db);
  const k = fold(keyword);
  const n = fold(name);
  const substrings = new Set<string>();
  const chars = [...n];
  for (let i = 0; i < chars.length; i++) {
    for (let j = i + 1; j <= Math.min(chars.length, i + MAX_KEYWORD); j++) substrings.add(chars.slice(i, j).join(''));
  }
  if (k) substrings.add(k);
  const exclude = excludeId ?? 0;
  const out: Finder[] = [];
  if (substrings.size) {
    out.push({
      // +c.id: the few exact matches sorted, never a walk of the primary key looking for them.
      sql: `SELECT c.id FROM customer c
            WHERE c.keyword_fold IN (SELECT value FROM ${d.jsonTexts('@subs', 's')}) AND c.deleted_at IS NULL AND c.id <> @exclude`,
      params: { subs: JSON.stringify([...substrings]), exclude },
      order: 'ORDER BY +c.id',
    });
  }
  const match = k ? search.match(k) : null;
  if (match && search.hitsInOrder) {
    out.push({
      sql: `SELECT c.id FROM (${search.hits('@match')} ORDER BY id DESC) h
            CROSS JOIN customer c ON c.id = h.id
            WHERE instr(c.name_fold, @k) > 0 AND c.deleted_at IS NULL AND c.id <> @exclude`,
      params: { match, k, exclude },
      order: 'ORDER BY h.id DESC',
    });
  } else if (match) {
    // The newest customers by key first, the older ones' hits after (newestFloor).
    const floor = newestFloor(db);
    out.push(
      {
        sql: `SELECT c.id FROM customer c
              WHERE c.id > @floor AND instr(c.name_fold, @k) > 0 AND c.deleted_at IS NULL AND c.id <> @exclude`,
        params: { k, exclude, floor },
        order: 'ORDER BY c.id DESC',
      },
      {
        sql: `SELECT c.id FROM (${search.hits('@match')}) h CROSS JOIN customer c ON c.id = h.id
              WHERE h.id <= @floor AND instr(c.name_fold, @k) > 0 AND c.deleted_at IS NULL AND c.id <> @exclude`,
        params: { match, k, exclude, floor },
        order: 'ORDER BY c.id DESC',
      },
    );
  }
  return out;
}

/**
 * Live customers (other than `excludeId`, of every salesperson) whose name contains the keyword,
 * whose keyword equals it, or whose keyword is contained in the name — compared after folding
 * full-width/half-width and case. The first DUPLICATE_SHOWN (the oldest keyword matches, then the
 * newest name matches); only name and 业务员 are returned.
 */
export function findDuplicates(ctx: Ctx, name: string, keyword: string, excludeId: number | null): DuplicateMatch[] {
  const ids = new Set<number>();
  for (const f of finders(ctx.db, name, keyword, excludeId)) {
    if (ids.size >= DUPLICATE_SHOWN) break;
    ctx.db
      .prepare<Record<string, unknown>, number>(`${f.sql} ${f.order} LIMIT @limit`)
      .pluck()
      .all({ ...f.params, limit: DUPLICATE_SHOWN })
      .forEach((id) => ids.size < DUPLICATE_SHOWN && ids.add(id));
  }
  if (ids.size === 0) return [];
  // A customer in the 公海 shows the pool row's name ('公海客户') as its 业务员.
  return ctx.db
    .prepare<[string], DuplicateMatch>(
      `SELECT c.name AS name, o.name AS ownerName FROM customer c JOIN staff o ON o.id = c.owner_id
       WHERE c.id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('?', 'j')}) ORDER BY c.id`,
    )
    .all(JSON.stringify([...ids]));
}

/**
 * How many customers findDuplicates would find without its limit, counted up to
 * DUPLICATE_COUNT_CAP (`bound: true` beyond). Overlapping matches of both directions count once.
 */
export function countDuplicates(
  ctx: Ctx,
  name: string,
  keyword: string,
  excludeId: number | null,
): { count: number; bound: boolean } {
  const ids = new Set<number>();
  for (const f of finders(ctx.db, name, keyword, excludeId)) {
    ctx.db
      .prepare<Record<string, unknown>, number>(`${f.sql} LIMIT @limit`)
      .pluck()
      .all({ ...f.params, limit: DUPLICATE_COUNT_CAP + 1 })
      .forEach((id) => ids.add(id));
  }
  return ids.size > DUPLICATE_COUNT_CAP
    ? { count: DUPLICATE_COUNT_CAP, bound: true }
    : { count: ids.size, bound: false };
}
