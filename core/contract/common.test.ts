import { describe, expect, it } from 'vitest';
import { date, email, optionalText, phone, requiredText } from './common.js';

describe('shared field rules', () => {
  it('accepts the ways Chinese offices write phone numbers, and refuses words', () => {
    for (const ok of [
      '',
      '0755-26770000',
      '(0755)26770000',
      '（010）8888 6666',
      '+86 755 2677 0000',
      '0755-26770000转8001',
      '13800138000',
    ]) {
      expect(phone.safeParse(ok).success, ok).toBe(true);
    }
    for (const bad of ['abc', '(', '电话', '12a34']) expect(phone.safeParse(bad).success, bad).toBe(false);
  });

  it('checks e-mail shape and real calendar dates', () => {
    expect(email.safeParse('wang@zte.com.cn').success).toBe(true);
    expect(email.safeParse('wang@').success).toBe(false);
    expect(date.safeParse('2024-02-29').success).toBe(true);
    expect(date.safeParse('2026-02-29').success).toBe(false);
    // Typed as people type dates, stored as YYYY-MM-DD (core/input.ts); what is no date is refused.
    expect(date.safeParse('2026/11/26')).toMatchObject({ success: true, data: '2026-11-26' });
    expect(date.safeParse('２０２６年１１月２６日')).toMatchObject({ success: true, data: '2026-11-26' });
    expect(date.safeParse('26.11.2026').success).toBe(false);
  });

  it('refuses a lone surrogate in text, and accepts surrogate pairs', () => {
    for (const schema of [requiredText(20), optionalText(20), phone, email]) {
      expect(schema.safeParse('A\ud800B').success).toBe(false);
      expect(schema.safeParse('\udc00').success).toBe(false);
    }
    expect(requiredText(20).parse(' 😀𠮷 ')).toBe('😀𠮷');
    expect(optionalText(20).parse(undefined)).toBe('');
  });
});
