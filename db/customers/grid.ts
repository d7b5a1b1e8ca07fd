import type { CustomerPage, CustomerRow } from '../../core/contract.js';
import type { Ctx } from '../context.js';
import { badField, forbidden } from '../errors.js';
import type { DB } from '../open.js';
import { fold } from '../../core/fold.js';
import { dialectOf } from '../engine/dialect.js';
import {
  activeDelegationsSql,
  delegatedExpr,
  teamOf,
  visibilityParams,
  visibleCount,
  visibleCustomers,
} from '../visibility.js';
import { hitSet } from './hits.js';
import { maskedCond, maskedNumberSql, maskParams } from '../pool/mask.js';
import { poolOwnerId } from '../pool/owner.js';
import { newestFloor, searchSqlOf } from './search-sql.js';

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
 * Above this many full-text hits, a sorted search walks its sort index and tests each entry
 * against the hits' bitset (hits.ts), rather than fetching every hit and sorting them all (a
 * common term such as 科技 matches 14% of a million customers; a brand with 59 hits goes the
 * other way).
 */
/** Up to this many visible customers a salesperson's grid reads them by owner (orderedSql). */
let FEW_VISIBLE = 5000;

/** Sets FEW_VISIBLE (tests: both ways of reading on a small office); returns the previous one. */
export function setFewVisible(n: number): number {
  const old = FEW_VISIBLE;
  FEW_VISIBLE = n;
  return old;
}

/**
 * Whether the caller is a salesperson who sees at most FEW_VISIBLE customers (in the status, if
 * one is chosen): read from the counters once per call, however many blocks a jump map reads.
 */
const fewSeen = new WeakMap<Ctx, Map<number | null, boolean>>();
function seesFew(ctx: Ctx, statusId: number | null): boolean {
  if (ctx.user.role !== 'sales') return false;
  let known = fewSeen.get(ctx);
  if (!known) fewSeen.set(ctx, (known = new Map()));
  let few = known.get(statusId);
  if (few === undefined) known.set(statusId, (few = visibleCount(ctx, statusId) <= FEW_VISIBLE));
  return few;
}

let MANY_HITS = 2000;

/** The hit count above which a sorted search walks its sort index (tests use a small one). */
export function setManyHits(n: number): number {
  const old = MANY_HITS;
  MANY_HITS = n;
  return old;
}

/**
 * Where the hits are no bitset (PostgreSQL), a salesperson's or manager's sorted search with at
 * most this many hits reads them, looks each customer up by key and sorts them (customerOf)
 * instead of walking the office's sort index for them: 科技 for a salesperson of 50,000 customers
 * is 7,115 hits, 0.7 % of the office — a walk read 1.1 s of index and rows for one block.
 */
let LOOKUP_HITS = 20_000;

/** Sets LOOKUP_HITS (tests: both reads on a small office); returns the previous one. */
export function setLookupHits(n: number): number {
  const old = LOOKUP_HITS;
  LOOKUP_HITS = n;
  return old;
}

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
  /** The 公海 (every signed-in user's 公海客户 node). */
  pool?: boolean;
  sort: { field: keyof typeof SORT_SQL; dir: 'asc' | 'desc' } | null;
}

/** Sort fields whose index (customer_live_<field>) holds status_id after the key (0012). */
const STATUS_IN_ENTRIES = new Set(['name', 'keyword', 'phone', 'region']);

interface Where {
  sql: string;
  params: Record<string, unknown>;
  /** The FROM item the conditions apply to: `customer c` unless said (gridWhere's looked-up hits). */
  from?: string;
}

const fromOf = (where: Where) => where.from ?? 'customer c';

