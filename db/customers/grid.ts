import type { CustomerPage, CustomerRow } from '../contract.js';
import type { Ctx } from '../context.js';
import { forbidden } from '../errors.js';
import { fold, searchMatch } from '../fold.js';
import { delegatedExpr, visibleCount, visibleCustomers } from '../visibility.js';

/**
 * Columns of each sortable grid field (c.id always follows, so the order is total). Each list is
 * the prefix of an index (0001/0002), so a page is read in index order. Status and 业务员 sort by
 * their id — then by 创建日期 — following customer_live_status_created and customer_live_owner.
 */
export const SORT_SQL: Record<string, string[]> = {
  name: ['c.name'],
  keyword: ['c.keyword'],
  statusName: ['c.status_id', 'c.created_on'],
  ownerName: ['c.owner_id', 'c.status_id', 'c.created_on'],
  createdOn: ['c.created_on'],
  phone: ['c.phone'],
  region: ['c.region'],
};

/**
 * Above this many full-text hits, a sorted search walks its sort index and tests each row against
 * the hits, rather than fetching every hit and sorting them all (a common term such as 科技
 * matches 14% of a million customers; a brand with 59 hits goes the other way).
 */
const MANY_HITS = 2000;

/**
 * A search's total is counted exactly up to SEARCH_COUNT_CAP; beyond, the grid shows
 * '超过 10,000 个'. At most SEARCH_PROBES hits are checked against visibility and status: when
 * there are more hits than that, the visible count found so far is shown as a lower bound.
 */
export const SEARCH_COUNT_CAP = 10_000;
const SEARCH_PROBES = 20_000;

/** What the grid is filtered and sorted by (customers.page, and the export of the grid). */
export interface CustomerGridFilter {
  statusId: number | null;
  search: string;
  deleted: boolean;
  sort: { field: keyof typeof SORT_SQL; dir: 'asc' | 'desc' } | null;
}

interface Where {
  sql: string;
  params: Record<string, unknown>;
}

/** Visibility, deleted or live, and status: every grid query's conditions but the search. */
function baseWhere(ctx: Ctx, q: { statusId: number | null; deleted: boolean }): Where {
  const vis = visibleCustomers(ctx);
  const where = [q.deleted ? 'c.deleted_at IS NOT NULL' : 'c.deleted_at IS NULL', vis.sql];
  const params: Record<string, unknown> = { ...vis.params };
  if (q.statusId !== null) {
    where.push('c.status_id = @statusId');
    params.statusId = q.statusId;
  }
  return { sql: where.join(' AND '), params };
}

function hitCount(ctx: Ctx, match: string, limit: number): number {
  return ctx.db
    .prepare<[string, number], { n: number }>(
      'SELECT count(*) AS n FROM (SELECT rowid FROM customer_search WHERE customer_search MATCH ? LIMIT ?)',
    )
    .get(match, limit)!.n;
}

/**
 * The WHERE clause of a sorted grid: visibility, deleted or live, status, quick search as a
 * membership test in the full-text hits. A query with nothing searchable (only punctuation)
 * matches no customer.
 */
function gridWhere(ctx: Ctx, q: CustomerGridFilter): Where {
  const where = baseWhere(ctx, q);
  if (!q.search) return where;
  const match = searchMatch(q.search);
  if (!match) return { sql: '0', params: {} };
  // A unary + keeps SQLite from driving the query by the hits (see MANY_HITS).
  const walk = hitCount(ctx, match, MANY_HITS + 1) > MANY_HITS;
  return {
    sql: `${where.sql} AND ${walk ? '+c.id' : 'c.id'} IN (SELECT rowid FROM customer_search WHERE customer_search MATCH @match)`,
    params: { ...where.params, match },
  };
}

function orderOf(q: CustomerGridFilter): string {
  const dir = q.sort ? (q.sort.dir === 'asc' ? 'ASC' : 'DESC') : 'DESC';
  return [...(q.sort ? SORT_SQL[q.sort.field] : SORT_SQL.createdOn), 'c.id'].map((col) => `${col} ${dir}`).join(', ');
}

/**
 * The grid's rows as SQL on `customer c`: the WHERE clause (visibility, deleted or live, status,
 * quick search) with its parameters, the ORDER BY, and the WHERE clause for counting. Used by the
 * Excel export, so it exports the customers the grid shows (in the grid's column order when
 * sorted, newest first otherwise).
 */
export function customerGridQuery(ctx: Ctx, q: CustomerGridFilter) {
  if (q.deleted && ctx.user.role !== 'admin') throw forbidden('只有管理员可以查看已删除的客户');
  const where = gridWhere(ctx, q);
  return { where, order: orderOf(q), countWhere: () => where };
}

/**
 * A search's total: exact up to SEARCH_COUNT_CAP when every hit could be checked, else a lower
 * bound (`bound: true`). Walks the hits newest first, each looked up by primary key.
 */
export function searchTotal(ctx: Ctx, base: Where, match: string): { total: number; bound: boolean } {
  const n = ctx.db
    .prepare<Record<string, unknown>, { n: number }>(
      `SELECT count(*) AS n FROM (
         SELECT 1 FROM (SELECT rowid AS id FROM customer_search WHERE customer_search MATCH @match
                        ORDER BY rowid DESC LIMIT @probes) h
         CROSS JOIN customer c ON c.id = h.id
         WHERE ${base.sql} LIMIT @cap)`,
    )
    .get({ ...base.params, match, probes: SEARCH_PROBES, cap: SEARCH_COUNT_CAP + 1 })!.n;
  if (n > SEARCH_COUNT_CAP) return { total: SEARCH_COUNT_CAP, bound: true };
  if (hitCount(ctx, match, SEARCH_PROBES + 1) > SEARCH_PROBES) return { total: n, bound: true };
  return { total: n, bound: false };
}

