/**
 * Money is integer cents (分) everywhere: in the database, in the API and in every sum. These
 * helpers turn what a user typed into cents and cents into text without ever going through a
 * floating-point yuan value, so 0.10 + 0.20 is exactly 0.30. Plain TypeScript, no Node imports:
 * the renderer uses it too.
 */

/** The largest amount the contract accepts (`cents` in core/contract/common.ts): 1000 亿元. */
export const MAX_CENTS = 1e13;

export type MoneyParse = { ok: true; cents: number } | { ok: false; error: string };

export interface ParseMoneyOptions {
  /** What an empty text means; absent: empty is an error ('不能为空'). */
  empty?: number;
  /** Accept a leading minus sign (refunds, differences). Default: no. */
  allowNegative?: boolean;
}

const SHAPE = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Parses an amount typed in yuan: '12.30' → 1230, '12' → 1200, '.5' → 50, '1,234.5' → 123450,
 * '¥8' → 800. Full-width digits are accepted. More than two decimals is refused (not rounded):
 * the user meant something we cannot store exactly.
 */
export function parseMoney(text: string, options: ParseMoneyOptions = {}): MoneyParse {
  const s = text
    .normalize('NFKC')
    .trim()
    .replace(/^[¥￥]\s*/, '')
    .replace(/\s*元$/, '')
    .replace(/[,\s]/g, '');
  if (s === '') return options.empty !== undefined ? { ok: true, cents: options.empty } : fail('不能为空');
  const m = SHAPE.exec(s);
  if (!m) return fail('不是有效的金额');
  const [, sign, whole = '', fraction = ''] = m;
  if (whole === '' && fraction === '') return fail('不是有效的金额');
  if (fraction.length > 2) return fail('金额最多两位小数（精确到分）');
  if (sign === '-' && !options.allowNegative) return fail('不能为负数');
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (digits.length > 12) return fail('金额过大');
  const cents = Number(digits || '0') * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MAX_CENTS) return fail('金额过大');
  return { ok: true, cents: sign === '-' && cents !== 0 ? -cents : cents };
}

function fail(error: string): MoneyParse {
  return { ok: false, error };
}

function assertCents(value: number, what = '金额'): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what}必须是整数分：${value}`);
}

/** Cents as yuan with exactly two decimals: 1230 → '12.30', 5 → '0.05', -150 → '-1.50'. */
export function formatMoney(cents: number, options: { grouping?: boolean } = {}): string {
  assertCents(cents);
  const abs = Math.abs(cents);
  const yuan = String(Math.trunc(abs / 100));
  const fen = String(abs % 100).padStart(2, '0');
  const whole = options.grouping ? yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : yuan;
  return `${cents < 0 ? '-' : ''}${whole}.${fen}`;
}

/** The exact sum of amounts in cents. Refuses a non-integer or a total beyond exact range. */
export function sumCents(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) {
    assertCents(v);
    total += v;
    assertCents(total, '合计');
  }
  return total;
}

/** quantity × unit price, exactly: the 应付金额 of a line. The quantity is a whole number. */
export function multiplyCents(unitCents: number, quantity: number): number {
  assertCents(unitCents, '单价');
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`数量必须是整数：${quantity}`);
  const amount = unitCents * quantity;
  assertCents(amount, '金额');
  return amount;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const GROUP_UNITS = ['', '万', '亿', '万亿'];

/** One group of up to four digits ('1010' → '壹仟零壹拾'); zeros inside become one 零, trailing ones none. */
function groupUpper(group: string): string {
  const units = ['仟', '佰', '拾', ''];
  const digits = group.padStart(4, '0');
  let out = '';
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const d = Number(digits[i]);
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d] + units[i];
  }
  return out;
}

/**
 * An amount in 人民币大写, as on a receipt or a cheque (the rules of 《支付结算办法》):
 * 0 → '零元整', 5 → '伍分', 1000 → '壹拾元整', 10001050 → '壹拾万零壹拾元伍角',
 * 100000000001 → '壹拾亿元零壹分'. One 零 stands for any run of zeros between figures; 整 ends an
 * amount without 角 and 分; a tens figure at the front is written 壹拾; a negative amount starts 负.
 */
export function rmbUppercase(cents: number): string {
  assertCents(cents);
  if (cents < 0) return `负${rmbUppercase(-cents)}`;
  const yuan = String(Math.trunc(cents / 100));
  const jiao = Math.trunc(cents / 10) % 10;
  const fen = cents % 10;
  let whole = '';
  if (yuan !== '0') {
    const groups: string[] = [];
    for (let end = yuan.length; end > 0; end -= 4) groups.unshift(yuan.slice(Math.max(0, end - 4), end));
    if (groups.length > GROUP_UNITS.length) throw new RangeError(`金额过大：${cents}`);
    let zero = false;
    groups.forEach((g, i) => {
      const value = Number(g);
      if (value === 0) {
        zero = whole !== '';
        return;
      }
      if (whole !== '' && (zero || value < 1000)) whole += '零';
      zero = false;
      whole += groupUpper(g) + GROUP_UNITS[groups.length - 1 - i];
    });
    whole += '元';
  }
  if (jiao === 0 && fen === 0) return `${whole || '零元'}整`;
  let fraction = '';
  if (jiao > 0) fraction += `${DIGITS[jiao]}角`;
  if (fen > 0) fraction += `${jiao === 0 && whole ? '零' : ''}${DIGITS[fen]}分`;
  return whole + fraction;
}