/** Visibility, deleted or live, and status: every grid query's conditions but the search. */
function baseWhere(
  ctx: Ctx,
  q: { statusId: number | null; deleted: boolean; sort?: CustomerGridFilter['sort'] },
): Where {
  const vis = visibleCustomers(ctx);
  const where = [q.deleted ? 'c.deleted_at IS NOT NULL' : 'c.deleted_at IS NULL', vis.sql];
  const params: Record<string, unknown> = { ...vis.params };
  if (q.statusId !== null) {
    // Sorted by a column whose index carries status_id in its entries (0012): a unary + keeps
    // SQLite from reading the whole status through customer_live_status_created and sorting it.
    const walk = q.sort && STATUS_IN_ENTRIES.has(q.sort.field);
    where.push(`${walk ? '+' : ''}c.status_id = @statusId`);
    params.statusId = q.statusId;
  }
  return { sql: where.join(' AND '), params };
}

/** The private-use character that starts the visibility tokens of customer_search (0012). */
const VIS = '\ue000';

/**
 * The full-text hits the user may see, as SQL selecting `id` — for live customers only, read as
 * intersections in the full-text index itself (0012's visibility tokens), so that no hit is
 * looked up in the customer table to test its 业务员: an administrator's are `match AND live`; a
 * salesperson's are `match AND owner = me`, plus `match AND delegated to me` — those few checked
 * against the delegation's dates (active today) through delegation_customer.
 * For the 回收站 (deleted customers, administrators only): every hit, as before.
 */
function visibleHits(ctx: Ctx, deleted: boolean, match: string): Where & { arms: string[] } {
  const search = searchSqlOf(ctx.db);
  const plain = search.hits('@match');
  if (deleted) return { sql: plain, arms: [plain], params: { match } };
  if (ctx.user.role === 'admin')
    return { sql: plain, arms: [plain], params: { match: search.withToken(match, `${VIS}l`) } };
  const me = ctx.user.id;
  const delegated = `SELECT h.id FROM (${search.hits('@dmatch')}) h
      WHERE EXISTS (SELECT 1 FROM delegation d
                    WHERE d.customer_id = h.id AND d.to_id = @vis_me AND d.revoked_at IS NULL
                      AND d.start_on <= @vis_today AND (d.end_on IS NULL OR d.end_on >= @vis_today))`;
  // A manager's own arm is one intersection per member of the team (`match AND owner = member`,
  // a few dozen at most), so the owner test stays inside the full-text index.
  const owners = ctx.user.role === 'manager' ? teamOf(ctx) : [me];
  const own = owners.map((_, i) => search.hits(`@match${i}`));
  const ownParams = Object.fromEntries(owners.map((o, i) => [`match${i}`, search.withToken(match, `${VIS}o${o}`)]));
  return {
    sql: [...own, delegated].join(' UNION '),
    // Each arm alone, read newest first straight from the index (rankedIds merges them).
    arms: [...own, delegated],
    params: { ...ownParams, dmatch: search.withToken(match, `${VIS}d${me}`) },
  };
}

/** How many of the user's visible hits there are, counting at most `limit`. */
function visibleHitCount(ctx: Ctx, hits: Where, base: Where, limit: number): number {
  return ctx.db
    .prepare<Record<string, unknown>, { n: number }>(
      `SELECT count(*) AS n FROM (SELECT id FROM (${hits.sql}) h LIMIT @n) n`,
    )
    .get({ ...base.params, ...hits.params, n: limit })!.n;
}

/**
 * The WHERE clause of a sorted grid: visibility, deleted or live, status, quick search as a
 * membership test in the full-text hits. A query with nothing searchable (only punctuation)
 * matches no customer.
 */
