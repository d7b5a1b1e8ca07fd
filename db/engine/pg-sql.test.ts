import { describe, expect, it } from 'vitest';
import { bindValues, lex, translate } from './pg-sql.js';

describe('translate: SQLite statements as PostgreSQL runs them', () => {
  it('numbers ? placeholders in order and counts them', () => {
    const t = translate('SELECT * FROM customer WHERE owner_id = ? AND status_id IN (?, ?)');
    expect(t.text).toBe('SELECT * FROM customer WHERE owner_id = $1 AND status_id IN ($2, $3)');
    expect(t.positional).toBe(3);
    expect(t.names).toBeNull();
  });

  it('gives each distinct named parameter one $n, whatever its prefix, and leaves :: casts alone', () => {
    const t = translate('SELECT @a::text, :b, $c, @a FROM t WHERE x = @b');
    expect(t.text).toBe('SELECT $1::text, $2, $3, $1 FROM t WHERE x = $2');
    expect(t.names).toEqual(['a', 'b', 'c']);
  });

  it('never touches strings, quoted names or comments', () => {
    const t = translate(`SELECT '?', "@x", 'it''s @y' -- what ?\n, ? /* @z */`);
    expect(t.text).toBe(`SELECT '?', "@x", 'it''s @y' -- what ?\n, $1 /* @z */`);
    expect(lex(`a 'b' "c"`).map((p) => p.code)).toEqual([true, false, true, false]);
  });

  it('quotes mixed-case aliases everywhere in the statement, so rows keep their camelCase keys', () => {
    const t = translate(
      'SELECT g.ownerId FROM (SELECT owner_id AS ownerId FROM customer) g ORDER BY ownerId, o.ownerid',
    );
    expect(t.text).toBe(
      'SELECT g."ownerId" FROM (SELECT owner_id AS "ownerId" FROM customer) g ORDER BY "ownerId", o.ownerid',
    );
  });

  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING and drops SQLite planner hints', () => {
    expect(translate('INSERT OR IGNORE INTO tag (name) VALUES (?);').text).toBe(
      'INSERT INTO tag (name) VALUES ($1) ON CONFLICT DO NOTHING',
    );
    expect(translate('SELECT 1 FROM purchase p INDEXED BY purchase_customer WHERE p.id = 1').text).toBe(
      'SELECT 1 FROM purchase p WHERE p.id = 1',
    );
    expect(translate('SELECT 1 FROM record r NOT INDEXED').text).toBe('SELECT 1 FROM record r');
    expect(translate('SELECT 1 FROM a CROSS JOIN purchase p ON p.id = a.id CROSS JOIN b').text).toBe(
      'SELECT 1 FROM a JOIN purchase p ON p.id = a.id CROSS JOIN b',
    );
  });

  it('names the table of an INSERT without RETURNING (run asks for its new id)', () => {
    expect(translate('INSERT INTO Contact (name) VALUES (?)').insertTable).toBe('contact');
    expect(translate('INSERT INTO contact (name) VALUES (?) RETURNING id').insertTable).toBeNull();
    expect(translate('UPDATE contact SET name = ?').insertTable).toBeNull();
  });

  it('refuses a statement that mixes ? and named parameters', () => {
    expect(() => translate('SELECT ? , @a')).toThrow(/同时使用/);
  });
});

describe('bindValues: better-sqlite3 arguments as $n values', () => {
  it('spreads arrays and checks the count', () => {
    const t = translate('SELECT ?, ?, ?');
    expect(bindValues(t, [1, [2, 'x']])).toEqual([1, 2, 'x']);
    expect(() => bindValues(t, [1])).toThrow(/需要 3 个，给了 1 个/);
  });

  it('takes named values from one object, undefined as NULL and bigint as text', () => {
    const t = translate('SELECT @a, @b, @c');
    expect(bindValues(t, [{ a: 1, b: undefined, c: 9007199254740993n }])).toEqual([1, null, '9007199254740993']);
    expect(() => bindValues(t, [{ a: 1, b: 2 }])).toThrow(/缺少命名参数 c/);
    expect(() => bindValues(t, [1])).toThrow(/命名参数/);
  });

  it('refuses booleans as better-sqlite3 does, so a handler cannot work on one engine only', () => {
    expect(() => bindValues(translate('SELECT ?'), [true])).toThrow(/can only bind/);
  });
});
