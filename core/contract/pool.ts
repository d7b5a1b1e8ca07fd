/**
 * 公海 (the customer pool, issue 21): customers nobody follows up go back to a shared pool by the
 * administrator's rules (系统 › 公海规则), and anyone signed in may claim (领取) them within the
 * limits. Pool customers are read by everyone, written only by whoever claims them; their numbers
 * are hidden (脱敏) from who does not own them (db/pool/mask.ts).
 */
import { z } from 'zod';
import { empty, id, read, write, type Labels } from './common.js';

export const poolLabels: Labels = {
  statusDays: '各客户状态的退回天数',
  statusId: '客户状态',
  days: '未跟进天数',
  warnDays: '提前提醒天数',
  dailyClaimLimit: '每人每天领取上限',
  reclaimWaitDays: '原业务员再次领取等待天数',
  maxCustomers: '每人最多持有客户数',
  maskForManagers: '销售经理查看本部门客户时隐藏电话',
  ids: '客户',
  ownerId: '业务员',
};

const days = (max: number) =>
  z.number({ error: '必须是天数' }).int('必须是整数天').min(0, '不能为负数').max(max, `不能超过 ${max} 天`);

/** The longest "days without a 维护记录" a rule may name: ten years. */
export const MAX_POOL_DAYS = 3650;

export const poolRuleFields = {
  /** Per 客户状态: back to the pool after this many days without a new 维护记录; a status not listed (or null) never. */
  statusDays: z
    .array(
      z.strictObject({
        statusId: id,
        days: z
          .number({ error: '必须是天数' })
          .int('必须是整数天')
          .min(1, '至少 1 天')
          .max(MAX_POOL_DAYS, `不能超过 ${MAX_POOL_DAYS} 天`)
          .nullable(),
      }),
    )
    .max(200)
    .refine((list) => new Set(list.map((r) => r.statusId)).size === list.length, '每个客户状态只能有一条规则')
    .default([]),
  /** Warn the owner this many days before (工作台, the login line); 0: no warning. */
  warnDays: days(365).default(7),
  /** Claims per salesperson per day; 0: no limit. */
  dailyClaimLimit: z
    .number({ error: '必须是数字' })
    .int('必须是整数')
    .min(0, '不能为负数')
    .max(10000, '不能超过 10000')
    .default(0),
  /** Days after a customer went to the pool before its previous 业务员 may claim it again. */
  reclaimWaitDays: days(MAX_POOL_DAYS).default(0),
  /** Customers one salesperson may hold at most (领取 and 分配 refuse beyond); 0: no cap. */
  maxCustomers: z
    .number({ error: '必须是数字' })
    .int('必须是整数')
    .min(0, '不能为负数')
    .max(10_000_000, '数字太大')
    .default(0),
  /** A 销售经理 sees the numbers of their team's customers masked (not their own, not delegated ones). */
  maskForManagers: z.boolean({ error: '必须是是或否' }).default(false),
};

export type PoolRules = z.output<z.ZodObject<typeof poolRuleFields>>;

/** The user's customers that go back to the pool within the warning window (工作台, login line). */
export interface PoolWarning {
  count: number;
  days: number;
}

const ids = z.array(id).min(1, '请至少选择一个客户').max(10000);

export const poolContract = {
  'pool.rules': read<PoolRules>()(empty, poolLabels),
  /** Administrator only; the draft of 系统 › 公海规则 saved at once. */
  'pool.saveRules': write<PoolRules>()(z.strictObject(poolRuleFields), poolLabels, { admin: '修改公海规则' }),
  'pool.warning': read<PoolWarning>()(empty, poolLabels),
  /** 退回公海: the owner, their 销售经理, an administrator. */
  'pool.release': write<{ count: number }>()(z.strictObject({ ids }), poolLabels),
  /** 领取: anyone signed in, within the daily limit, the cap and the previous owner's waiting time. */
  'pool.claim': write<{ count: number }>()(z.strictObject({ ids }), poolLabels),
  /** 分配给…: a pool customer to a member of staff — an administrator, or a 销售经理 within the 部门. */
  'pool.assign': write<{ count: number }>()(z.strictObject({ ids, ownerId: id }), poolLabels),
};