function gridWhere(ctx: Ctx, q: CustomerGridFilter, opts: { portable?: boolean } = {}): Where {
  const where = baseWhere(ctx, q);
  if (!q.search) return where;
  const search = searchSqlOf(ctx.db);
  const match = search.match(q.search);
  if (!match) return { sql: '1 = 0', params: {} };
  const hits = visibleHits(ctx, q.deleted, match);
  const params = { ...where.params, ...hits.params };
  if (opts.portable || !search.bitset) {
    // SQL that runs on any connection (the export runs it in a worker): the hits as a subquery.
    const lookup = !opts.portable && ctx.user.role !== 'admin' && !q.deleted;
    const n = visibleHitCount(ctx, hits, where, (lookup ? Math.max(LOOKUP_HITS, MANY_HITS) : MANY_HITS) + 1);
    if (lookup && n <= LOOKUP_HITS) {
      return { sql: where.sql, params, from: `(${hits.sql}) h ${dialectOf(ctx.db).customerOf('h')}` };
    }
    const walk = n > MANY_HITS;
    return { sql: `${where.sql} AND ${walk ? '+c.id' : 'c.id'} IN (${hits.sql})`, params };
  }
  // Many hits: walk the sort index, testing each entry's id in the hits' bitset (kept until the
  // next commit, so the following blocks and jumps of the same search do not read them again).
  // Few: fetch them from the full-text index and sort them (see MANY_HITS).
  // An administrator's live grid walks partial indexes of live customers only: the term's hits
  // need no intersection with the live token (a fifth less to read for a common term).
  const bare = ctx.user.role === 'admin' && !q.deleted;
  const set = bare
    ? hitSet(ctx.db, dataRevision(ctx.db), search.hits('@match'), { match })
    : hitSet(ctx.db, dataRevision(ctx.db), hits.sql, params);
  if (set.count > MANY_HITS) {
    return { sql: `${where.sql} AND crm_search_hit(@hitSet, c.id)`, params: { ...where.params, hitSet: set.slot } };
  }
  return { sql: `${where.sql} AND c.id IN (${hits.sql})`, params };
}

/** The columns a grid is ordered by, c.id last. */
function sortColumns(q: CustomerGridFilter): string[] {
  return [...(q.sort ? SORT_SQL[q.sort.field] : SORT_SQL.createdOn), 'c.id'];
}

function orderOf(q: CustomerGridFilter): string {
  const dir = q.sort ? (q.sort.dir === 'asc' ? 'ASC' : 'DESC') : 'DESC';
  return sortColumns(q)
    .map((col) => `${col} ${dir}`)
    .join(', ');
}

/** A position in a sorted grid: the sort columns' values of a row, then its id. */
export interface Cursor {
  id: number;
  key: (string | number)[];
}

/**
 * The rows after `cursor` in the grid's order, as a row-value comparison on the sort columns —
 * `(c.name, c.id) > (@k0, @k1)` — which SQLite answers as a range of the sort index: the next
 * block starts where the previous one ended, whatever its depth.
 */
function afterSql(q: CustomerGridFilter, cursor: Cursor): Where {
  const { cols, values, op } = afterKey(q, cursor);
  const names = values.map((_, i) => `@after${i}`);
  return {
    sql: `(${cols.join(', ')}) ${op} (${names.join(', ')})`,
    params: Object.fromEntries(values.map((v, i) => [`after${i}`, v])),
  };
}

/** The columns and values a cursor compares (afterSql, afterArms), and the comparison. */
function afterKey(q: CustomerGridFilter, cursor: Cursor) {
  let cols = sortColumns(q);
  let values = [...cursor.key, cursor.id];
  // Sorted by status within one status: the status is fixed, and a comparison that begins with
  // it would make SQLite use it as the index's equality only, walking the status from its start.
  if (q.statusId !== null && cols[0] === 'c.status_id' && values[0] === q.statusId) {
    cols = cols.slice(1);
    values = values.slice(1);
  }
  return { cols, values, op: q.sort?.dir === 'asc' ? '>' : '<' };
}

/**
 * Far jumps of the scroll bar (a block at offset 900,000 with no previous block to follow): a
 * sparse map of every JUMP_STEP-th row's cursor, per connection, grid query and user, built
 * lazily — only as deep as a jump needed, each step one `LIMIT 1 OFFSET JUMP_STEP - 1` from the
 * last mark — and thrown away when the data changed (any commit: this connection's
 * total_changes() or another's PRAGMA data_version). A jump then seeks the mark before its
 * offset and steps at most JUMP_STEP rows. The map holds exact positions, so a block at an
 * offset is the same rows as OFFSET would give.
 */
