import { applyPlan, planBatch, rowError, tokenOf, type BatchKind } from '../batch.js';
import { childRows } from '../child-rows.js';
import {
  LOG_LIMIT,
  localMinute,
  recordLabels,
  type CustomerRecord,
  type RecordFields,
  type RecordList,
} from '../../core/contract.js';
import type { Ctx } from '../context.js';
import type { HandlersOf } from '../router.js';
import { accessCustomer, type CustomerAccess } from '../visibility.js';

export const RECORDS_CONFLICT = '该客户的维护记录已被其他人修改，请点“刷新”重新读取后再编辑（您的修改没有保存）';

/** The fields a 维护记录 save may change (kind is always 'followup'). */
type Editable = Omit<RecordFields, 'kind'>;
const KEYS = [
  'at',
  'method',
  'contactId',
  'content',
  'nextOn',
  'nextTime',
] as const satisfies readonly (keyof Editable)[];
const COLUMNS: Record<keyof Editable, string> = {
  at: 'at',
  method: 'method',
  contactId: 'contact_id',
  content: 'content',
  nextOn: 'next_on',
  nextTime: 'next_time',
};

const SELECT = `SELECT r.id, r.kind, r.at, r.method, r.contact_id AS contactId, k.name AS contactName, r.content,
    r.next_on AS nextOn, r.next_time AS nextTime, r.author_id AS authorId, s.name AS authorName, r.version
  FROM record r LEFT JOIN contact k ON k.id = r.contact_id LEFT JOIN staff s ON s.id = r.author_id`;

/** The customer's 维护记录: the rows a save may change, and what its token fingerprints. */
function loadFollowups(ctx: Ctx, customerId: number): CustomerRecord[] {
  return ctx.db
    .prepare<[number], CustomerRecord>(`${SELECT} WHERE r.customer_id = ? AND r.kind = 'followup'`)
    .all(customerId);
}

const newestFirst = (a: CustomerRecord, b: CustomerRecord) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id);

/** Every 维护记录 and the newest LOG_LIMIT 操作日志 lines, newest first. */
function listOf(ctx: Ctx, customer: CustomerAccess): RecordList {
  const followups = loadFollowups(ctx, customer.id);
  const logs = ctx.db
    .prepare<[number, number], CustomerRecord>(
      `${SELECT} WHERE r.customer_id = ? AND r.kind = 'log' ORDER BY r.at DESC, r.id DESC LIMIT ?`,
    )
    .all(customer.id, LOG_LIMIT);
  const logsTotal =
    logs.length < LOG_LIMIT
      ? logs.length
      : (ctx.db
          .prepare<[number], { n: number }>(`SELECT count(*) AS n FROM record WHERE customer_id = ? AND kind = 'log'`)
          .get(customer.id)?.n ?? 0);
  const contacts = ctx.db
    .prepare<[number], { id: number; name: string }>(
      `SELECT id, name FROM contact WHERE customer_id = ? ORDER BY is_primary DESC, id`,
    )
    .all(customer.id);
  return {
    customer: { id: customer.id, name: customer.name, editable: !customer.deleted && !customer.pool },
    rows: [...followups, ...logs].sort(newestFirst),
    token: tokenOf(followups),
    contacts,
    logsTotal,
  };
}

const snippet = (s: string, max = 30) => {
  const one = s.replace(/\s+/g, ' ');
  return [...one].length > max ? `${[...one].slice(0, max).join('')}…` : one;
};

export const recordsHandlers: HandlersOf<'records'> = {
  'records.list': (ctx, input) =>
    listOf(ctx, accessCustomer(ctx, input.customerId, { allowDeleted: ctx.user.role === 'admin', read: true })),

  'records.save': (ctx, input) => {
    // Owners, administrators and delegates may all keep a visible customer's follow-up records.
    const customer = accessCustomer(ctx, input.customerId);

    // 操作日志 are the system's: no batch may change or remove one (the triggers refuse it too).
    const isLog = ctx.db.prepare<[number, number], { one: number }>(
      `SELECT 1 AS one FROM record WHERE id = ? AND customer_id = ? AND kind = 'log'`,
    );
    const refuseLogs = (kind: BatchKind, ids: number[], verb: string) =>
      ids.forEach((id, i) => {
        if (isLog.get(id, customer.id)) {
          throw rowError(kind, i, `属性为“操作日志”的记录是系统自动生成的，不能${verb}`, undefined, 'forbidden');
        }
      });
    refuseLogs(
      'updated',
      input.updated.map((r) => r.id),
      '修改',
    );
    refuseLogs(
      'deleted',
      input.deleted.map((r) => r.id),
      '删除',
    );

    const existing = loadFollowups(ctx, customer.id);
    const plan = planBatch(input, { existing, conflictMessage: RECORDS_CONFLICT, what: '维护记录' });

    const contacts = new Map(
      ctx.db
        .prepare<[number], { id: number; name: string }>(`SELECT id, name FROM contact WHERE customer_id = ?`)
        .all(customer.id)
        .map((c) => [c.id, c.name]),
    );
    const checkContact = (kind: BatchKind, index: number, contactId: number | null) => {
      if (contactId !== null && !contacts.has(contactId)) {
        throw rowError(kind, index, '不是该客户的联系人', { key: 'contactId', label: '联系人' });
      }
    };
    plan.created.forEach((c) => checkContact('created', c.index, c.row.contactId));
    plan.updated.forEach((u) => checkContact('updated', u.index, u.row.contactId));
    // A time rings only with a date: 跟进时间 without 下次跟进 is refused, not dropped.
    const checkTime = (kind: BatchKind, index: number, r: Editable) => {
      if (r.nextTime !== null && r.nextOn === null) {
        throw rowError(kind, index, '请先填写下次跟进的日期', { key: 'nextTime', label: recordLabels.nextTime });
      }
    };
    plan.created.forEach((c) => checkTime('created', c.index, c.row));
    plan.updated.forEach((u) => checkTime('updated', u.index, u.row));

    const describe = (r: Editable) =>
      `${localMinute(r.at)} ${r.method}${r.contactId !== null ? ` ${contacts.get(r.contactId) ?? ''}` : ''}：${snippet(r.content)}`;
    const show = (key: string, value: unknown) => {
      if (value === null || value === '') return '（空）';
      if (key === 'at') return localMinute(String(value));
      if (key === 'contactId') return contacts.get(Number(value)) ?? `#${String(value)}`;
      if (key === 'content') return snippet(String(value));
      return String(value);
    };
    const fieldLabels = Object.fromEntries(KEYS.map((k) => [k, recordLabels[k]]));
    const editable = (r: Editable): Editable => ({
      at: new Date(r.at).toISOString(),
      method: r.method,
      contactId: r.contactId,
      content: r.content,
      nextOn: r.nextOn,
      nextTime: r.nextOn === null ? null : r.nextTime,
    });
    const rows = childRows(ctx, customer.id, {
      table: 'record',
      columns: COLUMNS,
      only: `kind = 'followup'`,
      conflict: RECORDS_CONFLICT,
      labels: fieldLabels,
      show,
    });
    const saved = applyPlan(plan, {
      remove: (before) => rows.remove(before, `删除维护记录 ${describe(before as Editable)}`),
      update: (before, row) => rows.update(before, editable(row), `修改维护记录 ${describe(before as Editable)}`),
      create(row) {
        const r = editable(row);
        rows.insert(r, { kind: 'followup', author_id: ctx.user.id }, `新增维护记录 ${describe(r)}`);
      },
    });
    return { ...listOf(ctx, customer), saved };
  },
};
