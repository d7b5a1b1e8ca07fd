import {
  customerLabels,
  type Customer,
  type CustomerFields,
  type CustomerRow,
  type DuplicateMatch,
  type Parsed,
} from '../contract.js';
import { nowIso, type Ctx } from '../context.js';
import { AppError, badField, forbidden, notFound } from '../errors.js';
import { fold, searchMatch } from '../fold.js';
import { describeChanges, writeLog } from '../oplog.js';
import type { HandlersOf } from '../router.js';
import { revokeOnOwnerChange } from './delegations.js';
import { accessCustomer, delegatedExpr, visibleCustomers } from '../visibility.js';

/**
 * Columns of each sortable grid field (c.id always follows, so the order is total). Each list is
 * the prefix of an index (0001/0002), so a page is read in index order. Status and 业务员 sort by
 * their id — then by 创建日期 — following customer_live_status_created and customer_live_owner.
 */
const SORT_SQL: Record<string, string[]> = {
  name: ['c.name'],
  keyword: ['c.keyword'],
  statusName: ['c.status_id', 'c.created_on'],
  ownerName: ['c.owner_id', 'c.status_id', 'c.created_on'],
  createdOn: ['c.created_on'],
  phone: ['c.phone'],
  region: ['c.region'],
};

/**
 * Above this many full-text hits, the grid walks its sort index and tests each row against the
 * hits, rather than fetching every hit and sorting them all (a common term such as 科技 matches
 * 14% of a million customers: 350 ms → 30 ms; a brand with 59 hits stays at 0.1 ms the other way).
 */
const MANY_HITS = 2000;

const FIELD_COLUMNS: Record<keyof CustomerFields, string> = {
  name: 'name',
  keyword: 'keyword',
  statusId: 'status_id',
  ownerId: 'owner_id',
  createdOn: 'created_on',
  industry: 'industry',
  source: 'source',
  region: 'region',
  address: 'address',
  phone: 'phone',
  fax: 'fax',
  website: 'website',
  email: 'email',
  note: 'note',
};

const FIELD_KEYS = Object.keys(FIELD_COLUMNS) as (keyof CustomerFields)[];

type CustomerDbRow = Record<string, unknown> & {
  id: number;
  status_name: string;
  owner_name: string;
  deleted_at: string | null;
  version: number;
  delegated: number;
};

function toCustomer(r: CustomerDbRow): Customer {
  const fields = Object.fromEntries(FIELD_KEYS.map((k) => [k, r[FIELD_COLUMNS[k]]])) as unknown as CustomerFields;
  return {
    ...fields,
    id: r.id,
    statusName: r.status_name,
    ownerName: r.owner_name,
    delegated: !!r.delegated,
    deletedAt: r.deleted_at,
    version: r.version,
  };
}

function loadCustomer(ctx: Ctx, id: number, opts: { allowDeleted?: boolean } = {}): Customer {
  accessCustomer(ctx, id, opts);
  const vis = visibleCustomers(ctx);
  const row = ctx.db
    .prepare<Record<string, unknown>, CustomerDbRow>(
      `SELECT c.*, s.name AS status_name, o.name AS owner_name, ${delegatedExpr(ctx)} AS delegated
       FROM customer c JOIN customer_status s ON s.id = c.status_id JOIN staff o ON o.id = c.owner_id
       WHERE c.id = @id`,
    )
    .get({ id, ...vis.params });
  if (!row) throw notFound('客户');
  return toCustomer(row);
}

/**
 * The WHERE clause of the grid: visibility, deleted or live, status, quick search. `forCount`
 * picks the plan for counting rather than for one sorted page (see the comments below).
 */
