import { z } from 'zod';
import {
  email,
  empty,
  id,
  optionalDate,
  optionalText,
  phone,
  read,
  requiredText,
  version,
  write,
  type Labels,
  type Role,
  byFlag,
} from './common.js';
import { labelsOf, STAFF_FIELDS } from '../fields/entities.js';

export const staffLabels: Labels = {
  id: '人员',
  ...labelsOf(STAFF_FIELDS),
  password: '初始密码',
  version: '版本',
  toId: '转移给',
  fromId: '原业务员',
  customerIds: '客户',
  departmentId: '部门',
};

/** What a role is called on screen (the manual's words). */
export const ROLE_LABELS: Record<Role, string> = { admin: '管理员', manager: '销售经理', sales: '业务员' };

/** An active member of staff, as offered in pickers (业务员 of a customer, delegation target …). */
export interface StaffOption {
  id: number;
  name: string;
  role: Role;
  /** Has a 登录账号: can log in, so can follow up delegated customers. */
  hasLogin: boolean;
  /** The 部门 (or 小组) they belong to, if any. */
  departmentId: number | null;
}

/** A row of the 人员管理 grid. */
export interface Staff {
  id: number;
  name: string;
  /** '' for staff without a login. */
  login: string;
  role: Role;
  /** The free-text 部门 of earlier versions (kept as written; shown when no 部门 is chosen). */
  department: string;
  /** The 部门 (or 小组) of the tree they belong to; a 销售经理 always has one. */
  departmentId: number | null;
  /** Its name as a path ('销售一部 › 一组'); '' when none. */
  departmentName: string;
  title: string;
  mobile: string;
  email: string;
  hiredOn: string | null;
  active: boolean;
  /** Logs in with an initial or reset password: must choose a new one first. */
  mustChangePassword: boolean;
  /** Live (not deleted) customers in this person's name. */
  customerCount: number;
  version: number;
}

export const initialPassword = z.string({ error: '必须是文字' }).min(6, '至少 6 位').max(128, '不能超过 128 位');

/** The editable fields of a member of staff (the form). */
const staffFields = {
  name: requiredText(50),
  /** Empty: staff without a login (cannot log in). */
  login: optionalText(50).refine((s) => !/\s/.test(s), '不能包含空格'),
  role: z.enum(['admin', 'manager', 'sales'], { error: '请选择 管理员、销售经理 或 业务员' }),
  department: optionalText(50),
  /** A 销售经理 must have one (the handler refuses otherwise, naming why). */
  departmentId: id.nullable().default(null),
  title: optionalText(50),
  mobile: phone,
  email,
  hiredOn: optionalDate,
  active: z.boolean({ error: '必须是 是/否' }).default(true),
};

export type StaffFields = z.output<z.ZodObject<typeof staffFields>>;

export const staffContract = {
  'staff.options': read<StaffOption[]>()(empty, staffLabels),
  /** Administrator only: every member of staff, active or not. */
  'staff.list': read<Staff[]>()(empty, staffLabels, { admin: '管理人员' }),
  'staff.create': write<Staff>()(
    z.strictObject({ ...staffFields, password: z.union([initialPassword, z.literal('')]).default('') }),
    staffLabels,
    { admin: '新增人员' },
  ),
  /** `password` is only used when a login is given to someone who had none (their initial password). */
  'staff.update': write<Staff>()(
    z.strictObject({
      id,
      version,
      ...staffFields,
      password: z.union([initialPassword, z.literal('')]).default(''),
    }),
    staffLabels,
    { admin: '修改人员' },
  ),
  /** '重置密码': a new initial password, to be changed at the next login. */
  'staff.resetPassword': write<Staff>()(z.strictObject({ id, password: initialPassword }), staffLabels, {
    admin: '重置密码',
  }),
  /** '停用' / '启用'. A disabled user cannot log in and their open sessions end. */
  'staff.setActive': write<Staff>()(z.strictObject({ id, active: z.boolean() }), staffLabels, {
    admin: byFlag('active', '启用人员', '停用人员'),
  }),
  /** Only staff who never owned or touched any data; everyone else is disabled instead. */
  'staff.delete': write<null>()(z.strictObject({ id }), staffLabels, { admin: '删除人员' }),
  /**
   * Moves customers to another member of staff: the given ones (`customerIds`), or every customer
   * of `fromId` (deleted ones included, so nothing stays with someone who left).
   */
  'staff.transfer': write<{ count: number }>()(
    z
      .strictObject({
        toId: id,
        customerIds: z.array(id).min(1, '请至少选择一个客户').max(100000).optional(),
        fromId: id.optional(),
      })
      .refine((v) => (v.customerIds === undefined) !== (v.fromId === undefined), {
        message: '请选择要转移的客户，或原业务员的全部客户',
        path: ['customerIds'],
      }),
    // 管理员, or a 销售经理 within their 部门 (the handler checks which customers and to whom).
    staffLabels,
  ),
};