let JUMP_STEP = 1000;
const JUMP_MAPS_PER_CONNECTION = 64;

/** The distance between marks (tests use a small one, on a small office); returns the old one. */
export function setJumpStep(n: number): number {
  const old = JUMP_STEP;
  JUMP_STEP = n;
  return old;
}

interface JumpMap {
  revision: string;
  step: number;
  /** marks[i]: the cursor of the row at position (i + 1) * JUMP_STEP - 1. */
  marks: Cursor[];
  /** The whole grid was walked: no more marks past the last. */
  complete: boolean;
}

const jumpMaps = new WeakMap<DB, Map<string, JumpMap>>();

/** Changes whenever anything was committed to the file, by this connection or another. */
function dataRevision(db: DB): string {
  return dialectOf(db).dataRevision(db);
}

function jumpMapOf(ctx: Ctx, q: CustomerGridFilter, revision: string): JumpMap {
  let maps = jumpMaps.get(ctx.db);
  if (!maps) jumpMaps.set(ctx.db, (maps = new Map()));
  const key = JSON.stringify([
    ctx.user.role === 'admin' ? 0 : ctx.user.id,
    ctx.user.role === 'admin' ? '' : visibleCustomers(ctx).params.vis_today,
    q.statusId,
    q.search,
    q.deleted,
    q.sort,
  ]);
  let map = maps.get(key);
  if (map?.revision !== revision || map.step !== JUMP_STEP)
    map = { revision, step: JUMP_STEP, marks: [], complete: false };
  // Most recently used last; the oldest go first.
  maps.delete(key);
  maps.set(key, map);
  while (maps.size > JUMP_MAPS_PER_CONNECTION) maps.delete(maps.keys().next().value!);
  return map;
}

/** The cursor columns of the row a statement selects (the sort columns then c.id). */
function cursorOfRow(row: unknown[]): Cursor {
  return { id: row[row.length - 1] as number, key: row.slice(0, -1) as (string | number)[] };
}

/**
 * SQL selecting the sort columns then c.id of the grid's rows after the cursor `from` (if any),
 * in order, `LIMIT @limit OFFSET @offset`, with its parameters.
 *
 * A salesperson's grid sorted by 业务员 is read as two ordered arms merged (MERGE UNION ALL):
 * their own customers — one range of customer_live_owner, sought from the cursor — and the
 * customers delegated to them, fetched by id and sorted (at most a few hundred). Walking the
 * owner index in order instead reads every other salesperson's customers to find the delegated
 * ones among them (the first block sorted descending, and any block at the edge of the own range).
 */
