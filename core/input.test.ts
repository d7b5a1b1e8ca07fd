import { describe, expect, it } from 'vitest';
import { productFields } from './contract/catalog.js';
import { date, email, phone } from './contract/common.js';
import { mobile } from './contract/contacts.js';
import { dateProblem, foldField, foldInput, normalizeDate } from './input.js';
import { byPinyin } from '../db/people.js';

describe('foldInput', () => {
  it('folds full-width digits, letters and punctuation, keeps Chinese', () => {
    expect(foldInput('１３８００１３８０００')).toBe('13800138000');
    expect(foldInput('（０７５５）２６７７－００００转８')).toBe('(0755)2677-0000转8');
    expect(foldInput('１２。５')).toBe('12.5');
    expect(foldField('　ＡＢ－１２　')).toBe('AB-12');
  });
});

describe('normalizeDate and dateProblem', () => {
  it('reads the ways people type a date', () => {
    for (const typed of ['２０２６－０３－０１', '2026/3/1', '2026.3.1', '2026年3月1日', '20260301', ' 2026-3-1 ']) {
      expect(normalizeDate(typed)).toBe('2026-03-01');
    }
    expect(normalizeDate('3/1')).toBe('3/1');
  });

  it('names what is wrong with an impossible date', () => {
    expect(dateProblem('2026-03-01')).toBeNull();
    expect(dateProblem('2024-02-29')).toBeNull();
    expect(dateProblem('2026-02-30')).toBe('2026-02-30 不存在：2026 年 2 月只有 28 天');
    expect(dateProblem('2026-13-01')).toBe('没有 13 月（月份为 01–12）');
    expect(dateProblem('3/1')).toBe('日期格式应为 YYYY-MM-DD');
  });

  it('the contract folds the same way before it checks', () => {
    expect(date.parse('２０２６年３月１日')).toBe('2026-03-01');
    const bad = date.safeParse('2026-02-30');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe('2026-02-30 不存在：2026 年 2 月只有 28 天');
    expect(phone.parse('１３８ ００１３ ８０００')).toBe('138 0013 8000');
    expect(phone.safeParse('一三八').success).toBe(false);
    // The contacts' 手机 took no full-width digits before: now folded like every number field.
    expect(mobile.parse('１３８－００１３－８０００')).toBe('138-0013-8000');
    expect(email.parse('ｌｉ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('li@example.com');
    expect(productFields.code.parse('ＺＴＥ－０１')).toBe('ZTE-01');
  });
});

describe('byPinyin', () => {
  it('sorts people by the pinyin of their names, not by character code', () => {
    const people = ['张伟', '王经理', '李娜', 'Alice', '阿强', '曾敏', '单磊'].map((name, id) => ({ id, name }));
    // Surnames read as surnames: 曾 zeng (not ceng), 单 shan (not dan).
    expect([...people].sort(byPinyin).map((p) => p.name)).toEqual([
      'Alice',
      '阿强',
      '李娜',
      '单磊',
      '王经理',
      '曾敏',
      '张伟',
    ]);
  });
});
