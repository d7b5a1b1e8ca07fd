/**
 * 统计 › 业绩目标 (issue 22, part 2): monthly targets for 销售额 (应付 of the purchases made) and
 * 回款额 (收款 received), per 业务员 and per 部门 — a 部门's own target, or without one the sum
 * of its members'. The administrator sets everyone's; a 销售经理 those of the members of their 部门
 * and its 小组 and of those 部门. Edited as a draft of one year and saved in one go
 * (targets.save), with a line in the office's 操作日志. 工作台 shows this month's progress.
 */
import { z } from 'zod';
import { cents, id, read, write, type Labels } from './common.js';

export const targetLabels: Labels = {
  year: '年份',
  token: '版本',
  cells: '目标',
  staffId: '业务员',
  departmentId: '部门',
  month: '月份',
  salesCents: '销售额目标',
  collectedCents: '回款额目标',
};

export const TARGET_METRICS = ['sales', 'collected'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

const year = z
  .number({ error: '必须是年份' })
  .int('必须是年份')
  .min(2000, '年份不能早于 2000')
  .max(2100, '年份不能晚于 2100');

/** One month's targets of one 业务员 or one 部门; null: none set. */
export interface TargetCell {
  staffId: number | null;
  departmentId: number | null;
  month: number;
  salesCents: number | null;
  collectedCents: number | null;
}

export interface TargetPerson {
  staffId: number;
  name: string;
  departmentId: number | null;
  active: boolean;
}

export interface TargetDepartment {
  departmentId: number;
  name: string;
  parentId: number | null;
  /** Its members and those of its 小组 (ids of `people`). */
  members: number[];
}

export interface TargetYear {
  year: number;
  /** Who the grid shows: the people and 部门 the user may set targets for. */
  people: TargetPerson[];
  departments: TargetDepartment[];
  cells: TargetCell[];
  /** Changes when anyone saves targets of this year (a save with an older one is refused). */
  token: string;
}

export const targetCell = z
  .strictObject({
    staffId: id.nullable().default(null),
    departmentId: id.nullable().default(null),
    month: z.number({ error: '必须是月份' }).int('必须是月份').min(1, '月份是 1 到 12').max(12, '月份是 1 到 12'),
    salesCents: cents.nullable(),
    collectedCents: cents.nullable(),
  })
  .refine((c) => (c.staffId === null) !== (c.departmentId === null), {
    message: '每个目标属于一个业务员或一个部门',
    path: ['staffId'],
  });

/** This month's progress of one target: the target (null: none set), what is done, the share. */
export interface TargetProgress {
  targetCents: number | null;
  doneCents: number;
}

export interface ProgressLine {
  /** 'me', a 部门 (a 销售经理's team) or the office (the administrator). */
  scope: 'me' | 'department' | 'office';
  name: string;
  sales: TargetProgress;
  collected: TargetProgress;
}

export interface TargetsProgress {
  /** 'YYYY-MM' (local). */
  month: string;
  lines: ProgressLine[];
}

export const targetsContract = {
  /** The year's grid: the people and 部门 the user may set targets for, and their targets. */
  'targets.list': read<TargetYear>()(z.strictObject({ year }), targetLabels),
  /** The draft of one year, in one transaction; cells with both values null remove the target. */
  'targets.save': write<TargetYear & { changed: number }>()(
    z.strictObject({
      year,
      token: z.string({ error: '缺少版本' }).min(1, '缺少版本'),
      cells: z.array(targetCell).max(20_000, '一次最多保存 20000 个目标'),
    }),
    targetLabels,
  ),
  /** 工作台: this month's target, done and share for the signed-in person (and their team, or the office). */
  'targets.progress': read<TargetsProgress>()(z.strictObject({}).optional(), targetLabels),
};
