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

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/**
 * The tokens stored in the full-text index for a text: overlapping bigrams of each CJK run
 * (a lone CJK character stands as itself) and each letter/digit run as a word.
 * Stored space-separated, so FTS5's unicode61 tokenizer reads them back one by one.
 */
export function searchTokens(text: string): string {
  return runs(text)
    .flatMap((r) => (r.cjk ? bigrams(r.text) : [r.text]))
    .join(' ');
}

/**
 * Turns what a user typed into an FTS5 MATCH expression that finds the text as a substring:
 * each space-separated part becomes a phrase of its bigrams (CJK) and words (prefix-matched).
 * Returns null when the query cannot use the index (a single CJK character, or nothing at all);
 * the caller then falls back to a LIKE scan.
 */
export function searchMatch(query: string): string | null {
  const phrases: string[] = [];
  for (const part of fold(query).split(/\s+/).filter(Boolean)) {
    const parts = runs(part);
    if (parts.length === 0) continue;
    if (parts.some((r) => r.cjk && [...r.text].length === 1)) return null;
    for (const r of parts) {
      if (r.cjk) phrases.push(`"${bigrams(r.text).join(' ')}"`);
      else phrases.push(`"${r.text}"*`);
    }
  }
  return phrases.length ? phrases.join(' AND ') : null;
}