function orderedSql(ctx: Ctx, q: CustomerGridFilter, where: Where, from: Cursor | null): Where {
  const cols = sortColumns(q);
  const after = from ? afterSql(q, from) : null;
  const params = { ...where.params, ...after?.params };
  if (ctx.user.role === 'sales' && !q.deleted && q.sort?.field === 'ownerName') {
    const asc = q.sort.dir === 'asc';
    const dir = asc ? 'ASC' : 'DESC';
    // Each arm enforces visibility itself (owner, active delegation): the general test is dropped.
    const vis = visibleCustomers(ctx).sql;
    const cond = where.sql.includes(vis) ? where.sql.replace(vis, '1 = 1') : where.sql;
    // The own arm: owner_id is fixed, so the cursor compares the columns after it (and after
    // status_id when the grid is filtered to the cursor's status) — a seek, not a walk from the
    // range's start.
    let own = '';
    if (from) {
      const me = ctx.user.id;
      const owner = from.key[0] as number;
      if (owner !== me) own = (asc ? owner > me : owner < me) ? ' AND 1 = 0' : '';
      else {
        const skip = q.statusId !== null && from.key[1] === q.statusId ? 2 : 1;
        const names = [...from.key.slice(skip), from.id].map((v, i) => {
          params[`own${i}`] = v;
          return `@own${i}`;
        });
        own = ` AND (${cols.slice(skip).join(', ')}) ${asc ? '>' : '<'} (${names.join(', ')})`;
      }
    }
    return {
      sql: dialectOf(ctx.db).inOrder(
        [
          `SELECT ${cols.join(', ')} FROM ${fromOf(where)} WHERE ${cond}${own} AND c.owner_id = @vis_me`,
          `SELECT ${cols.join(', ')} FROM ${fromOf(where)} WHERE ${cond}${after ? ` AND ${after.sql}` : ''}
        AND c.owner_id <> @vis_me AND c.id IN (${activeDelegationsSql})`,
        ],
        cols.map((_, i) => `${i + 1} ${dir}`).join(', '),
      ),
      params,
    };
  }
  if (!q.deleted && seesFew(ctx, q.statusId)) {
    // A salesperson who sees few customers (a new one, or one of many in a big office): their own
    // and their delegated ones read by owner and sorted, never a walk of the whole office's sort
    // index looking for them (1.6 s at a million, on either engine, for one who owns none).
    const vis = visibleCustomers(ctx).sql;
    const cond = where.sql.includes(vis) ? where.sql.replace(vis, '1 = 1') : where.sql;
    const seek = after ? ` AND ${after.sql}` : '';
    const dir = q.sort?.dir === 'asc' ? 'ASC' : 'DESC';
    return {
      sql: dialectOf(ctx.db).inOrder(
        [
          `SELECT ${cols.join(', ')} FROM ${fromOf(where)} WHERE ${cond}${seek} AND c.owner_id = @vis_me`,
          `SELECT ${cols.join(', ')} FROM ${fromOf(where)} WHERE ${cond}${seek}
        AND c.owner_id <> @vis_me AND c.id IN (${activeDelegationsSql})`,
        ],
        cols.map((_, i) => `${i + 1} ${dir}`).join(', '),
      ),
      params,
    };
  }
  if (from) {
    // After a cursor: one arm per prefix of the key, merged in order (MERGE UNION ALL) — see afterArms.
    const dir = q.sort?.dir === 'asc' ? 'ASC' : 'DESC';
    return {
      sql: dialectOf(ctx.db).inOrder(
        afterArms(q, from).map(
          (arm) => `SELECT ${cols.join(', ')} FROM ${fromOf(where)} WHERE ${where.sql} AND ${arm}`,
        ),
        cols.map((_, i) => `${i + 1} ${dir}`).join(', '),
      ),
      params,
    };
  }
  return {
    sql: `SELECT ${cols.join(', ')} FROM ${fromOf(where)} WHERE ${where.sql} ORDER BY ${orderOf(q)} LIMIT @limit OFFSET @offset`,
    params,
  };
}

/**
 * The rows after a cursor as disjoint arms, each a seek of the sort index: for the key
 * (地区, id) = ('北京市', 123), ascending, `c.region = @after0 AND c.id > @after1` then
 * `c.region > @after0` — the rows of the cursor's own 地区 after it, then the later 地区. As one
 * row-value comparison `(c.region, c.id) > (…)`, SQLite seeks the 地区 alone and walks its rows
 * from the first (67,000 customers share a city at a million: 3 ms a block, 3 s to build a jump
 * map). Parameters are afterSql's.
 */
function afterArms(q: CustomerGridFilter, cursor: Cursor): string[] {
  const { cols, op } = afterKey(q, cursor);
  const arms: string[] = [];
  for (let j = cols.length - 1; j >= 0; j--) {
    const equal = cols.slice(0, j).map((col, i) => `${col} = @after${i}`);
    arms.push([...equal, `${cols[j]} ${op} @after${j}`].join(' AND '));
  }
  return arms;
}

