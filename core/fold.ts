import { pinyin } from 'pinyin-pro';

/**
 * Text folding for comparisons: full-width → half-width (NFKC), then lower case, so that
 * 'ＺＴＥ' and 'zte' compare equal. Used by the keyword duplicate check and quick search.
 */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}]/u;

/** Splits folded text into runs: CJK runs and word runs (letters/digits), dropping the rest. */
function runs(text: string): { cjk: boolean; text: string }[] {
  const out: { cjk: boolean; text: string }[] = [];
  let current: { cjk: boolean; text: string } | null = null;
  for (const ch of fold(text)) {
    const cjk = CJK.test(ch);
    if (!cjk && !WORD.test(ch)) {
      current = null;
      continue;
    }
    if (!current || current.cjk !== cjk) {
      current = { cjk, text: '' };
      out.push(current);
    }
    current.text += ch;
  }
  return out;
}

/** Overlapping bigrams of a CJK run (a lone character stands as itself). */
function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

const HAN = /\p{Script=Han}/u;

/**
 * Full pinyin and initials of a name or keyword, e.g. 中兴 → ['zhongxing', 'zx'] (ü as v; letters
 * and digits kept as they are, the rest dropped). None when the text has no Chinese character.
 */
export function pinyinTokens(text: string): string[] {
  const folded = fold(text);
  if (!HAN.test(folded)) return [];
  const clean = (parts: string[]) =>
    parts
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  // One conversion: the initials are the first letter of each syllable (as pattern 'first' gives).
  const syllables = pinyin(folded, { toneType: 'none', type: 'array', v: true });
  const full = clean(syllables);
  const initials = clean(
    syllables.map((x) => (x.codePointAt(0) === undefined ? '' : String.fromCodePoint(x.codePointAt(0)!))),
  );
  return [...new Set([full, initials].filter(Boolean))];
}

const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
/** One regular expression for the runs of a whole text: a CJK run, or a run of other letters/digits. */
const RUN = new RegExp(`([${CJK_CLASS}]+)|((?:(?![${CJK_CLASS}])[\\p{L}\\p{N}])+)`, 'gu');

/**
 * The FTS tokens of one folded field: each CJK character, the bigrams of each CJK run, each
 * word. One regular-expression pass over the field (not a test per character).
 */
function fieldTokens(folded: string, out: string[]): void {
  RUN.lastIndex = 0;
  for (let m = RUN.exec(folded); m !== null; m = RUN.exec(folded)) {
    if (m[2] !== undefined) {
      out.push(m[2]);
      continue;
    }
    const run = m[1];
    // Characters outside the BMP (rare Han) take two code units: split by code point then.
    const chars = run.length === 1 ? [run] : /[\ud800-\udbff]/.test(run) ? [...run] : run.split('');
    for (const ch of chars) out.push(ch);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
}

/** Pinyin of names and keywords already computed (keywords and brands repeat a lot in a bulk load). */
const pinyinCache = new Map<string, string[]>();
const PINYIN_CACHE_MAX = 20_000;

/** pinyinTokens of a folded text, computed once per distinct text while the cache lasts. */
function cachedPinyin(folded: string): string[] {
  let hit = pinyinCache.get(folded);
  if (hit === undefined) {
    hit = pinyinTokens(folded);
    if (pinyinCache.size >= PINYIN_CACHE_MAX) pinyinCache.clear();
    pinyinCache.set(folded, hit);
  }
  return hit;
}

/**
 * The tokens stored in the full-text index for a customer: every CJK character alone (so that a
 * one-character search is one term), overlapping bigrams of each CJK run, and each letter/digit
 * run as a word. Stored space-separated, so FTS5's unicode61 tokenizer reads them back one by one.
 *
 * The index is written from `name␟keyword␟phone␟region␟contacts` (␟ = char(31), the view
 * customer_search_text of 0005): then the full pinyin and the initials of the name and of the
 * keyword are added too (深圳市中兴通讯… → shenzhenshizhongxing…, szszx…; 中兴 → zhongxing, zx),
 * computed here, once, when the row is written. Text without ␟ is tokenized as one field.
 * The text is folded once as a whole (NFKC keeps ␟ as it is).
 */
export function searchTokens(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  const fields = folded.split('\x1f');
  const tokens: string[] = [];
  for (const f of fields) fieldTokens(f, tokens);
  if (fields.length > 1) tokens.push(...cachedPinyin(fields[0]), ...cachedPinyin(fields[1]));
  return tokens.join(' ');
}

/**
 * What a user typed, as the parts a search must find (each a substring): each space-separated
 * part split into runs — a CJK run as its bigrams (a lone character as itself), a run of
 * letters/digits (also pinyin) as one word matched as a prefix. Empty when nothing searchable
 * was typed (only punctuation or spaces).
 */
export function searchParts(query: string): { cjk: boolean; terms: string[] }[] {
  const parts: { cjk: boolean; terms: string[] }[] = [];
  for (const part of fold(query).split(/\s+/).filter(Boolean)) {
    for (const r of runs(part))
      parts.push(r.cjk ? { cjk: true, terms: bigrams(r.text) } : { cjk: false, terms: [r.text] });
  }
  return parts;
}

/**
 * searchParts as an FTS5 MATCH expression (SQLite): a CJK run is a phrase of its bigrams, a word
 * a prefix term; parts are ANDed. Null when nothing searchable was typed.
 */
export function searchMatch(query: string): string | null {
  const phrases = searchParts(query).map((p) => (p.cjk ? `"${p.terms.join(' ')}"` : `"${p.terms[0]}"*`));
  return phrases.length ? phrases.join(' AND ') : null;
}
