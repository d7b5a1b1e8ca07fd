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

  it('reads a parameter under IS [NOT] NULL as text in a slot of its own, which PostgreSQL can type', () => {
    const t = translate('SELECT 1 FROM c WHERE (@me IS NULL OR c.owner_id = @me) AND (@d is not null OR @me = 0)');
    expect(t.text).toBe(
      'SELECT 1 FROM c WHERE (CAST($1 AS text) IS NULL OR c.owner_id = $2) AND (CAST($3 AS text) is not null OR $2 = 0)',
    );
    expect(t.names).toEqual(['me', 'me', 'd']);
    expect(bindValues(t, [{ me: 7, d: null }])).toEqual([7, 7, null]);
    expect(translate('SELECT ? IS NULL, ? ISNULL').text).toBe('SELECT CAST($1 AS text) IS NULL, $2 ISNULL');
  });

  it('matches LIKE without regard to case, as SQLite does', () => {
    expect(
      translate(`SELECT 1 FROM p WHERE p.code LIKE ? ESCAPE '\\' OR p.name NOT LIKE 'x%' OR p.a ILIKE ?`).text,
    ).toBe(`SELECT 1 FROM p WHERE p.code ILIKE $1 ESCAPE '\\' OR p.name NOT ILIKE 'x%' OR p.a ILIKE $2`);
    expect(translate('SELECT t.like FROM t WHERE a LIKE @like').text).toBe('SELECT t.like FROM t WHERE a ILIKE $1');
  });

  it('drops digit separators from numbers, not from names', () => {
    expect(translate('SELECT 33_000, 1_000.25, t_1_2, x1_0 FROM t_2 WHERE a > 2_500').text).toBe(
      'SELECT 33000, 1000.25, t_1_2, x1_0 FROM t_2 WHERE a > 2500',
    );
  });

  it('names a subquery in FROM or JOIN that has no name, and only those', () => {
    expect(translate('SELECT n FROM (SELECT count(*) AS n FROM t) WHERE n > 0').text).toBe(
      'SELECT n FROM (SELECT count(*) AS n FROM t) AS kehu_sub1 WHERE n > 0',
    );
    expect(
      translate(`SELECT * FROM (SELECT 1 AS a UNION ALL SELECT ')') JOIN (VALUES (1)) ON 1 = 1, (SELECT 2) "q"`).text,
    ).toBe(
      `SELECT * FROM (SELECT 1 AS a UNION ALL SELECT ')') AS kehu_sub1 JOIN (VALUES (1)) AS kehu_sub2 ON 1 = 1, (SELECT 2) "q"`,
    );
    const named = 'SELECT x FROM (SELECT 1 AS x) g WHERE x IN (SELECT 1) AND EXISTS (SELECT 1 FROM (SELECT 1) AS s)';
    expect(translate(named).text).toBe(named);
    expect(translate('SELECT sum(n) FROM (SELECT count(*) AS n FROM t GROUP BY k)').text).toBe(
      'SELECT sum(n) FROM (SELECT count(*) AS n FROM t GROUP BY k) AS kehu_sub1',
    );
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

  it('ignores an object of named values for a statement without named parameters, as better-sqlite3 does', () => {
    expect(bindValues(translate('SELECT count(*) FROM product'), [{}])).toEqual([]);
    expect(bindValues(translate('SELECT ?'), [{ unused: 1 }, 5])).toEqual([5]);
  });

  it('refuses booleans as better-sqlite3 does, so a handler cannot work on one engine only', () => {
    expect(() => bindValues(translate('SELECT ?'), [true])).toThrow(/can only bind/);
  });
});
