import { z } from 'zod';
import { batchInput, batchLabels, type BatchList, type BatchSaved } from './batch.js';
import { id, optionalDate, read, requiredText, write, type Labels } from './common.js';
import { RECORD_FIELDS as R } from '../fields/entities.js';
import { followupTime } from './reminders.js';

export const recordLabels: Labels = {
  ...batchLabels,
  kind: R.kind.label,
  at: R.at.label,
  method: R.method.label,
  contactId: R.contact.label,
  content: R.content.label,
  nextOn: R.nextOn.label,
  nextTime: '跟进时间',
};

/** 方式 of a follow-up. */
export const followupMethods = ['电话', '上门', '微信', '邮件', '其他'] as const;
export type FollowupMethod = (typeof followupMethods)[number];

/** 'followup' = 维护记录 (kept by the user); 'log' = 操作日志 (written by the system, immutable). */
export type RecordKind = 'followup' | 'log';

/** The editable fields of a 维护记录. 记录人 is the user who saves it; 操作日志 can't be sent. */
export const recordFields = {
  kind: z.literal('followup', { error: '只能保存维护记录；操作日志由系统自动生成' }).default('followup'),
  at: z.iso.datetime({ offset: true, error: '时间格式不正确' }),
  method: z.enum(followupMethods, { error: `只能是 ${followupMethods.join('、')}` }),
  contactId: id.nullable().default(null),
  content: requiredText(2000),
  nextOn: optionalDate,
  /** 下次跟进's time ('HH:MM', the office host's clock); none = 09:00. Needs a date. */
  nextTime: followupTime,
};

export type RecordFields = z.output<z.ZodObject<typeof recordFields>>;

/** A row of the 日志及维护记录 tab: a 维护记录 or an 操作日志. */
export interface CustomerRecord {
  id: number;
  kind: RecordKind;
  /** ISO instant. */
  at: string;
  /** '' for 操作日志. */
  method: FollowupMethod | '';
  contactId: number | null;
  contactName: string | null;
  content: string;
  nextOn: string | null;
  /** 'HH:MM', or null (09:00). */
  nextTime: string | null;
  authorId: number | null;
  /** null: written by the system itself (e.g. a delegation expired). */
  authorName: string | null;
  version: number;
}

export interface RecordList extends BatchList<CustomerRecord> {
  /** The customer's contacts, for the 联系人 column. */
  contacts: { id: number; name: string }[];
  /** 操作日志 rows in all; only the newest LOG_LIMIT are listed. */
  logsTotal: number;
}

/** The newest this many 操作日志 lines are listed (every 维护记录 is). */
export const LOG_LIMIT = 1000;

export const recordsContract = {
  'records.list': read<RecordList>()(z.strictObject({ customerId: id }), recordLabels),
  /** The 日志及维护记录 tab's '保存': 维护记录 only; 操作日志 rows are refused. */
  'records.save': write<BatchSaved<RecordList>>()(batchInput(recordFields), recordLabels),
};
