/**
 * Input as people type it: the one folding path of every field that takes numbers, phones,
 * dates and codes. The renderer folds as it is typed (or when the field is left), and the
 * contract (core/contract/common.ts) folds the same way before it checks, so the data host accepts
 * exactly what the renderer shows. Plain TypeScript, no Node imports.
 */

/**
 * Full-width digits, letters and punctuation → half-width ('１３８－０７５５' → '138-0755'), the
 * ideographic space → a space, and the ideographic full stop '。' (typed for a decimal point with a
 * Chinese input method) → '.'. Chinese characters are left as they are.
 */
export function foldInput(text: string): string {
  return text.normalize('NFKC').replace(/。/g, '.');
}

/** Text folded as a field shows it once left: folded and trimmed. */
export const foldField = (text: string) => foldInput(text).trim();

const DATE_PARTS = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const DATE_DIGITS = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * A date as people type it → 'YYYY-MM-DD' when it has that shape: '２０２６－０３－０１',
 * '2026/3/1', '2026.3.1', '2026年3月1日', '20260301' all become '2026-03-01'. Anything else is
 * returned folded and trimmed, for the check to name. An impossible day (2026-02-30) keeps its
 * shape, so the check can say why it does not exist.
 */
export function normalizeDate(text: string): string {
  const s = foldField(text);
  const m = DATE_PARTS.exec(s) ?? DATE_DIGITS.exec(s);
  if (!m) return s;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Why a date text (after normalizeDate) is not a date, in the app's own words, or null when it is
 * one: '日期格式应为 YYYY-MM-DD', '2026-02-30 不存在：2026 年 2 月只有 28 天', '没有 13 月'.
 */
export function dateProblem(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return '日期格式应为 YYYY-MM-DD';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1) return '年份不能为 0000';
  if (month < 1 || month > 12) return `没有 ${month} 月（月份为 01–12）`;
  const last = daysIn(year, month);
  if (day < 1 || day > last) return `${text} 不存在：${year} 年 ${month} 月只有 ${last} 天`;
  return null;
}