/**
 * One page of a search without a column sort, ranked: customers whose 关键字 is exactly the
 * query, then those whose 客户名称 starts with it (by name), then every other hit (newest first)
 * — each tier read from its own index (customer_keyword_fold, customer_live_name, the full-text
 * index in rowid order), so that the first page of a term found in 138,000 customers reads about
 * a hundred of them. Tiers are skipped whole when the offset is past them (counted then).
 */
function rankedIds(ctx: Ctx, q: CustomerGridFilter, base: Where, match: string, offset: number, limit: number) {
  const text = fold(q.search);
  // Exact keyword and name prefix make sense for one term, and for live customers (their indexes).
  const tiered = !q.deleted && !/\s/.test(text);
  const params = { ...base.params, q: text, qEnd: `${text}\uffff`, match };
  const notTiered = tiered ? 'AND c.keyword_fold <> @q AND NOT (c.name >= @q AND c.name < @qEnd)' : '';
  const tiers: { from: string; order: string }[] = [];
  if (tiered) {
    tiers.push({ from: `customer c WHERE c.keyword_fold = @q AND ${base.sql}`, order: 'c.id DESC' });
    tiers.push({
      from: `customer c WHERE c.name >= @q AND c.name < @qEnd AND c.keyword_fold <> @q AND ${base.sql}`,
      order: 'c.name, c.id',
    });
  }
  tiers.push({
    from: `(SELECT rowid AS id FROM customer_search WHERE customer_search MATCH @match ORDER BY rowid DESC) h
           CROSS JOIN customer c ON c.id = h.id WHERE ${base.sql} ${notTiered}`,
    order: 'h.id DESC',
  });
  const ids: number[] = [];
  let skip = offset;
  for (const tier of tiers) {
    const need = limit - ids.length;
    if (need <= 0) break;
    if (skip > 0 && tier !== tiers[tiers.length - 1]) {
      const n = ctx.db
        .prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM ${tier.from}`)
        .get(params)!.n;
      if (skip >= n) {
        skip -= n;
        continue;
      }
    }
    const got = ctx.db
      .prepare<Record<string, unknown>, number>(
        `SELECT c.id FROM ${tier.from} ORDER BY ${tier.order} LIMIT @limit OFFSET @offset`,
      )
      .pluck()
      .all({ ...params, limit: need, offset: skip });
    ids.push(...got);
    skip = 0;
  }
  return ids;
}

function rowsByIds(ctx: Ctx, ids: number[]): CustomerRow[] {
  if (ids.length === 0) return [];
  const rows = ctx.db
    .prepare<Record<string, unknown>, Record<string, unknown> & { id: number }>(
      `SELECT c.id, c.name, c.keyword, c.status_id AS statusId, s.name AS statusName, c.owner_id AS ownerId,
              o.name AS ownerName, c.created_on AS createdOn, c.phone, c.region, c.deleted_at AS deletedAt,
              ${delegatedExpr(ctx)} AS delegated
       FROM customer c JOIN customer_status s ON s.id = c.status_id JOIN staff o ON o.id = c.owner_id
       WHERE c.id IN (SELECT value FROM json_each(@ids))`,
    )
    .all({ ids: JSON.stringify(ids), ...(ctx.user.role === 'admin' ? {} : { vis_me: ctx.user.id }) });
  const byId = new Map(rows.map((r) => [r.id, { ...r, delegated: !!r.delegated } as unknown as CustomerRow]));
  return ids.map((id) => byId.get(id)).filter((r): r is CustomerRow => !!r);
}

/**
 * customers.page: one block of the grid, and on request its total. Without a search the total
 * comes from the maintained counters (visibleCount); with one it is counted up to a cap.
 */
export function customerPage(
  ctx: Ctx,
  input: CustomerGridFilter & { offset: number; limit: number; withTotal: boolean },
): CustomerPage {
  if (input.deleted && ctx.user.role !== 'admin') throw forbidden('只有管理员可以查看已删除的客户');
  const base = baseWhere(ctx, input);
  const match = input.search ? searchMatch(input.search) : null;
  if (input.search && !match) return { rows: [], total: input.withTotal ? 0 : null, totalIsBound: false };
  let ids: number[];
  if (match && !input.sort) {
    ids = rankedIds(ctx, input, base, match, input.offset, input.limit);
  } else {
    // The page's ids first, then their rows: OFFSET skips index entries only, not joined rows.
    const where = gridWhere(ctx, input);
    ids = ctx.db
      .prepare<Record<string, unknown>, number>(
        `SELECT c.id FROM customer c WHERE ${where.sql} ORDER BY ${orderOf(input)} LIMIT @limit OFFSET @offset`,
      )
      .pluck()
      .all({ ...where.params, limit: input.limit, offset: input.offset });
  }
  const rows = rowsByIds(ctx, ids);
  if (!input.withTotal) return { rows, total: null, totalIsBound: false };
  if (!match) {
    return { rows, total: visibleCount(ctx, input.statusId, { deleted: input.deleted }), totalIsBound: false };
  }
  const { total, bound } = searchTotal(ctx, base, match);
  // A short last block tells the exact end even where the count stopped at its cap.
  if (bound && rows.length < input.limit) return { rows, total: input.offset + rows.length, totalIsBound: false };
  return { rows, total, totalIsBound: bound };
}
