/**
 * The few rewrites every statement needs to run on PostgreSQL as written for SQLite, done once
 * when a statement is prepared (pure text work, unit-tested without a database):
 * - placeholders: `?` → `$1, $2 …`; named `@x` / `:x` / `$x` → one `$n` per distinct name;
 * - mixed-case aliases (`AS ownerId`) are quoted wherever they appear (`g.ownerId` too: the
 *   schema's own names are snake_case), since PostgreSQL folds unquoted names to lower case and
 *   the handlers read `row.ownerId`;
 * - a parameter tested with `IS [NOT] NULL` is read there as text in a slot of its own
 *   (PostgreSQL cannot type `@me IS NULL`; the parameter's other uses type it);
 * - digit separators in numbers (`33_000`) are dropped;
 * - a subquery in FROM without a name gets one (`kehu_sub1` …: PostgreSQL 15 requires it);
 * - `LIKE` → `ILIKE` (SQLite's LIKE ignores the case of Latin letters);
 * - `INSERT OR IGNORE INTO …` → `INSERT INTO … ON CONFLICT DO NOTHING`;
 * - SQLite's planner hints `INDEXED BY i` and `NOT INDEXED` are dropped, and `CROSS JOIN … ON`
 *   (SQLite's join-order hint) is a plain `JOIN … ON`.
 * Everything else that differs between the engines is written out side by side in its area.
 */

export interface PgText {
  text: string;
  /** For named parameters: the name of each `$n`, in order (null: positional). */
  names: string[] | null;
  /** How many positional `?` the statement takes. */
  positional: number;
  /** The statement is an INSERT without RETURNING (run() then asks for the new id). */
  insertTable: string | null;
}

interface Piece {
  code: boolean;
  text: string;
}

/** Splits SQL into code and the parts that are not code (strings, quoted names, comments). */
export function lex(sql: string): Piece[] {
  const out: Piece[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code) out.push({ code: true, text: code });
    code = '';
  };
  while (i < sql.length) {
    const c = sql[i];
    const n = sql[i + 1];
    let end = -1;
    if (c === "'" || c === '"') {
      end = i + 1;
      for (;;) {
        const j = sql.indexOf(c, end);
        if (j < 0) {
          end = sql.length;
          break;
        }
        if (sql[j + 1] === c) end = j + 2;
        else {
          end = j + 1;
          break;
        }
      }
    } else if (c === '-' && n === '-') {
      const j = sql.indexOf('\n', i);
      end = j < 0 ? sql.length : j;
    } else if (c === '/' && n === '*') {
      const j = sql.indexOf('*/', i + 2);
      end = j < 0 ? sql.length : j + 2;
    }
    if (end < 0) {
      code += c;
      i++;
      continue;
    }
    flush();
    out.push({ code: false, text: sql.slice(i, end) });
    i = end;
  }
  flush();
  return out;
}

const IS_NULL_AFTER = /^\s*IS\s+(?:NOT\s+)?NULL\b/i;
const MIXED_ALIAS = /\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/gi;
const isMixed = (name: string) => /[a-z]/.test(name) && /[A-Z]/.test(name);

/** Words that may follow a subquery in FROM where an alias would stand (so there is none). */
const NOT_ALIAS = new Set(
  (
    'WHERE GROUP ORDER LIMIT OFFSET HAVING WINDOW JOIN LEFT RIGHT INNER OUTER CROSS FULL NATURAL ' +
    'UNION EXCEPT INTERSECT ON USING RETURNING FOR'
  ).split(' '),
);

/**
 * Names every subquery in FROM or JOIN that SQLite lets go unnamed (`FROM (SELECT …) WHERE`):
 * PostgreSQL 15 requires a name. Parentheses in strings and comments do not count.
 */
function nameSubqueries(pieces: Piece[]): void {
  const stack: boolean[] = [];
  const inserts: { piece: number; at: number }[] = [];
  let recent = '';
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    if (!p.code) {
      recent += ' ';
      continue;
    }
    for (let j = 0; j < p.text.length; j++) {
      const c = p.text[j];
      if (c === '(') {
        stack.push(/\b(FROM|JOIN)\s*$/i.test(recent) && /^\s*(SELECT|WITH|VALUES)\b/i.test(p.text.slice(j + 1)));
      } else if (c === ')' && stack.pop() === true && !aliasFollows(pieces, i, j + 1)) {
        inserts.push({ piece: i, at: j + 1 });
      }
      recent = (recent + c).slice(-12);
    }
  }
  inserts.reverse().forEach(({ piece, at }, k) => {
    const t = pieces[piece].text;
    pieces[piece] = { code: true, text: `${t.slice(0, at)} AS kehu_sub${inserts.length - k}${t.slice(at)}` };
  });
}

function aliasFollows(pieces: Piece[], i: number, from: number): boolean {
  for (let k = i, at = from; k < pieces.length; k++, at = 0) {
    const p = pieces[k];
    if (!p.code) {
      if (p.text.startsWith('"')) return true;
      if (p.text.startsWith("'")) return false;
      continue; // a comment
    }
    const rest = p.text.slice(at).trimStart();
    if (!rest) continue;
    const word = /^[A-Za-z_]\w*/.exec(rest);
    return word !== null && !NOT_ALIAS.has(word[0].toUpperCase());
  }
  return false;
}

