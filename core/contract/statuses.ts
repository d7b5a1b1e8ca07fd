import { z } from 'zod';
import { empty, id, read, requiredText, write, type Labels } from './common.js';

const labels: Labels = { id: '客户状态', name: '状态名称' };

export interface StatusNode {
  id: number;
  name: string;
  sortOrder: number;
  /** Customers in this status that the user may see. */
  count: number;
}

export interface StatusTree {
  /** 全部客户: every customer the user may see. */
  total: number;
  statuses: StatusNode[];
  /** 公海客户: the customers in the pool (everyone signed in sees them). */
  pool: number;
}

export const statusesContract = {
  'statuses.tree': read<StatusTree>()(empty, labels),
  'statuses.create': write<StatusNode>()(z.strictObject({ name: requiredText(20) }), labels, { admin: '新增客户状态' }),
  'statuses.rename': write<StatusNode>()(z.strictObject({ id, name: requiredText(20) }), labels, {
    admin: '重命名客户状态',
  }),
  'statuses.delete': write<null>()(z.strictObject({ id }), labels, { admin: '删除客户状态' }),
};
