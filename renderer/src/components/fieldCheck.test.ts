import { describe, expect, it } from 'vitest';
import { customerFields } from '../../../core/contract/customers';
import { recheck } from './fieldCheck';

describe('recheck: a field error follows the value as it is typed', () => {
  const errors = { createdOn: '2026-02-30 不存在：2026 年 2 月只有 28 天', email: '邮箱格式不正确' };

  it('drops the error as soon as the value is valid (folded as the contract folds it)', () => {
    expect(recheck(errors, 'createdOn', customerFields.createdOn, '２０２６年３月１日')).toEqual({
      email: '邮箱格式不正确',
    });
  });

  it('keeps an error while the value is still wrong, saying what is wrong now', () => {
    expect(recheck(errors, 'createdOn', customerFields.createdOn, '2026-13-01')).toEqual({
      ...errors,
      createdOn: '没有 13 月（月份为 01–12）',
    });
  });

  it('leaves fields without an error alone (errors appear on 确定, not while typing)', () => {
    expect(recheck(errors, 'phone', customerFields.phone, 'abc')).toBe(errors);
  });
});
