import { z } from 'zod';
import { date, id, optionalDate, read, write, type Labels } from './common.js';

export const delegationLabels: Labels = {
  id: '授权',
  customerId: '客户',
  customerIds: '客户',
  toId: '授权给',
  startOn: '开始日期',
  endOn: '结束日期',
};

/** 生效中 / 未开始 / 已收回 / 已过期. */
export type DelegationState = 'active' | 'pending' | 'revoked' | 'expired';

/** One row of tab 8 (授权). */
export interface Delegation {
  id: number;
  customerId: number;
  fromId: number;
  fromName: string;
  toId: number;
  toName: string;
  startOn: string;
  endOn: string | null;
  state: DelegationState;
  grantedByName: string;
  grantedAt: string;
  revokedAt: string | null;
  revokedByName: string | null;
  /** Whether this user may revoke it now (owner or administrator, and still active or pending). */
  canRevoke: boolean;
}

export interface DelegationList {
  /** The customer the list is about (tab 8 names it in its messages). */
  customer: { id: number; name: string; ownerId: number };
  rows: Delegation[];
  /** Whether this user may delegate this customer (its owner or an administrator). */
  canDelegate: boolean;
}

export const delegationsContract = {
  'delegations.list': read<DelegationList>()(z.strictObject({ customerId: id }), delegationLabels),
  /** '授权给…' / '授权给其他业务员': one or several customers to one salesperson. */
  'delegations.grant': write<{ count: number }>()(
    z
      .strictObject({
        customerIds: z.array(id).min(1, '请至少选择一个客户').max(10000, '一次最多授权 10000 个客户'),
        toId: id,
        /** Missing: today. */
        startOn: date.optional(),
        endOn: optionalDate,
      })
      .refine((v) => !v.startOn || !v.endOn || v.endOn >= v.startOn, {
        message: '不能早于开始日期',
        path: ['endOn'],
      }),
    delegationLabels,
  ),
  /** '收回授权': ends one delegation now. */
  'delegations.revoke': write<Delegation>()(z.strictObject({ id }), delegationLabels),
};
