/**
 * 回款计划's sums from the counters of 0018 (instalment_day, instalment_month: per 计划回款日期 or
 * month and 业务员, kept by triggers), so tab 9's totals, 工作台's card and 销售统计's planned
 * against collected read a few hundred small rows at 500,000 instalments — never the instalments.
 * A range of days is the whole months inside it (instalment_month) plus the days of its partial
 * months (instalment_day). "Overdue" is a range ending yesterday: nothing stored goes stale.
 *
 * Also the recount the tests compare the counters with, and a rebuild for repairs.
 */
import type { Ctx } from '../context.js';
import { dialectOf } from '../engine/dialect.js';
import type { DB } from '../open.js';

export interface InstalmentSums {
  /** All instalments of the range: how many, 计划金额, 已回款. */
  n: number;
  amountCents: number;
  paidCents: number;
  /** The open ones (已回款 < 计划金额): how many and their 计划金额. */
  openN: number;
  openAmountCents: number;
}

export const ZERO_SUMS: InstalmentSums = { n: 0, amountCents: 0, paidCents: 0, openN: 0, openAmountCents: 0 };

const SUMS = `coalesce(sum(n), 0) AS n, coalesce(sum(amount_cents), 0) AS amountCents,
  coalesce(sum(paid_cents), 0) AS paidCents, coalesce(sum(open_n), 0) AS openN,
  coalesce(sum(open_amount_cents), 0) AS openAmountCents`;

function lastOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0));
  return d.toISOString().slice(0, 10);
}

/**
 * The pieces of [lo, hi] (lo or hi null: open-ended): whole months strictly inside, and the day
 * ranges of the partial months at the two ends (one range when both ends share a month).
 */
export function rangePieces(
  lo: string | null,
  hi: string | null,
): { monthAfter: string; monthBefore: string; days: { from: string; to: string }[] } {
  const loMonth = lo === null ? '' : lo.slice(0, 7);
  const hiMonth = hi === null ? '9999-99' : hi.slice(0, 7);
  if (lo !== null && hi !== null && loMonth === hiMonth)
    return { monthAfter: '9999-99', monthBefore: '', days: lo <= hi ? [{ from: lo, to: hi }] : [] };
  const days: { from: string; to: string }[] = [];
  // A low end on the 1st of its month takes the whole month from instalment_month (likewise a high end on its last day).
  let monthAfter = loMonth;
  if (lo !== null) {
    if (lo.endsWith('-01')) monthAfter = prevMonth(loMonth);
    else days.push({ from: lo, to: lastOfMonth(loMonth) });
  }
  let monthBefore = hiMonth;
  if (hi !== null) {
    if (hi === lastOfMonth(hiMonth)) monthBefore = nextMonthKey(hiMonth);
    else days.push({ from: `${hiMonth}-01`, to: hi });
  }
  return { monthAfter, monthBefore, days };
}

function prevMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
function nextMonthKey(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The sums of live customers' instalments with 计划回款日期 in [lo, hi], per 业务员 (of the
 * customer; 0: none) — of every 业务员 (owners null) or of those listed.
 */
export function instalmentSumsByOwner(
  ctx: Ctx,
  owners: number[] | null,
  lo: string | null,
  hi: string | null,
): Map<number, InstalmentSums> {
  const out = new Map<number, InstalmentSums>();
  if (owners !== null && owners.length === 0) return out;
  const p = rangePieces(lo, hi);
  const params: Record<string, unknown> = { monthAfter: p.monthAfter, monthBefore: p.monthBefore };
  const own = owners === null ? '' : `AND owner_id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('@owners', 'o')})`;
  if (owners !== null) params.owners = JSON.stringify(owners);
  const parts = [
    `SELECT owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents FROM instalment_month
     WHERE month > @monthAfter AND month < @monthBefore ${own}`,
  ];
  p.days.forEach((d, i) => {
    parts.push(`SELECT owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents FROM instalment_day
      WHERE day >= @from${i} AND day <= @to${i} ${own}`);
    params[`from${i}`] = d.from;
    params[`to${i}`] = d.to;
  });
  const rows = ctx.db
    .prepare<Record<string, unknown>, InstalmentSums & { ownerId: number }>(
      `SELECT owner_id AS ownerId, ${SUMS} FROM (${parts.join(' UNION ALL ')}) u GROUP BY owner_id`,
    )
    .all(params);
  for (const r of rows) {
    const { ownerId, ...sums } = r;
    if (sums.n !== 0 || sums.openN !== 0) out.set(ownerId, sums);
  }
  return out;
}

/**
 * The sums per month ('YYYY-MM') of live customers' instalments with 计划回款日期 in [from, to]
 * (both given), of every 业务员 or those listed — 销售统计's planned against collected.
 */