/** Extends the map until it has mark `index` (or the grid ended). */
function extendJumpMap(ctx: Ctx, q: CustomerGridFilter, where: Where, map: JumpMap, index: number) {
  while (!map.complete && map.marks.length <= index) {
    const read = orderedSql(ctx, q, where, map.marks[map.marks.length - 1] ?? null);
    const row = ctx.db
      .prepare<Record<string, unknown>, unknown[]>(read.sql)
      .raw()
      .get({ ...read.params, limit: 1, offset: JUMP_STEP - 1 });
    if (!row) map.complete = true;
    else map.marks.push(cursorOfRow(row));
  }
}

/**
 * The ids of one block of a sorted (or unsorted, newest first) grid: after the cursor when the
 * grid sent one, else from the nearest mark of the jump map, else by OFFSET from the start.
 */
function sortedIds(ctx: Ctx, q: CustomerGridFilter, offset: number, limit: number, cursor: Cursor | null): number[] {
  const where = gridWhere(ctx, q);
  let from = cursor;
  let skip = cursor ? 0 : offset;
  if (!cursor && offset >= JUMP_STEP) {
    const map = jumpMapOf(ctx, q, dataRevision(ctx.db));
    const index = Math.floor(offset / JUMP_STEP) - 1;
    extendJumpMap(ctx, q, where, map, index);
    if (map.marks.length > index) {
      from = map.marks[index];
      skip = offset - (index + 1) * JUMP_STEP;
    } else return []; // past the end
  }
  const read = orderedSql(ctx, q, where, from);
  return ctx.db
    .prepare<Record<string, unknown>, unknown[]>(read.sql)
    .raw()
    .all({ ...read.params, limit, offset: skip })
    .map((row) => row[row.length - 1] as number);
}

/**
 * The grid's rows as SQL on `customer c`: the WHERE clause (visibility, deleted or live, status,
 * quick search) with its parameters, the ORDER BY, and the WHERE clause for counting. Used by the
 * Excel export, so it exports the customers the grid shows (in the grid's column order when
 * sorted, newest first otherwise).
 */
export function customerGridQuery(viewer: Ctx, q: CustomerGridFilter) {
  if (q.deleted && viewer.user.role !== 'admin') throw forbidden('只有管理员可以查看已删除的客户');
  const ctx = q.pool ? poolView(viewer) : viewer;
  // The 公海 before anything was pooled: no rows (and a 'mask_' parameter set for the columns).
  const where = ctx ? gridWhere(ctx, q, { portable: true }) : { sql: '1 = 0', params: {} };
  const params = { ...where.params, ...maskParams(viewer) };
  const all = { sql: where.sql, params };
  return { where: all, order: orderOf(q), countWhere: () => all };
}

/**
 * A search's total: exact up to SEARCH_COUNT_CAP when every hit could be checked, else a lower
 * bound (`bound: true`). Without a status filter the visible hits are counted in the full-text
 * index alone (visibleHits); with one, they are walked newest first, each looked up by primary
 * key for its status, at most SEARCH_PROBES of them.
 */
