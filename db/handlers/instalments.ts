/**
 * 回款计划 (issue 22, part 1): a purchase's instalments, saved with the draft-and-保存 model of the
 * customer tabs (db/batch.ts, db/child-rows.ts: one transaction, an 操作日志 line per change,
 * versions checked), and tab 9's list of open instalments over every visible customer
 * (db/instalments/queries.ts). The plan's rule is core's `checkInstalmentPlan`, the same function
 * the form checks with.
 */
import { applyPlan, planBatch, rowError } from '../batch.js';
import { childRows } from '../child-rows.js';
import {
  checkInstalmentPlan,
  instalmentLabels,
  type Instalment,
  type InstalmentDuePage,
  type InstalmentDueRow,
  type InstalmentFields,
  type InstalmentPlan,
  INSTALMENT_SOON_DAYS,
} from '../../core/contract.js';
import { today, type Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { tokenOf } from '../batch.js';
import { sumCents } from '../../core/money.js';
import type { HandlersOf } from '../router.js';
import { loadInstalments, seqTitle } from '../instalments/plan.js';
import { instalmentsDueQuery, instalmentsDueTotals, viewRange } from '../instalments/queries.js';
import { addDays } from '../fees/queries.js';
import { loadPurchase } from './payments.js';
import { yuan } from './quotes.js';

export const INSTALMENTS_CONFLICT =
  '该购买记录的回款计划已被其他人修改（或刚登记了收款），请点“刷新”重新读取后再编辑（您的修改没有保存）';

const KEYS = [
  'seq',
  'dueOn',
  'amountCents',
  'remindDays',
  'note',
] as const satisfies readonly (keyof InstalmentFields)[];
const COLUMNS: Record<(typeof KEYS)[number], string> = {
  seq: 'seq',
  dueOn: 'due_on',
  amountCents: 'amount_cents',
  remindDays: 'remind_days',
  note: 'note',
};
const fieldLabels = Object.fromEntries(KEYS.map((k) => [k, instalmentLabels[k]]));

const show = (key: string, value: unknown) => {
  if (value === null || value === '') return '（空）';
  if (key.endsWith('Cents')) return yuan(Number(value));
  return String(value);
};

const fields = (r: InstalmentFields): InstalmentFields => ({
  seq: r.seq,
  dueOn: r.dueOn,
  amountCents: r.amountCents,
  remindDays: r.remindDays,
  note: r.note,
});

const describe = (r: InstalmentFields) =>
  `${seqTitle(r.seq)}（计划回款日期 ${r.dueOn}，计划金额 ${yuan(r.amountCents)}` +
  `${r.remindDays > 0 ? `，提前 ${r.remindDays} 天提醒` : ''}${r.note ? `，备注 ${r.note}` : ''}）`;

function planOf(ctx: Ctx, purchaseId: number, opts: { allowDeleted?: boolean; read?: boolean } = {}): InstalmentPlan {
  const { customer, purchase } = loadPurchase(ctx, purchaseId, opts);
  const rows = loadInstalments(ctx, purchaseId);
  const amountCents = sumCents(rows.map((r) => r.amountCents));
  const paidCents = sumCents(rows.map((r) => r.paidCents));
  return {
    customer: { id: customer.id, name: customer.name, editable: !customer.deleted && !customer.pool },
    purchase,
    rows,
    token: tokenOf(rows),
    today: today(ctx),
    totals: { amountCents, paidCents, openCents: amountCents - paidCents },
  };
}

export const instalmentsHandlers: HandlersOf<'instalments'> = {
  'instalments.list': (ctx, input) =>
    planOf(ctx, input.purchaseId, { allowDeleted: ctx.user.role === 'admin', read: true }),

  'instalments.save': (ctx, input) => {
    // Owners, administrators and delegates all follow a visible customer's purchases up.
    const { customer, purchase } = loadPurchase(ctx, input.purchaseId);
    const existing = loadInstalments(ctx, purchase.purchaseId);
    const plan = planBatch<InstalmentFields, Instalment>(
      { ...input, customerId: customer.id },
      { existing, conflictMessage: INSTALMENTS_CONFLICT, what: '回款期次' },
    );

    // The plan as it will be: the rows kept, the changed ones as sent, the new ones.
    const gone = new Set([...plan.deleted.map((d) => d.before.id), ...plan.updated.map((u) => u.before.id)]);
    const after = [
      ...plan.updated.map((u) => ({ ...fields(u.row), kind: 'updated' as const, index: u.index })),
      ...plan.created.map((c) => ({ ...fields(c.row), kind: 'created' as const, index: c.index })),
      ...existing.filter((r) => !gone.has(r.id)).map((r) => ({ ...fields(r), kind: null, index: -1 })),
    ];
    const problem = checkInstalmentPlan(purchase.dueCents, after);
    if (problem) {
      const row = problem.index === null ? null : after[problem.index];
      if (row?.kind) throw rowError(row.kind, row.index, problem.message, { key: problem.key, label: problem.label });
      throw new AppError('bad_input', `${problem.label}：${problem.message}`, { [problem.key]: problem.message });
    }
    for (const d of plan.deleted) {
      if (d.before.paymentCount > 0) {
        throw rowError(
          'deleted',
          d.index,
          `${seqTitle(d.before.seq)}已有 ${d.before.paymentCount} 笔指定到该期的收款，不能删除`,
          undefined,
          'forbidden',
        );
      }
    }

    const what = `回款计划 ${purchase.productCode} ${purchase.productName}（购买日期 ${purchase.purchasedOn}）`;
    const rows = childRows(ctx, customer.id, {
      table: 'instalment',
      columns: COLUMNS,
      conflict: INSTALMENTS_CONFLICT,
      labels: fieldLabels,
      show,
    });
    const saved = applyPlan(plan, {
      remove: (before) => rows.remove(before, `${what}：删除${describe(before)}`),
      update: (before, row) => rows.update(before, fields(row), `${what}：修改${seqTitle(before.seq)}`),
      create: (row) =>
        rows.insert(fields(row), { purchase_id: purchase.purchaseId }, `${what}：新增${describe(fields(row))}`),
    });
    return { ...planOf(ctx, purchase.purchaseId), saved };
  },

  'instalments.due': (ctx, input): InstalmentDuePage => {
    const now = today(ctx);
    const range = viewRange(input.view, now);
    const q = instalmentsDueQuery(ctx, range, input.ownerId);
    const rows = ctx.db
      .prepare<Record<string, unknown>, InstalmentDueRow>(`${q.sql} LIMIT @limit OFFSET @offset`)
      .all({ ...q.params, limit: input.limit, offset: input.offset });
    const totals = input.withTotal ? instalmentsDueTotals(ctx, range, input.ownerId) : null;
    return { rows, total: totals ? totals.count : null, totals, today: now, ...range };
  },

  'instalments.upcoming': (ctx, input) => {
    const now = today(ctx);
    const range = { from: now, to: addDays(now, INSTALMENT_SOON_DAYS) };
    const q = instalmentsDueQuery(ctx, range, input.ownerId);
    const rows = ctx.db
      .prepare<Record<string, unknown>, InstalmentDueRow>(`${q.sql} LIMIT @limit`)
      .all({ ...q.params, limit: input.limit });
    const t = instalmentsDueTotals(ctx, range, input.ownerId);
    return { today: now, until: range.to, rows, count: t.count, openCents: t.openCents };
  },
};
