import { describe, expect, it } from 'vitest';
import { MAX_CENTS, formatMoney, multiplyCents, parseMoney, rmbUppercase, sumCents } from './money.js';

const cents = (text: string, options?: Parameters<typeof parseMoney>[1]) => {
  const r = parseMoney(text, options);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.cents;
};
const error = (text: string, options?: Parameters<typeof parseMoney>[1]) => {
  const r = parseMoney(text, options);
  return r.ok ? null : r.error;
};

describe('parseMoney', () => {
  it('reads yuan with up to two decimals into exact cents', () => {
    expect(cents('12.30')).toBe(1230);
    expect(cents('12.3')).toBe(1230);
    expect(cents('12')).toBe(1200);
    expect(cents('12.')).toBe(1200);
    expect(cents('.5')).toBe(50);
    expect(cents('0.05')).toBe(5);
    expect(cents('0.10')).toBe(10);
    expect(cents('0')).toBe(0);
    expect(cents('007.01')).toBe(701);
    // Values whose float product drifts: 1.15 * 100 = 114.99999999999999, 4.35 * 100 = 434.99999999999994.
    expect(cents('1.15')).toBe(115);
    expect(cents('4.35')).toBe(435);
    expect(cents('19.99')).toBe(1999);
  });

  it('accepts what people type: spaces, thousands separators, ¥, 元, full-width digits', () => {
    expect(cents(' 1,234.50 ')).toBe(123450);
    expect(cents('¥8')).toBe(800);
    expect(cents('￥ 8.8')).toBe(880);
    expect(cents('99元')).toBe(9900);
    expect(cents('１２．３０')).toBe(1230);
  });

  it('refuses more than two decimals, words, and negatives unless allowed', () => {
    expect(error('12.345')).toBe('金额最多两位小数（精确到分）');
    expect(error('abc')).toBe('不是有效的金额');
    expect(error('1e3')).toBe('不是有效的金额');
    expect(error('.')).toBe('不是有效的金额');
    expect(error('1.2.3')).toBe('不是有效的金额');
    expect(error('-1')).toBe('不能为负数');
    expect(cents('-1.5', { allowNegative: true })).toBe(-150);
    expect(cents('-0', { allowNegative: true })).toBe(0);
  });

  it('treats empty as an error unless told what it means', () => {
    expect(error('')).toBe('不能为空');
    expect(error('  ')).toBe('不能为空');
    expect(cents('', { empty: 0 })).toBe(0);
  });

  it('refuses amounts beyond the contract limit', () => {
    expect(cents('100000000000')).toBe(MAX_CENTS);
    expect(error('100000000000.01')).toBe('金额过大');
    expect(error('999999999999')).toBe('金额过大');
  });
});

describe('formatMoney', () => {
  it('shows exactly two decimals', () => {
    expect(formatMoney(1230)).toBe('12.30');
    expect(formatMoney(5)).toBe('0.05');
    expect(formatMoney(0)).toBe('0.00');
    expect(formatMoney(100)).toBe('1.00');
    expect(formatMoney(-150)).toBe('-1.50');
    expect(formatMoney(MAX_CENTS)).toBe('100000000000.00');
  });

  it('groups thousands on request', () => {
    expect(formatMoney(123456789, { grouping: true })).toBe('1,234,567.89');
    expect(formatMoney(99999, { grouping: true })).toBe('999.99');
    expect(formatMoney(-100000, { grouping: true })).toBe('-1,000.00');
  });

  it('round-trips with parseMoney', () => {
    for (const c of [0, 1, 9, 10, 99, 100, 101, 1230, 123456, 987654321]) {
      expect(cents(formatMoney(c))).toBe(c);
      expect(cents(formatMoney(c, { grouping: true }))).toBe(c);
    }
  });

  it('refuses a value that is not whole cents', () => {
    expect(() => formatMoney(12.5)).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN)).toThrow(RangeError);
  });
});

describe('sums and products', () => {
  it('adds many 0.10 prices without drift', () => {
    const prices = Array.from({ length: 10_000 }, () => cents('0.10'));
    expect(sumCents(prices)).toBe(100_000);
    expect(formatMoney(sumCents(prices))).toBe('1000.00');
    // The float way drifts: this is what the integers avoid.
    expect(Array.from({ length: 10_000 }, () => 0.1).reduce((a, b) => a + b, 0)).not.toBe(1000);
  });

  it('adds mixed prices exactly', () => {
    const total = sumCents(['0.10', '0.20', '19.99', '1.15', '4.35'].map((p) => cents(p)));
    expect(total).toBe(2579);
    expect(formatMoney(total)).toBe('25.79');
    expect(sumCents([])).toBe(0);
  });

  it('refuses non-integers and totals beyond exact range', () => {
    expect(() => sumCents([1, 0.5])).toThrow(RangeError);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });

  it('multiplies a unit price by a quantity exactly', () => {
    expect(multiplyCents(cents('0.10'), 3)).toBe(30);
    expect(multiplyCents(cents('19.99'), 100)).toBe(199900);
    expect(() => multiplyCents(1999, 1.5)).toThrow(RangeError);
    expect(() => multiplyCents(10.5, 2)).toThrow(RangeError);
  });
});

describe('rmbUppercase (人民币大写)', () => {
  it('writes 元/角/分 and 整 as on a receipt', () => {
    expect(rmbUppercase(0)).toBe('零元整');
    expect(rmbUppercase(5)).toBe('伍分');
    expect(rmbUppercase(50)).toBe('伍角');
    expect(rmbUppercase(55)).toBe('伍角伍分');
    expect(rmbUppercase(100)).toBe('壹元整');
    expect(rmbUppercase(120)).toBe('壹元贰角');
    expect(rmbUppercase(101)).toBe('壹元零壹分');
    expect(rmbUppercase(-100)).toBe('负壹元整');
  });

  it('writes a leading ten as 壹拾 and one 零 for each run of zeros', () => {
    expect(rmbUppercase(1000)).toBe('壹拾元整');
    expect(rmbUppercase(1005)).toBe('壹拾元零伍分');
    expect(rmbUppercase(100100)).toBe('壹仟零壹元整');
    expect(rmbUppercase(101000)).toBe('壹仟零壹拾元整');
    expect(rmbUppercase(10001050)).toBe('壹拾万零壹拾元伍角');
    expect(rmbUppercase(10500000)).toBe('壹拾万伍仟元整');
    expect(rmbUppercase(10000000100)).toBe('壹亿零壹元整');
    expect(rmbUppercase(10000100000)).toBe('壹亿零壹仟元整');
    expect(rmbUppercase(11000000000)).toBe('壹亿壹仟万元整');
    expect(rmbUppercase(100001000000)).toBe('壹拾亿零壹万元整');
    expect(rmbUppercase(100000000001)).toBe('壹拾亿元零壹分');
    expect(rmbUppercase(1234567890)).toBe('壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角');
  });

  it('reaches the largest amount the contract accepts, and refuses what is not whole cents', () => {
    expect(rmbUppercase(MAX_CENTS)).toBe('壹仟亿元整');
    expect(() => rmbUppercase(1.5)).toThrow(RangeError);
  });
});
