/**
 * The few rewrites every statement needs to run on PostgreSQL as written for SQLite, done once
 * when a statement is prepared (pure text work, unit-tested without a database):
 * - placeholders: `?` → `$1, $2 …`; named `@x` / `:x` / `$x` → one `$n` per distinct name;
 * - mixed-case aliases (`AS ownerId`) are quoted wherever they appear (`g.ownerId` too: the
 *   schema's own names are snake_case), since PostgreSQL folds unquoted names to lower case and
 *   the handlers read `row.ownerId`;
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

const MIXED_ALIAS = /\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/gi;
const isMixed = (name: string) => /[a-z]/.test(name) && /[A-Z]/.test(name);

export function translate(sql: string): PgText {
  const pieces = lex(sql);
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
    // `INDEXED BY i` / `NOT INDEXED` are SQLite's planner hints; PostgreSQL plans on its own.
    t = t.replace(/\s+(?:INDEXED\s+BY\s+[A-Za-z_][A-Za-z0-9_]*|NOT\s+INDEXED)\b/gi, '');
    // SQLite takes `CROSS JOIN t x ON …` (a join order hint with a condition); PostgreSQL's
    // CROSS JOIN takes none: the same inner join is `JOIN t x ON …`.
    t = t.replace(/\bCROSS\s+JOIN(\s+[A-Za-z_][\w.]*(?:\s+(?:AS\s+)?(?!ON\b)[A-Za-z_]\w*)?\s+ON\b)/gi, 'JOIN$1');
    // Parameters: `?`, and `@x`, `$x`, `:x` (not the `::` of a cast).
    t = t.replace(/\?|(?<![:\w$])[@:$]([A-Za-z_][A-Za-z0-9_]*)/g, (m, name: string | undefined) => {
      if (m === '?') return `$${++positional}`;
      let k = nameIndex.get(name!);
      if (k === undefined) {
        names.push(name!);
        k = names.length;
        nameIndex.set(name!, k);
      }
      return `$${k}`;
    });
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
  const flat = args.flatMap((a) => (Array.isArray(a) ? a : [a]));
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
