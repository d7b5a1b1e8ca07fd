import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fold, searchMatch, searchTokens } from './fold.js';

describe('fold', () => {
  it('turns full-width letters and digits into half-width', () => {
    expect(fold('ＺＴＥ')).toBe('zte');
    expect(fold('Ａｂｃ１２３')).toBe('abc123');
  });

  it('lower-cases and trims', () => {
    expect(fold('  ZTE Corp ')).toBe('zte corp');
    expect(fold('ZtE')).toBe(fold('ｚｔｅ'));
  });

  it('leaves Chinese text alone', () => {
    expect(fold('深圳市中兴通讯股份有限公司')).toBe('深圳市中兴通讯股份有限公司');
  });
});

describe('searchTokens', () => {
  it('splits a CJK run into its characters and overlapping bigrams', () => {
    expect(searchTokens('中兴通讯')).toBe('中 兴 通 讯 中兴 兴通 通讯');
  });

  it('keeps a lone CJK character as itself', () => {
    expect(searchTokens('中')).toBe('中');
    expect(searchTokens('A中B')).toBe('a 中 b');
  });

  it('keeps letter/digit runs as folded words and drops punctuation', () => {
    expect(searchTokens('ＺＴＥ中兴 0755-86001234')).toBe('zte 中 兴 中兴 0755 86001234');
    expect(searchTokens('  ——（）  ')).toBe('');
  });

  it('adds full pinyin and initials of the name and keyword fields (name␟keyword␟…)', () => {
    const tokens = searchTokens('深圳中兴\x1f中兴\x1f0755-1\x1f广东省\x1f王伟 13800000000 ').split(' ');
    expect(tokens).toContain('shenzhenzhongxing');
    expect(tokens).toContain('szzx');
    expect(tokens).toContain('zhongxing');
    expect(tokens).toContain('zx');
    expect(tokens).toContain('王伟');
    expect(tokens).toContain('13800000000');
    // Region and contacts get no pinyin.
    expect(tokens).not.toContain('guangdongsheng');
    expect(tokens).not.toContain('wangwei');
  });
});

describe('searchTokens (one pass, pinyin once)', () => {
  it('splits characters outside the BMP by code point, and Kana/Hangul runs like Han', () => {
    expect(searchTokens('𠀀𠀁中 abc')).toBe('𠀀 𠀁 中 𠀀𠀁 𠀁中 abc');
    // ー (U+30FC) is Common script: a word of its own, as before.
    expect(searchTokens('东京タワー 서울')).toBe('东 京 タ ワ 东京 京タ タワ ー 서 울 서울');
  });

  it('folds the whole text once: full-width letters in every field, case in pinyin fields', () => {
    expect(searchTokens('ＡＢＣ中兴\x1fＺＴＥ\x1f０７５５\x1f\x1f')).toBe('abc 中 兴 中兴 zte 0755 abczhongxing abczx');
  });

  it('gives the initials of each syllable from the one conversion, polyphones in context', () => {
    const tokens = searchTokens('重庆长安汽车\x1f长安').split(' ');
    expect(tokens).toContain('chongqingchanganqiche');
    expect(tokens).toContain('cqcaqc');
    expect(tokens).toContain('changan');
    expect(tokens).toContain('ca');
    // Repeated (cached) text gives the same tokens.
    expect(searchTokens('重庆长安汽车\x1f长安')).toBe(tokens.join(' '));
  });
});

describe('searchMatch', () => {
  it('makes a phrase of bigrams for CJK text', () => {
    expect(searchMatch('中兴')).toBe('"中兴"');
    expect(searchMatch('中兴通讯')).toBe('"中兴 兴通 通讯"');
  });

  it('prefix-matches ASCII words, folded', () => {
    expect(searchMatch('ＺＴＥ')).toBe('"zte"*');
    expect(searchMatch('0755')).toBe('"0755"*');
  });

  it('ANDs the parts of a query', () => {
    expect(searchMatch('zte 中兴')).toBe('"zte"* AND "中兴"');
  });

  it('returns null for a single CJK character (LIKE fallback) and for nothing at all', () => {
    expect(searchMatch('中')).toBe('"中"');
    expect(searchMatch('中 兴')).toBe('"中" AND "兴"');
    expect(searchMatch('')).toBeNull();
    expect(searchMatch('   ')).toBeNull();
    expect(searchMatch('——')).toBeNull();
  });

  it('never lets a quote through into the MATCH syntax', () => {
    expect(searchMatch('a"b')).toBe('"a"* AND "b"*');
  });

  describe('against a real FTS5 index', () => {
    const db = new Database(':memory:');
    afterAll(() => db.close());
    db.exec(`CREATE VIRTUAL TABLE t USING fts5 (tokens, tokenize = 'unicode61')`);
    const texts = [
      '深圳市中兴通讯股份有限公司',
      '上海华为技术有限公司',
      'ZTE 国际 0755-86001234',
      '北京兴通科技有限公司',
      '北京\x1f华为\x1f\x1f\x1f',
    ];
    texts.forEach((t, i) => db.prepare('INSERT INTO t (rowid, tokens) VALUES (?, ?)').run(i + 1, searchTokens(t)));
    const find = (q: string) =>
      db
        .prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid')
        .pluck()
        .all(searchMatch(q)!)
        .map((id) => texts[(id as number) - 1]);

    it('finds a CJK substring and only texts containing it', () => {
      expect(find('中兴')).toEqual([texts[0]]);
      expect(find('兴通')).toEqual([texts[0], texts[3]]);
      expect(find('中兴通讯')).toEqual([texts[0]]);
      expect(find('有限公司')).toEqual([texts[0], texts[1], texts[3]]);
      expect(find('讯')).toEqual([texts[0]]);
      expect(find('华')).toEqual([texts[1], texts[4]]);
      // Bigrams of a phrase must be consecutive: 中兴 and 通讯 both occur, 兴讯 does not.
      expect(find('中兴讯')).toEqual([]);
    });

    it('finds ASCII words and digits by prefix, whatever the width or case', () => {
      expect(find('ｚｔ')).toEqual([texts[2]]);
      expect(find('8600')).toEqual([texts[2]]);
      expect(find('0755-8600')).toEqual([texts[2]]);
    });

    it('finds a name or keyword by its pinyin and initials', () => {
      expect(find('huawei')).toEqual([texts[4]]);
      expect(find('HW')).toEqual([texts[4]]);
      expect(find('beijing')).toEqual([texts[4]]);
    });
  });
});
