/**
 * 统计 › 销售统计 (issue 13): the charts, each over a date range (both ends inclusive, local
 * dates) and, for the administrator, one 业务员. Each answers with small rows already grouped
 * in SQL; the screen draws a chart and a table from the same rows.
 */
import { z } from 'zod';
import { date, id, read, type Labels } from './common.js';

export const statsLabels: Labels = {
  from: '开始日期',
  to: '结束日期',
  ownerId: '业务员',
  departmentId: '部门',
};

/** The longest range a chart covers: ten years. */
export const MAX_STATS_DAYS = 3660;

const dayMs = 86_400_000;
export const statsRange = z
  .strictObject({
    from: date,
    to: date,
    ownerId: id.nullable().default(null),
    /** 部门 filter (administrator; a 销售经理 within their own 部门): its members and its 小组's. */
    departmentId: id.nullable().default(null),
  })
  .refine((v) => v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / dayMs <= MAX_STATS_DAYS, {
    message: `日期范围不能超过 ${MAX_STATS_DAYS} 天`,
    path: ['from'],
  });

export type StatsRange = z.output<typeof statsRange>;

export interface StatusNowRow {
  statusId: number;
  statusName: string;
  n: number;
}
export interface StatusChangeRow {
  /** 'YYYY-MM' (local). */
  month: string;
  statusId: number;
  statusName: string;
  n: number;
}
export interface NewCustomersRow {
  month: string;
  ownerId: number;
  ownerName: string;
  n: number;
}
export interface MoneyMonthRow {
  month: string;
  /** 应付 of purchases made that month. */
  salesCents: number;
  /** 收款 received that month (货款 and 年服务费). */
  collectedCents: number;
}
export interface AgeingRow {
  /** 0: 0–30 days, 1: 31–90, 2: 91–365, 3: more than 365. */
  bucket: 0 | 1 | 2 | 3;
  purchases: number;
  arrearsCents: number;
}
export interface CategoryRow {
  categoryId: number;
  categoryName: string;
  quantity: number;
  cents: number;
}
export interface TopProductRow {
  productId: number;
  code: string;
  name: string;
  quantity: number;
  cents: number;
}
export interface ActivityRow {
  /** Monday of the week, 'YYYY-MM-DD' (local). */
  week: string;
  authorId: number | null;
  authorName: string;
  n: number;
}

/** 回款计划 per month of 计划回款日期: planned, of which collected, against every 收款 of the month. */
export interface PlanMonthRow {
  month: string;
  /** 计划金额 of the instalments due that month. */
  plannedCents: number;
  /** 已回款 of those instalments. */
  planPaidCents: number;
  /** Every 收款 received that month (货款 and 年服务费). */
  collectedCents: number;
}
/** 业绩目标 against what was done, per month (targets of the 业务员 counted; null: none set). */
export interface TargetMonthRow {
  month: string;
  salesTargetCents: number | null;
  salesCents: number;
  collectedTargetCents: number | null;
  collectedCents: number;
}
/** One 业务员 over the range: targets, done, and the share of the 销售额 target (null: no target). */
export interface RankingRow {
  ownerId: number;
  ownerName: string;
  salesTargetCents: number | null;
  salesCents: number;
  collectedTargetCents: number | null;
  collectedCents: number;
  salesRate: number | null;
}

export const TOP_PRODUCTS = 10;

export const statsContract = {
  /** Customers by 客户状态 now (the range is not used: it is a count of today). */
  'stats.statusNow': read<StatusNowRow[]>()(statsRange, statsLabels),
  /** How many customers moved into each 客户状态, per month (from the status changes). */
  'stats.statusChanges': read<StatusChangeRow[]>()(statsRange, statsLabels),
  /** New customers (创建日期) per month per 业务员. */
  'stats.newCustomers': read<NewCustomersRow[]>()(statsRange, statsLabels),
  /** Sales (应付) and collections (收款) per month. */
  'stats.money': read<MoneyMonthRow[]>()(statsRange, statsLabels),
  /** Arrears by age of the purchase today (0–30, 31–90, 91–365, > 365 days); all purchases in arrears, the range is not used. */
  'stats.ageing': read<AgeingRow[]>()(statsRange, statsLabels),
  /** Sales by 商品大类, and the top products. */
  'stats.products': read<{ categories: CategoryRow[]; top: TopProductRow[] }>()(statsRange, statsLabels),
  /** 维护记录 per 记录人 per week (weeks start on Monday). */
  'stats.activity': read<ActivityRow[]>()(statsRange, statsLabels),
  /** 回款计划: planned against collected per month. */
  'stats.plan': read<PlanMonthRow[]>()(statsRange, statsLabels),
  /** 业绩目标 against 销售额 and 回款额 per month. */
  'stats.targets': read<TargetMonthRow[]>()(statsRange, statsLabels),
  /** The salespeople ranked by 销售额 over the range, with their targets. */
  'stats.ranking': read<RankingRow[]>()(statsRange, statsLabels),
};
