import { z } from 'zod';
import { batchInput, batchLabels, type BatchList, type BatchSaved } from './batch.js';
import {
  isMaskedNumber,
  email,
  foldedText,
  id,
  optionalDate,
  optionalText,
  phone,
  read,
  requiredText,
  write,
  type Labels,
} from './common.js';
import { CONTACT_FIELDS, labelsOf } from '../fields/entities.js';

export const contactLabels: Labels = {
  ...batchLabels,
  ...labelsOf(CONTACT_FIELDS),
};

export const genders = ['', '男', '女'] as const;

/**
 * 手机: a mainland mobile number (11 digits from 1, optionally +86 / 0086 first), or an
 * international number written with '+' and 7–15 digits. Spaces and dashes may group digits.
 */
export const mobile = foldedText(40).refine((s) => {
  if (s === '' || isMaskedNumber(s)) return true;
  const digits = s.replace(/[\s-]/g, '');
  return /^(?:\+86|0086)?1[3-9]\d{9}$/.test(digits) || /^\+\d{7,15}$/.test(digits);
}, '手机号码格式不正确');

/** The editable fields of a contact (联系人), as the tab's grid sends them. */
export const contactFields = {
  name: requiredText(50),
  gender: z.enum(genders, { error: '只能是 男、女 或不填' }).default(''),
  title: optionalText(50),
  mobile,
  phone,
  email,
  im: optionalText(50),
  birthday: optionalDate,
  isPrimary: z.boolean({ error: '必须是 是 或 否' }).default(false),
  note: optionalText(500),
};

export type ContactFields = z.output<z.ZodObject<typeof contactFields>>;

export interface Contact extends ContactFields {
  id: number;
  version: number;
}

export type ContactList = BatchList<Contact>;

export const contactsContract = {
  'contacts.list': read<ContactList>()(z.strictObject({ customerId: id }), contactLabels),
  /** The 联系人 tab's '保存': new, changed and deleted contacts in one transaction. */
  'contacts.save': write<BatchSaved<ContactList>>()(batchInput(contactFields), contactLabels),
};