export function searchTotal(
  ctx: Ctx,
  base: Where,
  match: string,
  q: { statusId: number | null; deleted: boolean },
): { total: number; bound: boolean } {
  const hits = visibleHits(ctx, q.deleted, match);
  if (!q.deleted && q.statusId === null) {
    const n = visibleHitCount(ctx, hits, base, SEARCH_COUNT_CAP + 1);
    return n > SEARCH_COUNT_CAP ? { total: SEARCH_COUNT_CAP, bound: true } : { total: n, bound: false };
  }
  const n = ctx.db
    .prepare<Record<string, unknown>, { n: number }>(
      `SELECT count(*) AS n FROM (
         SELECT 1 FROM (${hits.sql} ORDER BY id DESC LIMIT @probes) h
         CROSS JOIN customer c ON c.id = h.id
         WHERE ${base.sql} LIMIT @cap) n`,
    )
    .get({ ...base.params, ...hits.params, probes: SEARCH_PROBES, cap: SEARCH_COUNT_CAP + 1 })!.n;
  if (n > SEARCH_COUNT_CAP) return { total: SEARCH_COUNT_CAP, bound: true };
  if (visibleHitCount(ctx, hits, base, SEARCH_PROBES + 1) > SEARCH_PROBES) return { total: n, bound: true };
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
  const hits = visibleHits(ctx, q.deleted, match);
  const search = searchSqlOf(ctx.db);
  const params: Record<string, unknown> = { ...base.params, q: text, qEnd: `${text}\uffff`, ...hits.params };
  const notTiered = tiered ? 'AND c.keyword_fold <> @q AND NOT (c.name >= @q AND c.name < @qEnd)' : '';
  const tiers: { from: string; order: string; arms?: string[] }[] = [];
  if (tiered) {
    // A salesperson who sees few customers: the names starting with the term are found among
    // theirs, read by owner and delegation (`|| ''` keeps the engine off the name index, whose
    // range for 深圳 is everyone's 100,000, both for the range and for the order).
    const few = seesFew(ctx, q.statusId);
    const name = few ? "(c.name || '')" : 'c.name';
    const theirs = few
      ? `c.id IN (SELECT o.id FROM customer o WHERE o.owner_id = @vis_me AND o.deleted_at IS NULL
           UNION ALL ${activeDelegationsSql}) AND `
      : '';
    tiers.push({ from: `customer c WHERE c.keyword_fold = @q AND ${base.sql}`, order: 'c.id DESC' });
    tiers.push({
      from: `customer c WHERE ${theirs}${name} >= @q AND ${name} < @qEnd AND c.keyword_fold <> @q AND ${base.sql}`,
      order: `${name}, c.id`,
    });
  }
  // The rest, newest first: each arm of the hits (own, delegated) read in rowid order from the
  // full-text index and stopped at its LIMIT, the arms merged here (a UNION would join and sort
  // every hit before the LIMIT). An index that gives its hits all at once (PostgreSQL's GIN)
  // reads the newest customers by key first, then the older ones' hits (search-sql newestFloor)
  // — for an administrator, whose newest customers are everyone's: a salesperson's own are a few
  // of them, and their hits through the visibility tokens are few already. `+h.id`: the older
  // hits still come from the full-text index, never from a walk of the key.
  let older = '';
  if (!search.hitsInOrder && ctx.user.role === 'admin') {
    Object.assign(params, { bare: match, floor: newestFloor(ctx.db) });
    tiers.push({
      from: `(${search.newestHits('@bare')}) h CROSS JOIN customer c ON c.id = h.id WHERE ${base.sql} ${notTiered}`,
      order: 'h.id DESC',
    });
    older = '+h.id <= @floor AND';
  }
  // A salesperson's or manager's hits (through their visibility tokens) are few next to the
  // office: each looked up by key, newest first, until the block is full (customerOf).
  const join = ctx.user.role === 'admin' ? 'CROSS JOIN customer c ON c.id = h.id' : dialectOf(ctx.db).customerOf('h');
  const rest = hits.arms.map((arm) => `(${arm} ORDER BY id DESC) h ${join} WHERE ${older} ${base.sql} ${notTiered}`);
  tiers.push({ from: rest[0], order: 'h.id DESC', arms: rest });
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
    const read = (from: string, n: number, offset: number) =>
      ctx.db
        .prepare<Record<string, unknown>, number>(
          `SELECT c.id FROM ${from} ORDER BY ${tier.order} LIMIT @limit OFFSET @offset`,
        )
        .pluck()
        .all({ ...params, limit: n, offset });
    if (tier.arms && tier.arms.length > 1) {
      const merged = [...new Set(tier.arms.flatMap((arm) => read(arm, skip + need, 0)))].sort((a, b) => b - a);
      ids.push(...merged.slice(skip, skip + need));
    } else {
      ids.push(...read(tier.from, need, skip));
    }
    skip = 0;
  }
  return ids;
}

