/**
 * 系统 › 公司信息: the office's own details, printed on every 催缴单 and list, and the window of
 * the annual-fee reminder (年费提前提醒天数, manual 2.5: "one month before"). Everyone logged in
 * reads them; only an administrator changes them.
 */
import { z } from 'zod';
import { email, empty, optionalText, phone, read, write, type Labels } from './common.js';

export const settingsLabels: Labels = {
  companyName: '公司名称',
  companyAddress: '公司地址',
  companyPhone: '公司电话',
  companyEmail: '公司邮箱',
  companyBank: '开户行',
  companyAccount: '账号',
  feeWindowDays: '年费提前提醒天数',
  supportPhone: '售后服务电话',
  supportContact: '售后服务联系人',
  supportWeb: '售后服务邮箱/网址',
};

/** The reminder window when nobody has set one: the manual's "one month". */
export const DEFAULT_FEE_WINDOW_DAYS = 30;
/** The longest reminder window (and look-ahead of the 年费催缴 view): ten years. */
export const MAX_FEE_WINDOW_DAYS = 3650;

export const feeWindowDays = z
  .number({ error: '必须是天数' })
  .int('必须是整数天')
  .min(0, '不能为负数')
  .max(MAX_FEE_WINDOW_DAYS, `不能超过 ${MAX_FEE_WINDOW_DAYS} 天`);

export const settingsFields = {
  companyName: optionalText(100),
  companyAddress: optionalText(200),
  companyPhone: phone,
  companyEmail: email,
  companyBank: optionalText(100),
  companyAccount: optionalText(60),
  feeWindowDays: feeWindowDays.default(DEFAULT_FEE_WINDOW_DAYS),
  // 帮助 › 售后服务: whom the office calls for help with this program (its dealer or IT person).
  supportPhone: phone,
  supportContact: optionalText(60),
  supportWeb: optionalText(200).refine(
    (s) =>
      s === '' ||
      /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ||
      /^https?:\/\/[^\s]+$/i.test(s) ||
      /^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(s),
    '请填写邮箱（如 help@example.com）或网址（如 https://example.com）',
  ),
};

export type Settings = z.output<z.ZodObject<typeof settingsFields>>;

export const settingsContract = {
  'settings.get': read<Settings>()(empty, settingsLabels),
  /** Administrator only. Not about a customer, so no 操作日志: the Message pane reports it. */
  'settings.update': write<Settings>()(z.strictObject(settingsFields), settingsLabels, { admin: '修改公司信息' }),
};
