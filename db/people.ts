import { pinyin } from 'pinyin-pro';

/**
 * Lists of people (业务员, 经手人, 人员管理) are sorted by the pinyin of their names — 李娜,
 * 王经理, 张伟 — not by character code. The key is the toneless pinyin read with surname rules
 * (曾 as zeng, 单 as shan), so Latin names fall among Chinese ones by their letters; ties are
 * broken by the zh-CN collation, then by the older record first.
 */
const collator = new Intl.Collator('zh-CN', { sensitivity: 'base', numeric: true });
const keys = new Map<string, string>();

export function pinyinKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = pinyin(name.normalize('NFKC'), { toneType: 'none', surname: 'head', separator: ' ', v: true }).toLowerCase();
    if (keys.size > 10000) keys.clear();
    keys.set(name, key);
  }
  return key;
}

export const comparePinyin = (a: string, b: string) =>
  pinyinKey(a).localeCompare(pinyinKey(b), 'en') || collator.compare(a, b);

export const byPinyin = (a: { id: number; name: string }, b: { id: number; name: string }) =>
  comparePinyin(a.name, b.name) || a.id - b.id;