export function instalmentSumsByMonth(
  ctx: Ctx,
  owners: number[] | null,
  from: string,
  to: string,
): Map<string, InstalmentSums> {
  const out = new Map<string, InstalmentSums>();
  if (owners !== null && owners.length === 0) return out;
  const p = rangePieces(from, to);
  const params: Record<string, unknown> = { monthAfter: p.monthAfter, monthBefore: p.monthBefore };
  const own = owners === null ? '' : `AND owner_id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('@owners', 'o')})`;
  if (owners !== null) params.owners = JSON.stringify(owners);
  const parts = [
    `SELECT month, n, amount_cents, paid_cents, open_n, open_amount_cents FROM instalment_month
     WHERE month > @monthAfter AND month < @monthBefore ${own}`,
  ];
  p.days.forEach((d, i) => {
    parts.push(`SELECT substr(day, 1, 7), n, amount_cents, paid_cents, open_n, open_amount_cents FROM instalment_day
      WHERE day >= @from${i} AND day <= @to${i} ${own}`);
    params[`from${i}`] = d.from;
    params[`to${i}`] = d.to;
  });
  const rows = ctx.db
    .prepare<Record<string, unknown>, InstalmentSums & { month: string }>(
      `SELECT month, ${SUMS} FROM (${parts.join(' UNION ALL ')}) u GROUP BY month`,
    )
    .all(params);
  for (const { month, ...sums } of rows) out.set(month, sums);
  return out;
}

/** The counters' non-zero rows, and the same recounted from the instalments (equal when the triggers are right). */
export const INSTALMENT_COUNTERS = {
  instalment_day: {
    counters: `SELECT day, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents FROM instalment_day
               WHERE n <> 0 OR amount_cents <> 0 OR paid_cents <> 0 OR open_n <> 0 OR open_amount_cents <> 0
               ORDER BY 1, 2`,
    recount: `SELECT i.due_on AS day, coalesce(c.owner_id, 0) AS owner_id, count(*) AS n,
                sum(i.amount_cents) AS amount_cents, sum(i.paid_cents) AS paid_cents,
                sum(CASE WHEN i.paid_cents < i.amount_cents THEN 1 ELSE 0 END) AS open_n,
                sum(CASE WHEN i.paid_cents < i.amount_cents THEN i.amount_cents ELSE 0 END) AS open_amount_cents
              FROM instalment i JOIN customer c ON c.id = i.customer_id
              WHERE c.deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  },
  instalment_month: {
    counters: `SELECT month, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents FROM instalment_month
               WHERE n <> 0 OR amount_cents <> 0 OR paid_cents <> 0 OR open_n <> 0 OR open_amount_cents <> 0
               ORDER BY 1, 2`,
    recount: `SELECT substr(i.due_on, 1, 7) AS month, coalesce(c.owner_id, 0) AS owner_id, count(*) AS n,
                sum(i.amount_cents) AS amount_cents, sum(i.paid_cents) AS paid_cents,
                sum(CASE WHEN i.paid_cents < i.amount_cents THEN 1 ELSE 0 END) AS open_n,
                sum(CASE WHEN i.paid_cents < i.amount_cents THEN i.amount_cents ELSE 0 END) AS open_amount_cents
              FROM instalment i JOIN customer c ON c.id = i.customer_id
              WHERE c.deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  },
} as const;

export type InstalmentCounter = keyof typeof INSTALMENT_COUNTERS;

export function instalmentCountersAndRecount(
  db: DB,
): Record<InstalmentCounter, { counters: unknown[]; recount: unknown[] }> {
  const out = {} as Record<InstalmentCounter, { counters: unknown[]; recount: unknown[] }>;
  for (const name of Object.keys(INSTALMENT_COUNTERS) as InstalmentCounter[])
    out[name] = {
      counters: db.prepare(INSTALMENT_COUNTERS[name].counters).all(),
      recount: db.prepare(INSTALMENT_COUNTERS[name].recount).all(),
    };
  return out;
}

/** Recomputes both counter tables from the instalments (a bulk load with the triggers off, a repair). */
export function rebuildInstalmentCounters(db: DB): void {
  db.transaction(() => {
    for (const name of Object.keys(INSTALMENT_COUNTERS) as InstalmentCounter[]) {
      db.exec(`DELETE FROM ${name}`);
      db.exec(
        `INSERT INTO ${name} (${name === 'instalment_day' ? 'day' : 'month'}, owner_id, n, amount_cents, paid_cents, open_n, open_amount_cents) ${INSTALMENT_COUNTERS[name].recount}`,
      );
    }
  })();
}
