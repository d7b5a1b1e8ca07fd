import { customerLabels, type Customer, type CustomerFields, type Parsed } from '../../core/contract.js';
import { nowIso, type Ctx } from '../context.js';
import { AppError, badField, forbidden, notFound } from '../errors.js';
import { countDuplicates, findDuplicates } from '../customers/duplicates.js';
import { customerPage } from '../customers/grid.js';
import { FIELD_COLUMNS, FIELD_KEYS, fieldValues, insertCustomer } from '../customers/write.js';
import { fold } from '../../core/fold.js';
import { describeChanges, writeLog } from '../oplog.js';
import { remindNow } from '../reminders/sync.js';
import type { HandlersOf } from '../router.js';
import { revokeOnOwnerChange } from './delegations.js';
import { accessCustomer, delegatedExpr, ownsAsTeam, visibleCustomers } from '../visibility.js';
import { isMasked, maskPhone, refuseMaskedNumber } from '../pool/mask.js';

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
    pool: false,
    masked: false,
    deletedAt: r.deleted_at,
    version: r.version,
  };
}

/**
 * A customer the user may see (a 公海 customer too: read-only), its 电话 masked for who may not
 * see it (脱敏); `stored`: the stored values, for a write to compare against.
 */
function loadCustomer(ctx: Ctx, id: number, opts: { allowDeleted?: boolean; stored?: boolean } = {}): Customer {
  const access = accessCustomer(ctx, id, { allowDeleted: opts.allowDeleted, read: true });
  const vis = visibleCustomers(ctx);
  const row = ctx.db
    .prepare<Record<string, unknown>, CustomerDbRow>(
      `SELECT c.*, s.name AS status_name, o.name AS owner_name, ${delegatedExpr(ctx)} AS delegated
       FROM customer c JOIN customer_status s ON s.id = c.status_id JOIN staff o ON o.id = c.owner_id
       WHERE c.id = @id`,
    )
    .get({ id, ...vis.params });
  if (!row) throw notFound('客户');
  const customer = { ...toCustomer(row), pool: access.pool, delegated: access.delegated };
  if (opts.stored || !isMasked(ctx, customer.ownerId, customer.delegated)) return customer;
  return { ...customer, masked: true, phone: maskPhone(customer.phone) };
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
    const { count, bound } = countDuplicates(ctx, input.name, input.keyword, excludeId);
    throw new AppError(
      'duplicate',
      `关键字“${input.keyword}”与${bound ? '超过 ' : ' '}${count.toLocaleString('en-US')} 个已有客户重复：${matches
        .slice(0, 3)
        .map((m) => `${m.name}（${m.ownerName}）`)
        .join('、')}${count > 3 ? ' 等' : ''}`,
      undefined,
      { matches, count, countIsBound: bound },
    );
  }
}

function nameOf(ctx: Ctx, table: 'customer_status' | 'staff', id: unknown): string {
  const row = ctx.db.prepare<[unknown], { name: string }>(`SELECT name FROM ${table} WHERE id = ?`).get(id);
  return row?.name ?? String(id);
}

function update(ctx: Ctx, input: Parsed<'customers.update'>): Customer {
  accessCustomer(ctx, input.id); // a 公海 customer is refused: 领取 first
  const before = loadCustomer(ctx, input.id, { stored: true });
  // A masked 电话 sent back unchanged (a 销售经理 with 脱敏 on) keeps the stored number.
  if (isMasked(ctx, before.ownerId, before.delegated) && input.phone === maskPhone(before.phone))
    input.phone = before.phone;
  refuseMaskedNumber(input.phone, 'phone', '电话');
  if (before.version !== input.version) {
    throw new AppError('conflict', `客户“${before.name}”已被其他人修改，请关闭后重新打开再编辑`);
  }
  const after: CustomerFields = Object.fromEntries(FIELD_KEYS.map((k) => [k, input[k]])) as unknown as CustomerFields;
  const changedKeys = FIELD_KEYS.filter((k) => before[k] !== after[k]);
  if (changedKeys.length === 0) return loadCustomer(ctx, before.id);
  if (after.ownerId !== before.ownerId) {
    // 管理员; or a 销售经理 within their 部门 (the customer the team's, the new 业务员 a member).
    if (ctx.user.role === 'sales') throw forbidden('只有管理员或销售经理可以变更客户的业务员');
    assertOwner(ctx, after.ownerId);
    if (!ownsAsTeam(ctx, before.ownerId) || !ownsAsTeam(ctx, after.ownerId)) {
      throw badField('ownerId', '业务员', '销售经理只能在本部门的人员之间变更业务员');
    }
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
  if (after.ownerId !== before.ownerId) {
    revokeOnOwnerChange(ctx, before.id, nameOf(ctx, 'staff', after.ownerId));
    const from = nameOf(ctx, 'staff', before.ownerId);
    remindNow(ctx, 'transfer', after.ownerId, before.id, null, `客户“${after.name}”已由${from}转移给您`);
  }
  return loadCustomer(ctx, before.id);
}

function setDeleted(ctx: Ctx, ids: number[], deleted: boolean): { count: number } {
  const unique = [...new Set(ids)];
  // An administrator may delete (and restore) a 公海 customer; others claim it first.
  const targets = unique.map((id) => accessCustomer(ctx, id, { allowDeleted: true, read: ctx.user.role === 'admin' }));
  for (const t of targets) {
    if (deleted) {
      if (t.deleted) throw new AppError('conflict', `客户“${t.name}”已被删除`);
      if (!ownsAsTeam(ctx, t.ownerId)) {
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

export const customersHandlers: HandlersOf<'customers'> = {
  'customers.page': (ctx, input) => customerPage(ctx, input),

  'customers.get': (ctx, input) => loadCustomer(ctx, input.id, { allowDeleted: ctx.user.role === 'admin' }),

  'customers.checkDuplicates': (ctx, input) =>
    input.name.trim() || input.keyword.trim() ? findDuplicates(ctx, input.name, input.keyword, input.excludeId) : [],

  'customers.create': (ctx, input) => {
    if (ctx.user.role === 'sales' && input.ownerId !== ctx.user.id) {
      throw badField('ownerId', '业务员', '业务员只能为自己创建客户');
    }
    if (!ownsAsTeam(ctx, input.ownerId)) {
      throw badField('ownerId', '业务员', '销售经理只能为自己或本部门的人员创建客户');
    }
    assertStatus(ctx, input.statusId);
    assertOwner(ctx, input.ownerId);
    refuseMaskedNumber(input.phone, 'phone', '电话');
    refuseMaskedNumber(input.fax, 'fax', '传真');
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
