/**
 * 工作台 and 销售统计 in `npm run bench` (scripts/bench.ts calls this once per role with its own
 * timing helper, so every row has the same median / p95 / raw SQL / peak RSS columns).
 * `BENCH_ONLY=workbench npm run bench -- …` measures these alone (skips the grid's operations).
 */
import type { Input, MethodName, Output } from '../core/contract.js';
import type { Connection } from '../db/context.js';
import { localDayAfter } from '../core/contract/dates.js';

export interface WorkbenchBenchTools {
  conn: Connection;
  role: string;
  measure: (operation: string, role: string, fn: (i: number) => string) => void;
  call: <N extends MethodName>(conn: Connection, name: N, input: Input<N>) => Output<N>;
}

const yuan = (cents: number) => `¥${Math.round(cents / 100).toLocaleString()}`;

/** Local 'YYYY-MM-DD' n days from today. */
const day = (n: number) => localDayAfter(n);

/** Measures every 工作台 and 销售统计 read; returns 'only' when BENCH_ONLY=workbench. */
export function benchWorkbench({ conn, role, measure, call }: WorkbenchBenchTools): 'only' | 'all' {
  measure('工作台: 待跟进 (first 200 + counts)', role, () => {
    const l = call(conn, 'workbench.followups', { limit: 200 });
    return `${l.rows.length} rows; ${l.counts.overdue.toLocaleString()} overdue, ${l.counts.today.toLocaleString()} today, ${l.counts.upcoming.toLocaleString()} next 7 days`;
  });
  measure('工作台: summary (年费到期, 欠款, numbers)', role, () => {
    const s = call(conn, 'workbench.summary', {});
    return `${s.fees.count.toLocaleString()} fees due, ${s.arrears.customers.toLocaleString()} in arrears ${yuan(s.arrears.arrearsCents)}, ${s.numbers.customers.toLocaleString()} customers`;
  });
  // 回款计划 (tab 9's list and 工作台's card): the totals come from the counters of 0018.
  for (const view of ['overdue', 'week', 'open'] as const)
    measure(`回款计划: ${view} (first 100 + totals per 业务员)`, role, () => {
      const p = call(conn, 'instalments.due', { view, limit: 100, withTotal: true });
      return `${p.rows.length} rows; ${(p.totals?.count ?? 0).toLocaleString()} open ${yuan(p.totals?.openCents ?? 0)}, ${p.totals?.byOwner.length ?? 0} 业务员`;
    });
  measure('工作台: 回款计划 next 7 days (10 + totals)', role, () => {
    const u = call(conn, 'instalments.upcoming', { limit: 10 });
    return `${u.rows.length} rows; ${u.count.toLocaleString()} due ${yuan(u.openCents)}`;
  });
  const year = { from: day(-364), to: day(0) };
  const quarter = { from: day(-83), to: day(0) };
  measure('销售统计: 客户状态 now', role, () => `${call(conn, 'stats.statusNow', year).length} statuses`);
  measure('销售统计: status changes per month (12 months)', role, () => {
    const r = call(conn, 'stats.statusChanges', year);
    return `${r.reduce((t, x) => t + x.n, 0).toLocaleString()} changes`;
  });
  measure('销售统计: new customers per month (12 months)', role, () => {
    const r = call(conn, 'stats.newCustomers', year);
    return `${r.reduce((t, x) => t + x.n, 0).toLocaleString()} customers, ${r.length} rows`;
  });
  measure('销售统计: sales and collections per month (12 months)', role, () => {
    const r = call(conn, 'stats.money', year);
    return `${yuan(r.reduce((t, x) => t + x.salesCents, 0))} sold, ${yuan(r.reduce((t, x) => t + x.collectedCents, 0))} collected`;
  });
  measure('销售统计: arrears ageing', role, () => {
    const r = call(conn, 'stats.ageing', year);
    return `${r.reduce((t, x) => t + x.purchases, 0).toLocaleString()} purchases in arrears`;
  });
  measure('销售统计: by 商品大类 and top products (12 months)', role, () => {
    const r = call(conn, 'stats.products', year);
    return `${r.categories.length} categories, top ${r.top.length}`;
  });
  measure('销售统计: follow-up activity per week (12 weeks)', role, () => {
    const r = call(conn, 'stats.activity', quarter);
    return `${r.reduce((t, x) => t + x.n, 0).toLocaleString()} records, ${r.length} rows`;
  });
  if (role === 'admin') {
    // The administrator's 业务员 filter: one owner's counters (the other path of stats-scope.ts).
    const ownerId = call(conn, 'workbench.followups', { limit: 1 }).rows[0]?.ownerId ?? null;
    const one = { ...year, ownerId };
    measure('工作台: summary, one 业务员', role, () => {
      const s = call(conn, 'workbench.summary', { ownerId });
      return `${s.fees.count.toLocaleString()} fees due, ${s.arrears.customers.toLocaleString()} in arrears, ${s.numbers.customers.toLocaleString()} customers`;
    });
    measure('销售统计: sales and collections, one 业务员', role, () => {
      const r = call(conn, 'stats.money', one);
      return `${yuan(r.reduce((t, x) => t + x.salesCents, 0))} sold`;
    });
    measure('销售统计: arrears ageing, one 业务员', role, () => {
      const r = call(conn, 'stats.ageing', one);
      return `${r.reduce((t, x) => t + x.purchases, 0).toLocaleString()} purchases in arrears`;
    });
    measure('销售统计: 商品大类 and top products, one 业务员', role, () => {
      const r = call(conn, 'stats.products', one);
      return `${yuan(r.categories.reduce((t, x) => t + x.cents, 0))} in ${r.categories.length} categories`;
    });
    measure('销售统计: follow-up activity, one 业务员 (12 weeks)', role, () => {
      const r = call(conn, 'stats.activity', { ...quarter, ownerId });
      return `${r.reduce((t, x) => t + x.n, 0).toLocaleString()} records`;
    });
  }
  return process.env.BENCH_ONLY === 'workbench' ? 'only' : 'all';
}
