/**
 * Area 9: 年费催缴 and 欠款统计 over the customers the user may see, and the 催缴单. The statements
 * live in db/fees/queries.ts (shared with the Excel export).
 */
import {
  type ArrearsPage,
  type ArrearsRow,
  type FeeDuePage,
  type FeeDueRow,
  type ReminderSlip,
} from '../../core/contract.js';
import { type Ctx } from '../context.js';
import { notFound } from '../errors.js';
import { sumCents } from '../../core/money.js';
import {
  arrearsPurchasesQuery,
  arrearsQuery,
  arrearsSummaryTotals,
  arrearsTotals,
  feesDueQuery,
  feeTotals,
  toPurchaseDue,
  type PurchaseDueDbRow,
  type SqlQuery,
} from '../fees/queries.js';
import type { HandlersOf } from '../router.js';
import { accessCustomer } from '../visibility.js';
import { isMasked, maskPhone } from '../pool/mask.js';

/** A printed slip's numbers, masked for who may not see them (脱敏, db/pool/mask.ts). */
function hideNumbers<T extends { phone: string; fax: string; contactPhone: string | null }>(
  ctx: Parameters<typeof isMasked>[0],
  access: { ownerId: number; delegated: boolean },
  c: T,
): T {
  if (!isMasked(ctx, access.ownerId, access.delegated)) return c;
  return { ...c, phone: maskPhone(c.phone), contactPhone: c.contactPhone === null ? null : maskPhone(c.contactPhone) };
}
import { readSettings } from './settings.js';

function page<T>(ctx: Ctx, q: SqlQuery, offset: number, limit: number): T[] {
  return ctx.db
    .prepare<Record<string, unknown>, T>(`${q.sql} LIMIT @limit OFFSET @offset`)
    .all({ ...q.params, limit, offset });
}

export const feesHandlers: HandlersOf<'fees'> = {
  'fees.due': (ctx, input): FeeDuePage => {
    const q = feesDueQuery(ctx, input);
    const totals = input.withTotal ? feeTotals(ctx, input) : null;
    return {
      rows: page<FeeDueRow>(ctx, q, input.offset, input.limit),
      total: totals ? totals.count : null,
      totals: totals && { count: totals.count, overdueCount: totals.overdueCount, feeCents: totals.feeCents },
      days: q.days,
      today: q.today,
    };
  },

  'fees.arrears': (ctx, input): ArrearsPage => {
    const rows = page<ArrearsRow>(ctx, arrearsQuery(ctx, input), input.offset, input.limit);
    const totals = input.withTotal
      ? input.from === null && input.to === null
        ? arrearsSummaryTotals(ctx, input.ownerId)
        : arrearsTotals(ctx, input)
      : null;
    return { rows, total: totals ? totals.customers : null, totals };
  },

  'fees.arrearsPurchases': (ctx, input) => {
    accessCustomer(ctx, input.customerId, { read: true });
    const q = arrearsPurchasesQuery(ctx, { ...input, ownerId: null });
    return ctx.db.prepare<Record<string, unknown>, PurchaseDueDbRow>(q.sql).all(q.params).map(toPurchaseDue);
  },

  'fees.summary': (ctx) => {
    const t = feeTotals(ctx, { days: null, ownerId: null, from: null, to: null });
    return { days: t.days, count: t.count, overdueCount: t.overdueCount };
  },

  'fees.reminder': (ctx, input): ReminderSlip => {
    const access = accessCustomer(ctx, input.customerId, { read: true });
    const customer = ctx.db
      .prepare<[number], { id: number; name: string; address: string; phone: string; fax: string; ownerName: string }>(
        `SELECT c.id, c.name, c.address, c.phone, c.fax, o.name AS ownerName
         FROM customer c JOIN staff o ON o.id = c.owner_id WHERE c.id = ?`,
      )
      .get(access.id);
    if (!customer) throw notFound('客户');
    const contact = ctx.db
      .prepare<[number], { name: string; phone: string }>(
        `SELECT name, CASE WHEN mobile <> '' THEN mobile ELSE phone END AS phone
         FROM contact WHERE customer_id = ? ORDER BY is_primary DESC, id LIMIT 1`,
      )
      .get(access.id);
    const aq = arrearsPurchasesQuery(ctx, { customerId: access.id, ownerId: null, from: null, to: null });
    const arrears = ctx.db.prepare<Record<string, unknown>, PurchaseDueDbRow>(aq.sql).all(aq.params).map(toPurchaseDue);
    const fq = feesDueQuery(ctx, { days: input.days, ownerId: null, from: null, to: null, customerId: access.id });
    const fees = ctx.db.prepare<Record<string, unknown>, FeeDueRow>(fq.sql).all(fq.params);
    const sum = <T>(rows: T[], f: (r: T) => number) => sumCents(rows.map(f));
    return {
      company: readSettings(ctx),
      today: fq.today,
      days: fq.days,
      customer: hideNumbers(ctx, access, {
        ...customer,
        contactName: contact?.name ?? null,
        contactPhone: contact ? contact.phone || null : null,
      }),
      arrears,
      fees,
      totals: {
        dueCents: sum(arrears, (r) => r.dueCents),
        paidCents: sum(arrears, (r) => r.paidCents),
        arrearsCents: sum(arrears, (r) => r.arrearsCents),
        feeCents: sum(fees, (r) => r.annualFeeCents),
      },
    };
  },
};