export function translate(sql: string): PgText {
  const pieces = lex(sql);
  nameSubqueries(pieces);
  const aliases = new Set<string>();
  for (const p of pieces) {
    if (!p.code) continue;
    for (const m of p.text.matchAll(MIXED_ALIAS)) if (isMixed(m[1])) aliases.add(m[1]);
  }
  let positional = 0;
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  let insertOrIgnore = false;
  const parts = pieces.map((p) => {
    if (!p.code) return p.text;
    let t = p.text;
    if (/\bINSERT\s+OR\s+IGNORE\s+INTO\b/i.test(t)) {
      insertOrIgnore = true;
      t = t.replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b/gi, 'INSERT INTO');
    }
    // SQLite's LIKE ignores the case of Latin letters (the catalog's and suppliers' searches count
    // on it); PostgreSQL's LIKE does not, its ILIKE does (of other letters too: É finds é).
    t = t.replace(/(?<![\w.@:$])LIKE\b/gi, 'ILIKE');
    // `INDEXED BY i` / `NOT INDEXED` are SQLite's planner hints; PostgreSQL plans on its own.
    t = t.replace(/\s+(?:INDEXED\s+BY\s+[A-Za-z_][A-Za-z0-9_]*|NOT\s+INDEXED)\b/gi, '');
    // SQLite takes `CROSS JOIN t x ON …` (a join order hint with a condition); PostgreSQL's
    // CROSS JOIN takes none: the same inner join is `JOIN t x ON …`.
    t = t.replace(/\bCROSS\s+JOIN(\s+[A-Za-z_][\w.]*(?:\s+(?:AS\s+)?(?!ON\b)[A-Za-z_]\w*)?\s+ON\b)/gi, 'JOIN$1');
    // SQLite reads `33_000` as 33000; PostgreSQL 15 does not take digit separators.
    t = t.replace(/(?<![\w$.])\d+(?:_\d+)+(?:\.\d+(?:_\d+)*)?(?![\w.])/g, (m) => m.replace(/_/g, ''));
    // Parameters: `?`, and `@x`, `$x`, `:x` (not the `::` of a cast).
    t = t.replace(
      /\?|(?<![:\w$])[@:$]([A-Za-z_][A-Za-z0-9_]*)/g,
      (m, name: string | undefined, at: number, whole: string) => {
        // `@me IS NULL OR owner_id = @me`: PostgreSQL types a parameter where it is first met, and
        // IS NULL gives it no type. Only whether it is NULL matters there: that test reads a text
        // copy of the value in a slot of its own, and the other uses type the parameter as usual.
        const nullTest = IS_NULL_AFTER.test(whole.slice(at + m.length));
        if (m === '?') return nullTest ? `CAST($${++positional} AS text)` : `$${++positional}`;
        if (nullTest) {
          names.push(name!);
          return `CAST($${names.length} AS text)`;
        }
        let k = nameIndex.get(name!);
        if (k === undefined) {
          names.push(name!);
          k = names.length;
          nameIndex.set(name!, k);
        }
        return `$${k}`;
      },
    );
    if (aliases.size > 0) {
      t = t.replace(/(?<![\w$"])([A-Za-z_][A-Za-z0-9_]*)(?![\w"])/g, (w) => (aliases.has(w) ? `"${w}"` : w));
    }
    return t;
  });
  if (positional > 0 && names.length > 0) throw new Error('同一条语句不能同时使用 ? 和命名参数');
  let text = parts.join('');
  if (insertOrIgnore) text = `${text.replace(/[\s;]+$/, '')} ON CONFLICT DO NOTHING`;
  const insert = /^\s*INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(text);
  const insertTable = insert && !/\bRETURNING\b/i.test(text) ? insert[1].toLowerCase() : null;
  return { text, names: names.length ? names : null, positional, insertTable };
}

/**
 * The values of `$1 … $n` from better-sqlite3-style arguments: positional values (arrays are
 * spread, as better-sqlite3 does) or one object of named values.
 */
export function bindValues(t: PgText, args: unknown[]): unknown[] {
  if (t.names) {
    const named = args.find((a) => a !== null && typeof a === 'object' && !Array.isArray(a) && !Buffer.isBuffer(a)) as
      Record<string, unknown> | undefined;
    if (!named) throw new RangeError('这条语句需要命名参数');
    return t.names.map((n) => {
      if (!(n in named)) throw new RangeError(`缺少命名参数 ${n}`);
      return value(named[n]);
    });
  }
  // A statement without named parameters ignores an object of them, as better-sqlite3 does
  // (a handler passes its filter's parameters, empty when no filter is set).
  const flat = args
    .filter((a) => a === null || typeof a !== 'object' || Array.isArray(a) || Buffer.isBuffer(a))
    .flatMap((a) => (Array.isArray(a) ? a : [a]));
  if (flat.length !== t.positional)
    throw new RangeError(`参数个数不对：需要 ${t.positional} 个，给了 ${flat.length} 个`);
  return flat.map(value);
}

function value(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
  return v;
}