function gridWhere(ctx: Ctx, q: { statusId: number | null; search: string; deleted: boolean }, forCount = false) {
  const vis = visibleCustomers(ctx);
  const where = [q.deleted ? 'c.deleted_at IS NOT NULL' : 'c.deleted_at IS NULL', vis.sql];
  const params: Record<string, unknown> = { ...vis.params };
  if (q.statusId !== null) {
    where.push('c.status_id = @statusId');
    params.statusId = q.statusId;
  }
  if (q.search) {
    const match = searchMatch(q.search);
    if (match) {
      const hits = ctx.db
        .prepare<[string, number], { n: number }>(
          `SELECT count(*) AS n FROM (SELECT rowid FROM customer_search WHERE customer_search MATCH ? LIMIT ?)`,
        )
        .get(match, MANY_HITS + 1)!.n;
      // A unary + keeps SQLite from driving the query by the hits (see MANY_HITS). To count
      // everything, the administrator's query still goes faster by the hits.
      const walk = hits > MANY_HITS && !(forCount && ctx.user.role === 'admin');
      where.push(
        `${walk ? '+c.id' : 'c.id'} IN (SELECT rowid FROM customer_search WHERE customer_search MATCH @match)`,
      );
      params.match = match;
    } else {
      // Counting a LIKE scan reads every row anyway: in table order, not through a partial
      // index in random order (2.8 s → 0.5 s at a million customers without ANALYZE statistics).
      if (forCount) where[0] = `+${where[0]}`;
      where.push(
        `(c.name_fold LIKE @like ESCAPE '\\' OR c.keyword_fold LIKE @like ESCAPE '\\' OR c.phone LIKE @like ESCAPE '\\' OR c.region LIKE @like ESCAPE '\\')`,
      );
      params.like = `%${fold(q.search).replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    }
  }
  return { sql: where.join(' AND '), params };
}

/**
 * Customers (other than `excludeId`, live ones only, of every salesperson) whose name contains
 * the keyword, whose keyword equals it, or whose keyword is contained in the name — compared
 * after folding full-width/half-width and case. Only name and 业务员 are returned.
 */
export function findDuplicates(ctx: Ctx, name: string, keyword: string, excludeId: number | null): DuplicateMatch[] {
  const k = fold(keyword);
  const n = fold(name);
  const substrings = new Set<string>();
  const chars = [...n];
  for (let i = 0; i < chars.length; i++) {
    for (let j = i + 1; j <= Math.min(chars.length, i + 20); j++) substrings.add(chars.slice(i, j).join(''));
  }
  if (k) substrings.add(k);
  const match = k ? searchMatch(k) : null;
  const keywordHit = `c.keyword_fold IN (SELECT value FROM json_each(@subs))`;
  // Two indexed look-ups joined by UNION: written as one OR, SQLite read the whole table (100 ms
  // at a million customers). A single-character keyword cannot use the full-text index: then one
  // scan in id order, which stops at the 20th match.
  const candidates = match
    ? `c.id IN (SELECT c.id FROM customer c WHERE c.deleted_at IS NULL AND ${keywordHit}
                UNION
                SELECT c.id FROM customer c WHERE c.deleted_at IS NULL
                  AND c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH @match)
                  AND instr(c.name_fold, @k) > 0)`
    : `(${keywordHit} OR ${k ? 'instr(c.name_fold, @k) > 0' : '0'})`;
  const rows = ctx.db
    .prepare<Record<string, unknown>, DuplicateMatch>(
      `SELECT c.name AS name, o.name AS ownerName FROM customer c JOIN staff o ON o.id = c.owner_id
       WHERE c.deleted_at IS NULL AND c.id <> @exclude AND ${candidates}
       ORDER BY c.id LIMIT 20`,
    )
    .all({ exclude: excludeId ?? 0, subs: JSON.stringify([...substrings]), k, ...(match ? { match } : {}) });
  return rows;
}

function assertStatus(ctx: Ctx, statusId: number) {
  if (!ctx.db.prepare('SELECT 1 FROM customer_status WHERE id = ?').get(statusId)) {
    throw badField('statusId', '客户状态', '不存在');
  }
}

function assertOwner(ctx: Ctx, ownerId: number) {
  if (!ctx.db.prepare('SELECT 1 FROM staff WHERE id = ? AND active = 1').get(ownerId)) {
    throw badField('ownerId', '业务员', '不存在或已停用');
  }
}

function checkDuplicates(
  ctx: Ctx,
  input: { name: string; keyword: string; confirmDuplicates: boolean },
  excludeId: number | null,
) {
  if (input.confirmDuplicates) return;
  const matches = findDuplicates(ctx, input.name, input.keyword, excludeId);
  if (matches.length) {
    throw new AppError(
      'duplicate',
      `关键字“${input.keyword}”与 ${matches.length} 个已有客户重复：${matches
        .slice(0, 3)
        .map((m) => `${m.name}（${m.ownerName}）`)
        .join('、')}${matches.length > 3 ? ' 等' : ''}`,
      undefined,
      { matches },
    );
  }
}

function fieldValues(input: CustomerFields) {
  return Object.fromEntries(FIELD_KEYS.map((k) => [FIELD_COLUMNS[k], input[k]]));
}

function nameOf(ctx: Ctx, table: 'customer_status' | 'staff', id: unknown): string {
  const row = ctx.db.prepare<[unknown], { name: string }>(`SELECT name FROM ${table} WHERE id = ?`).get(id);
  return row?.name ?? String(id);
}

function update(ctx: Ctx, input: Parsed<'customers.update'>): Customer {
  const before = loadCustomer(ctx, input.id);
  if (before.version !== input.version) {
    throw new AppError('conflict', `客户“${before.name}”已被其他人修改，请关闭后重新打开再编辑`);
  }
  const after: CustomerFields = Object.fromEntries(FIELD_KEYS.map((k) => [k, input[k]])) as unknown as CustomerFields;
  const changedKeys = FIELD_KEYS.filter((k) => before[k] !== after[k]);
  if (changedKeys.length === 0) return before;
  if (after.ownerId !== before.ownerId) {
    if (ctx.user.role !== 'admin') throw forbidden('只有管理员可以变更客户的业务员');
    assertOwner(ctx, after.ownerId);
  }
  if (after.statusId !== before.statusId) assertStatus(ctx, after.statusId);
  if (after.name !== before.name || after.keyword !== before.keyword) checkDuplicates(ctx, input, before.id);

  const sets = changedKeys.map((k) => `${FIELD_COLUMNS[k]} = @${FIELD_COLUMNS[k]}`);
  const res = ctx.db
    .prepare(
      `UPDATE customer SET ${sets.join(', ')}, name_fold = @name_fold, keyword_fold = @keyword_fold,
         updated_at = @at, version = version + 1
       WHERE id = @id AND version = @version`,
    )
    .run({
      ...fieldValues(after),
      name_fold: fold(after.name),
      keyword_fold: fold(after.keyword),
      at: nowIso(ctx),
      id: before.id,
      version: input.version,
    });
  if (res.changes !== 1) throw new AppError('conflict', `客户“${before.name}”已被其他人修改，请关闭后重新打开再编辑`);

  if (after.statusId !== before.statusId) {
    writeLog(ctx, before.id, `客户状态: ${before.statusName} → ${nameOf(ctx, 'customer_status', after.statusId)}`);
  }
  const { statusId: _s, ...otherLabels } = customerLabels;
  const labels = Object.fromEntries(FIELD_KEYS.filter((k) => k !== 'statusId').map((k) => [k, otherLabels[k]]));
  const changes = describeChanges(before as unknown as Record<string, unknown>, after, labels, (k, v) =>
    k === 'ownerId' ? nameOf(ctx, 'staff', v) : v === '' || v === null ? '（空）' : String(v),
  );
  if (changes.length) writeLog(ctx, before.id, `修改客户资料：${changes.join('；')}`);
  if (after.ownerId !== before.ownerId) revokeOnOwnerChange(ctx, before.id, nameOf(ctx, 'staff', after.ownerId));
  return loadCustomer(ctx, before.id);
}

function setDeleted(ctx: Ctx, ids: number[], deleted: boolean): { count: number } {
  const unique = [...new Set(ids)];
  const targets = unique.map((id) => accessCustomer(ctx, id, { allowDeleted: true }));
  for (const t of targets) {
    if (deleted) {
      if (t.deleted) throw new AppError('conflict', `客户“${t.name}”已被删除`);
      if (ctx.user.role !== 'admin' && t.ownerId !== ctx.user.id) {
        throw forbidden(`客户“${t.name}”是授权给您代管的，不能删除`);
      }
    } else if (!t.deleted) {
      throw new AppError('conflict', `客户“${t.name}”没有被删除`);
    }
  }
  const at = nowIso(ctx);
  const stmt = deleted
    ? ctx.db.prepare(
        'UPDATE customer SET deleted_at = ?, deleted_by = ?, updated_at = ?, version = version + 1 WHERE id = ?',
      )
    : ctx.db.prepare(
        'UPDATE customer SET deleted_at = NULL, deleted_by = NULL, updated_at = ?, version = version + 1 WHERE id = ?',
      );
  for (const t of targets) {
    if (deleted) stmt.run(at, ctx.user.id, at, t.id);
    else stmt.run(at, t.id);
    writeLog(ctx, t.id, deleted ? `删除客户：${t.name}` : `恢复客户：${t.name}`);
  }
  return { count: targets.length };
}

/**
 * Writes a new customer row (its folded name and keyword too) and returns its id. The caller has
 * checked permission, status, 业务员 and duplicates, and writes the 操作日志 line (创建 or 导入).
 */
export function insertCustomer(ctx: Ctx, fields: CustomerFields): number {
  const at = nowIso(ctx);
  const { lastInsertRowid } = ctx.db
    .prepare(
      `INSERT INTO customer (${Object.values(FIELD_COLUMNS).join(', ')}, name_fold, keyword_fold, created_at, updated_at)
       VALUES (${Object.values(FIELD_COLUMNS)
         .map((c) => `@${c}`)
         .join(', ')}, @name_fold, @keyword_fold, @at, @at)`,
    )
    .run({ ...fieldValues(fields), name_fold: fold(fields.name), keyword_fold: fold(fields.keyword), at });
  return Number(lastInsertRowid);
}

/** Rows per INSERT of insertCustomers: FTS5 flushes its index at every statement (see seed.ts). */
const BULK_ROWS = 100;

/**
 * Writes many new customers at once (导入客户) and returns their ids, in order. Many rows per
 * statement: through the search-index trigger, one row per statement is about ten times slower.
 * The ids are given explicitly (max + 1 …): the transaction holds the only writer.
 */
export function insertCustomers(ctx: Ctx, list: CustomerFields[]): number[] {
  const at = nowIso(ctx);
  const columns = ['id', ...Object.values(FIELD_COLUMNS), 'name_fold', 'keyword_fold', 'created_at', 'updated_at'];
  const row = `(${columns.map(() => '?').join(', ')})`;
  const sql = (n: number) => `INSERT INTO customer (${columns.join(', ')}) VALUES ${Array(n).fill(row).join(', ')}`;
  const full = ctx.db.prepare(sql(BULK_ROWS));
  let next = ctx.db.prepare<[], { n: number }>('SELECT coalesce(max(id), 0) + 1 AS n FROM customer').get()!.n;
  const ids: number[] = [];
  for (let from = 0; from < list.length; from += BULK_ROWS) {
    const chunk = list.slice(from, from + BULK_ROWS);
    const args: unknown[] = [];
    for (const f of chunk) {
      ids.push(next);
      args.push(next++, ...Object.values(fieldValues(f)), fold(f.name), fold(f.keyword), at, at);
    }
    (chunk.length === BULK_ROWS ? full : ctx.db.prepare(sql(chunk.length))).run(args);
  }
  return ids;
}

/** What the grid is filtered and sorted by (customers.page, and the export of the grid). */
export interface CustomerGridFilter {
  statusId: number | null;
  search: string;
  deleted: boolean;
  sort: { field: keyof typeof SORT_SQL; dir: 'asc' | 'desc' } | null;
}

/**
 * The grid's rows as SQL on `customer c`: the WHERE clause (visibility, deleted or live, status,
 * quick search) with its parameters, the ORDER BY, and the WHERE clause planned for counting.
 * Shared by customers.page and the Excel export, so both show exactly the same customers.
 */
export function customerGridQuery(ctx: Ctx, q: CustomerGridFilter) {
  if (q.deleted && ctx.user.role !== 'admin') throw forbidden('只有管理员可以查看已删除的客户');
  const where = gridWhere(ctx, q);
  const dir = q.sort ? (q.sort.dir === 'asc' ? 'ASC' : 'DESC') : 'DESC';
  const order = [...(q.sort ? SORT_SQL[q.sort.field] : SORT_SQL.createdOn), 'c.id']
    .map((col) => `${col} ${dir}`)
    .join(', ');
  return { where, order, countWhere: () => gridWhere(ctx, q, true) };
}

export const customersHandlers: HandlersOf<'customers'> = {
  'customers.page': (ctx, input) => {
    const { where, order, countWhere } = customerGridQuery(ctx, input);
    // The page's ids first, then their rows: OFFSET skips index entries only, not joined rows
    // (an administrator's page at offset 500,000: 195 ms → 15 ms).
    const rows = ctx.db
      .prepare<Record<string, unknown>, Record<string, unknown>>(
        `SELECT c.id, c.name, c.keyword, c.status_id AS statusId, s.name AS statusName, c.owner_id AS ownerId,
                o.name AS ownerName, c.created_on AS createdOn, c.phone, c.region, c.deleted_at AS deletedAt,
                ${delegatedExpr(ctx)} AS delegated
         FROM customer c JOIN customer_status s ON s.id = c.status_id JOIN staff o ON o.id = c.owner_id
         WHERE c.id IN (SELECT c.id FROM customer c WHERE ${where.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset)
         ORDER BY ${order}`,
      )
      .all({ ...where.params, limit: input.limit, offset: input.offset })
      .map((r) => ({ ...r, delegated: !!r.delegated }) as unknown as CustomerRow);
    let total: number | null = null;
    if (input.withTotal) {
      const counted = countWhere();
      total =
        ctx.db
          .prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM customer c WHERE ${counted.sql}`)
          .get(counted.params)?.n ?? 0;
    }
    return { rows, total };
  },

  'customers.get': (ctx, input) => loadCustomer(ctx, input.id, { allowDeleted: ctx.user.role === 'admin' }),

  'customers.checkDuplicates': (ctx, input) =>
    input.name.trim() || input.keyword.trim() ? findDuplicates(ctx, input.name, input.keyword, input.excludeId) : [],

  'customers.create': (ctx, input) => {
    if (ctx.user.role !== 'admin' && input.ownerId !== ctx.user.id) {
      throw badField('ownerId', '业务员', '业务员只能为自己创建客户');
    }
    assertStatus(ctx, input.statusId);
    assertOwner(ctx, input.ownerId);
    checkDuplicates(ctx, input, null);
    const id = insertCustomer(ctx, input);
    writeLog(
      ctx,
      id,
      `创建客户：${input.name}（关键字 ${input.keyword}，${nameOf(ctx, 'customer_status', input.statusId)}，创建日期 ${input.createdOn}）`,
    );
    return loadCustomer(ctx, id);
  },

  'customers.update': (ctx, input) => update(ctx, input),

  'customers.delete': (ctx, input) => setDeleted(ctx, input.ids, true),

  'customers.restore': (ctx, input) => {
    if (ctx.user.role !== 'admin') throw forbidden('只有管理员可以恢复已删除的客户');
    return setDeleted(ctx, input.ids, false);
  },
};