function rowsByIds(ctx: Ctx, ids: number[]): CustomerRow[] {
  if (ids.length === 0) return [];
  // 电话 masked (脱敏) for who may not see it, in the statement itself (db/pool/mask.ts).
  const rows = ctx.db
    .prepare<Record<string, unknown>, Record<string, unknown> & { id: number }>(
      `SELECT c.id, c.name, c.keyword, c.status_id AS statusId, s.name AS statusName, c.owner_id AS ownerId,
              o.name AS ownerName, c.created_on AS createdOn, ${maskedNumberSql('c.phone')} AS phone, c.region,
              c.deleted_at AS deletedAt, ${delegatedExpr(ctx)} AS delegated, o.pool AS pool,
              (CASE WHEN ${maskedCond()} THEN 1 ELSE 0 END) AS masked
       FROM customer c JOIN customer_status s ON s.id = c.status_id JOIN staff o ON o.id = c.owner_id
       WHERE c.id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('@ids', 'j')})`,
    )
    .all({ ids: JSON.stringify(ids), ...visibilityParams(ctx), ...maskParams(ctx) });
  const byId = new Map(
    rows.map((r) => [
      r.id,
      { ...r, delegated: !!r.delegated && !r.pool, pool: !!r.pool, masked: !!r.masked } as unknown as CustomerRow,
    ]),
  );
  return ids.map((id) => byId.get(id)).filter((r): r is CustomerRow => !!r);
}

/**
 * The user as the 公海 sees them: the pool's own row as a salesperson, so the 公海客户 grid, its
 * search and its total are a salesperson's grid of their own customers — the owner index, the
 * pool row's search tokens and counters (0016). Null while nothing was ever pooled.
 */
function poolView(ctx: Ctx): Ctx | null {
  const poolId = poolOwnerId(ctx.db);
  if (poolId === null) return null;
  return { ...ctx, user: { ...ctx.user, id: poolId, role: 'sales' } };
}

/**
 * customers.page: one block of the grid, and on request its total. Without a search the total
 * comes from the maintained counters (visibleCount); with one it is counted up to a cap.
 */
export function customerPage(
  viewer: Ctx,
  input: CustomerGridFilter & { offset: number; limit: number; withTotal: boolean; after?: Cursor | null },
): CustomerPage {
  if (input.deleted && viewer.user.role !== 'admin') throw forbidden('只有管理员可以查看已删除的客户');
  let ctx = viewer;
  if (input.pool) {
    if (input.deleted) throw badField('deleted', '已删除的客户', '公海中没有已删除的客户');
    const view = poolView(viewer);
    if (!view) return { rows: [], total: input.withTotal ? 0 : null, totalIsBound: false };
    ctx = view;
  }
  const cursor = input.after ?? null;
  if (cursor && cursor.key.length !== sortColumns(input).length - 1) {
    throw badField('after', '上一块的最后一行', `排序值应有 ${sortColumns(input).length - 1} 个`);
  }
  const base = baseWhere(ctx, input);
  const match = input.search ? searchSqlOf(ctx.db).match(input.search) : null;
  if (input.search && !match) return { rows: [], total: input.withTotal ? 0 : null, totalIsBound: false };
  let ids: number[];
  if (match && !input.sort) {
    ids = rankedIds(ctx, input, base, match, input.offset, input.limit);
  } else {
    // The page's ids first, then their rows: the walk reads index entries only, not joined rows.
    ids = sortedIds(ctx, input, input.offset, input.limit, cursor);
  }
  const rows = rowsByIds(viewer, ids);
  if (!input.withTotal) return { rows, total: null, totalIsBound: false };
  if (!match) {
    return { rows, total: visibleCount(ctx, input.statusId, { deleted: input.deleted }), totalIsBound: false };
  }
  const { total, bound } = searchTotal(ctx, base, match, input);
  // A short last block tells the exact end even where the count stopped at its cap.
  if (bound && rows.length < input.limit) return { rows, total: input.offset + rows.length, totalIsBound: false };
  return { rows, total, totalIsBound: bound };
}
