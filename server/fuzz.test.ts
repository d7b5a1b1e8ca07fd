/**
 * Fuzz of the office server's socket (issue 11 item 5): thousands of generated malformed calls
 * over the real WebSocket, from the real contract — unknown methods, wrong types, missing and
 * extra fields, 1–10 MB strings, deep nesting, odd ids, SQL fragments in text / sort / search,
 * `__proto__` / `constructor` keys, lone surrogates, non-JSON and binary frames — as a signed-in
 * salesperson and as nobody. Every answer must be a clear error, or a legitimate success (a read
 * with a valid input); no call may take a second; the server stays up; and not one row of any
 * table changes (checksums from a separate read-only connection).
 *
 * Write methods are fuzzed as the salesperson only with inputs their own schema refuses (checked
 * here with the same schema before sending), so "writes nothing" stays strict.
 *
 * Reproducible: the seed is printed; KEHU_FUZZ_SEED=<n> replays a run, KEHU_FUZZ_CALLS=<n> sets
 * the number of calls.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { contract, type MethodName } from '../core/contract.js';
import { APP_VERSION, CONTRACT_HASH, RATE_BURST } from '../core/protocol.js';
import { ok, startTestOffice, type TestOffice } from './testing.js';
import { wireClient, type WireAnswer, type WireClient } from './testing-wire.js';

const SEED = Number(process.env.KEHU_FUZZ_SEED ?? 20261201);
const CALLS = Number(process.env.KEHU_FUZZ_CALLS ?? 10_000);
/** Big strings are slow (they cross the wire and the worker boundary): only a few. */
const BIG_STRINGS = 6;
/** Calls per connection, well under the rate limit's burst (then a fresh connection). */
const PER_CONNECTION = Math.floor(RATE_BURST * 0.75);

vi.setConfig({ testTimeout: 110_000, hookTimeout: 30_000 });

/** mulberry32: small, fast, good enough to make inputs. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const SQL = [
  "' OR 1=1 --",
  "'; DROP TABLE customers; --",
  '" OR ""="',
  '1; DELETE FROM staff',
  'name DESC; DROP TABLE staff',
  "%' UNION SELECT password_hash, login FROM staff --",
  "\\' OR '1'='1",
  '*/ SELECT 1 /*',
  'name COLLATE NOCASE',
  '(SELECT 1)',
  "'); UPDATE customers SET name = 'x'; --",
  '%',
  '_',
  '\\',
];
const STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\u202e\u202d',
  '\ufeff',
  'x'.repeat(300),
  '𠮷'.repeat(60),
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%ff%00',
  'null',
  'NaN',
  '-1',
  '1e999',
  '2026-02-30',
  '9999-99-99',
  '2026-11-26T00:00:00Z',
  'asc',
  'desc',
  '深圳市中兴通讯股份有限公司',
  ...SQL,
];
const NUMBERS = [0, -1, -0, 1.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 5e-324, 4294967297, 1];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'id', '', '\ud800'];
/** Objects that break String(), template literals and careless property lookups. */
const HOSTILE = [
  '{"toString":1}',
  '{"toString":{},"valueOf":{}}',
  '{"__proto__":{"toString":1}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '{"length":-1}',
  '{"then":1}',
];
const NAMES = [
  '',
  'customers',
  'customers.',
  '.page',
  'customers.page ',
  'CUSTOMERS.PAGE',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'customers.__proto__',
  'customers.constructor',
  "customers.page'; DROP TABLE staff; --",
  'auth.state\u0000',
  'auth.\ud800',
  'office.status.x',
  'x'.repeat(5000),
];

/** A valid input for the main methods (others start from {}); mutations make them invalid. */
function validInputs(ids: { customer: number; other: number; purchase: number }) {
  const customer = {
    name: '广州市天河软件有限公司',
    keyword: '天河',
    statusId: 1,
    ownerId: 2,
    createdOn: '2026-11-26',
    phone: '020-12345678',
    note: '老客户',
    confirmDuplicates: true,
  };
  const window = { offset: 0, limit: 50 };
  return {
    'auth.login': { login: 'sales1', password: 'secret1' },
    'auth.setup': { name: '管理员', login: 'root', password: 'secret1', confirm: 'secret1' },
    'auth.changePassword': { oldPassword: 'secret1', newPassword: 'secret2', confirm: 'secret2' },
    'customers.page': {
      statusId: null,
      search: '中兴',
      sort: { field: 'name', dir: 'asc' },
      deleted: false,
      ...window,
      withTotal: true,
    },
    'customers.get': { id: ids.customer },
    'customers.checkDuplicates': { name: '深圳市中兴通讯股份有限公司', keyword: '中兴', excludeId: null },
    'customers.create': customer,
    'customers.update': { id: ids.customer, version: 1, ...customer },
    'customers.delete': { ids: [ids.customer] },
    'customers.restore': { ids: [ids.customer] },
    'contacts.list': { customerId: ids.customer },
    'contacts.save': {
      customerId: ids.customer,
      token: 'x',
      created: [{ name: '张伟', mobile: '13800138000' }],
      updated: [],
      deleted: [],
    },
    'records.list': { customerId: ids.customer },
    'records.save': {
      customerId: ids.customer,
      token: 'x',
      created: [{ content: '电话回访' }],
      updated: [],
      deleted: [],
    },
    'quotes.list': { customerId: ids.customer },
    'purchases.list': { customerId: ids.customer },
    'delegations.list': { customerId: ids.other },
    'delegations.grant': { customerIds: [ids.customer], toId: 3 },
    'statuses.create': { name: '新状态' },
    'statuses.rename': { id: 1, name: '改名' },
    'statuses.delete': { id: 1 },
    'categories.create': { name: '软件' },
    'products.page': { categoryId: null, search: '软件', ...window },
    'products.get': { id: 1 },
    'products.pick': { categoryId: null, search: '软' },
    'suppliers.page': { active: null, search: '供应', ...window },
    'suppliers.get': { id: 1 },
    'payments.list': { purchaseId: ids.purchase },
    'payments.create': {
      purchaseId: ids.purchase,
      version: 1,
      kind: '货款',
      amountCents: 100,
      paidOn: '2026-11-26',
      handledBy: 2,
      note: '',
    },
    'fees.due': { ...window },
    'fees.arrears': { ...window },
    'fees.arrearsPurchases': { customerId: ids.customer },
    'fees.reminder': { customerId: ids.customer, days: null },
    'staff.create': { name: '赵六', login: 'sales9', role: 'sales', password: '' },
    'staff.setActive': { id: 3, active: false },
    'staff.resetPassword': { id: 3, password: 'secret9' },
    'settings.update': {},
    'sessions.disconnect': { id: 1 },
    'office.configure': { enabled: true, port: 5180 },
  } as Record<string, unknown>;
}

/** Sets an own, enumerable property — `__proto__` included (an assignment would set the prototype). */
function setKey(o: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function nested(rng: Rng, depth: number): unknown {
  let v: unknown = rng.pick([1, 'x', null, {}]);
  const asObject = rng.chance(0.5);
  for (let i = 0; i < depth; i++) {
    if (asObject) {
      const o: Record<string, unknown> = {};
      setKey(o, rng.pick(['a', 'id', '__proto__', 'name']), v);
      v = o;
    } else v = [v];
  }
  return v;
}

function randomValue(rng: Rng, level = 0): unknown {
  switch (rng.int(level > 2 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(NUMBERS);
    case 3:
    case 4:
      return rng.pick(STRINGS);
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, level + 1));
    case 6: {
      if (rng.chance(0.25)) return JSON.parse(rng.pick(HOSTILE)) as unknown;
      const o: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) setKey(o, rng.pick(KEYS), randomValue(rng, level + 1));
      return o;
    }
    default:
      return nested(rng, rng.pick([3, 10, 31, 33, 60, 500]));
  }
}

function mutate(rng: Rng, value: unknown, level = 0): unknown {
  if (Array.isArray(value)) {
    const copy = [...value];
    const op = rng.int(4);
    if (op === 0) copy.push(randomValue(rng));
    else if (op === 1 && copy.length) copy[rng.int(copy.length)] = mutate(rng, copy[rng.int(copy.length)], level + 1);
    else if (op === 2) return [];
    else return randomValue(rng);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setKey(copy, k, v);
    const keys = Object.keys(copy);
    const op = rng.int(level > 1 ? 5 : 6);
    if (op === 0 && keys.length) delete copy[rng.pick(keys)];
    else if (op === 1) setKey(copy, rng.chance(0.6) ? rng.pick(KEYS) : rng.pick(STRINGS), randomValue(rng));
    else if ((op === 2 || op === 3) && keys.length) {
      const k = rng.pick(keys);
      setKey(copy, k, rng.chance(0.5) ? randomValue(rng) : mutate(rng, copy[k], level + 1));
    } else if (op === 4 && keys.length) {
      // Text where text is expected, but hostile: SQL, lone surrogates, control characters.
      const k = rng.pick(keys);
      setKey(copy, k, rng.pick([...SQL, '\ud800', 'a\udfffb', '\u0000', '\u202e']));
    } else return randomValue(rng);
    return copy;
  }
  return randomValue(rng);
}

interface Generated {
  /** The frame's text (or bytes, for a binary frame). */
  text: string | Buffer;
  binary?: boolean;
  /** The id the answer must carry (null when the frame has none we can echo). */
  id: number | string | null;
  /** The method, when the frame names one of the contract. */
  method: MethodName | null;
  /** The input passes the method's schema (then a read may succeed). */
  valid: boolean;
  what: string;
}

/** Reads with effects beyond the answer (sessions, files, jobs): never sent with a valid input. */
const SIDE_EFFECTS = /^(auth\.(login|logout)|export\.|import\.)/;

const methods = Object.keys(contract) as MethodName[];
const writes = methods.filter((m) => contract[m].write);
const safeReads = methods.filter((m) => !contract[m].write && !SIDE_EFFECTS.test(m));
const isValid = (m: MethodName, input: unknown) => (contract[m].input as z.ZodType).safeParse(input).success;

function generator(rng: Rng, bases: Record<string, unknown>) {
  let nextId = 1;
  const callId = () => (rng.chance(0.9) ? nextId++ : rng.pick([-nextId++, `c${nextId++}`, 0]));

  /** One call of a contract method, mutated until it may be sent by this caller. */
  function methodCall(signedIn: boolean, big: boolean): Generated {
    for (;;) {
      const method = big ? rng.pick(writes.filter((m) => bases[m])) : rng.pick(methods);
      const base = bases[method] ?? {};
      let input: unknown = base;
      if (big) {
        // 1–10 MB on the wire: 'x' is 1 byte, '字' 3 bytes, a lone surrogate 6 ('\ud800' escaped).
        const mb = 1 + rng.int(10);
        const [unit, bytes] = rng.pick([
          ['x', 1],
          ['字', 3],
          ['\ud800', 6],
        ] as const);
        const keys = Object.keys(base as object);
        const copy = { ...(base as Record<string, unknown>) };
        copy[rng.pick(keys)] = unit.repeat(Math.floor((mb * 1024 * 1024) / bytes));
        input = copy;
      } else {
        for (let n = 1 + rng.int(3); n > 0; n--) input = mutate(rng, input);
        if (rng.chance(0.04)) input = undefined;
      }
      const id = callId();
      const text = JSON.stringify({ id, name: method, input });
      const arrived = (JSON.parse(text) as { input?: unknown }).input; // what the server will see
      const valid = isValid(method, arrived);
      if (valid && contract[method].write && signedIn) continue; // would write: never sent
      if (valid && SIDE_EFFECTS.test(method)) continue;
      // A big frame is encoded once here, not while its call is timed.
      return {
        text: big ? Buffer.from(text) : text,
        id,
        method,
        valid,
        what: big ? `${method} (${(Buffer.byteLength(text) / 2 ** 20).toFixed(1)} MB)` : method,
      };
    }
  }

  function unknownMethod(): Generated {
    const id = callId();
    const name = rng.chance(0.7) ? rng.pick(NAMES) : `${rng.pick(methods)}${rng.pick(['x', '.', ' ', '\u0000'])}`;
    return {
      text: JSON.stringify({ id, name, input: randomValue(rng) }),
      id,
      method: null,
      valid: false,
      what: 'unknown method',
    };
  }

  function badEnvelope(): Generated {
    // Reads only: an envelope may carry a valid input ({} or none), which a write would act on.
    const name = rng.pick(safeReads);
    const forms: [string, number | string | null][] = [
      [`{"id":NaN,"name":"${name}"}`, null],
      [`{"id":1e400,"name":"${name}"}`, null],
      [`{"id":-1e400,"name":"${name}"}`, null],
      [`{"id":${2 ** 53 + 2},"name":"${name}"}`, null],
      [`{"id":1.5,"name":"${name}"}`, null],
      [`{"id":"${'i'.repeat(65)}","name":"${name}"}`, null],
      [`{"id":[1],"name":"${name}"}`, null],
      [`{"id":{"__proto__":1},"name":"${name}"}`, null],
      [`{"name":"${name}","input":{}}`, null],
      [`{"id":${nextId},"name":${JSON.stringify(randomValue(rng)) ?? 'null'}}`, nextId],
      [`{"id":${nextId},"name":"${name}","input":{},"extra":{"__proto__":{"admin":true}}}`, nextId],
      [`{"id":${nextId},"name":"${name}","__proto__":{"name":"auth.state"}}`, nextId],
      [`{"id":${nextId},"name":"${name}","input":${JSON.stringify(nested(rng, 40))}}`, nextId],
      [`{"id":${nextId},"id":"dup","name":"${name}"}`, 'dup'],
    ];
    const [text, id] = rng.pick(forms);
    nextId++;
    // An object frame with a usable id naming a method of the contract: judged like a call.
    const parsed = (() => {
      try {
        return JSON.parse(text) as { name?: unknown; input?: unknown };
      } catch {
        return null;
      }
    })();
    const method = parsed && typeof parsed.name === 'string' && methods.includes(parsed.name as MethodName);
    return {
      text,
      id,
      method: method ? (parsed.name as MethodName) : null,
      valid: method ? isValid(parsed.name as MethodName, parsed.input) : false,
      what: 'bad envelope',
    };
  }

  function notACall(): Generated {
    const texts = [
      'null',
      '[]',
      '"x"',
      '42',
      'true',
      '{',
      '{"id":1,',
      '',
      'NaN',
      '\ud800',
      `{"id":1}${'x'}`,
      "{'id':1}",
      `${'['.repeat(3000)}`,
      `[${JSON.stringify({ id: 1, name: 'auth.state' })}]`,
      'SELECT * FROM staff',
    ];
    if (rng.chance(0.15)) {
      return { text: Buffer.from(rng.pick(texts)), binary: true, id: null, method: null, valid: false, what: 'binary' };
    }
    return { text: rng.pick(texts), id: null, method: null, valid: false, what: 'not a call' };
  }

  return (signedIn: boolean, big: boolean): Generated => {
    if (big) return methodCall(signedIn, true);
    const r = rng.next();
    if (r < 0.72) return methodCall(signedIn, false);
    if (r < 0.82) return unknownMethod();
    if (r < 0.91) return badEnvelope();
    return notACall();
  };
}

/** sha256 of every row of every table, per table, from a read-only connection of its own. */
function checksums(dbFile: string): Record<string, string> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .all();
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const rows = db
        .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
        .raw()
        .all()
        .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))
        .sort();
      out[name] = `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16)}`;
    }
    return out;
  } finally {
    db.close();
  }
}

const CLEAR = new Set(['bad_input', 'unknown_method', 'unauthenticated', 'forbidden', 'not_found']);

interface Stats {
  calls: number;
  ok: number;
  codes: Record<string, number>;
  maxMs: number;
  slowest: string;
  problems: string[];
}

function judge(g: Generated, a: WireAnswer, signedIn: boolean, stats: Stats) {
  const problem = (text: string) => {
    if (stats.problems.length < 30) {
      const sent = typeof g.text === 'string' ? g.text.slice(0, 300) : '<binary>';
      stats.problems.push(`${g.what}: ${text}\n    sent ${sent}\n    got ${JSON.stringify(a).slice(0, 300)}`);
    }
  };
  if (a.id !== g.id) problem(`answer id ${JSON.stringify(a.id)}, expected ${JSON.stringify(g.id)}`);
  if (a.result.ok) {
    stats.ok++;
    if (!g.method || !g.valid) problem('succeeded with an input its schema refuses');
    else if (contract[g.method].write) problem('a write succeeded');
    return;
  }
  const { code, message } = a.result.error;
  stats.codes[code] = (stats.codes[code] ?? 0) + 1;
  if (!CLEAR.has(code)) problem(`error code ${code}`);
  if (typeof message !== 'string' || !message.trim()) problem('no message');
  else if (/\[object |function /.test(message)) problem(`unclear message: ${message.slice(0, 200)}`);
  // Refused by the transport (no usable id, nested too deep) before anyone looks at the method.
  if (a.id === null || message.startsWith('消息')) return;
  // Who may not call at all is told so; a signed-in salesperson's bad input is named as such.
  if (g.method && !signedIn && !(contract[g.method] as { public?: boolean }).public && code !== 'unauthenticated') {
    problem(`expected unauthenticated for nobody, got ${code}`);
  }
  if (g.method && signedIn && !g.valid && !['bad_input', 'forbidden'].includes(code)) {
    problem(`invalid input answered ${code}`);
  }
}

let office: TestOffice;
let port: number;
let dbFile: string;
let bases: Record<string, unknown>;

beforeAll(async () => {
  office = await startTestOffice();
  port = Number(new URL(office.server.url).port);
  dbFile = path.join(office.server.dataDir, 'crm.db');
  // Some data for the reads to find: two customers of 王芳, a contact.
  const c = await office.localClient();
  await ok(c, 'auth.login', { login: 'sales1', password: 'secret1' });
  const customer = (name: string, keyword: string) => ({
    name,
    keyword,
    statusId: 1,
    ownerId: 2,
    createdOn: '2026-11-26',
    confirmDuplicates: true,
  });
  const a = await ok<{ id: number }>(c, 'customers.create', customer('深圳市中兴通讯股份有限公司', '中兴'));
  const b = await ok<{ id: number }>(c, 'customers.create', customer('上海华为技术有限公司', '华为'));
  const { token } = await ok<{ token: string }>(c, 'contacts.list', { customerId: a.id });
  await ok(c, 'contacts.save', { customerId: a.id, token, created: [{ name: '张伟' }], updated: [], deleted: [] });
  c.close();
  bases = validInputs({ customer: a.id, other: b.id, purchase: 1 });
});
afterAll(async () => {
  await office?.close();
});

it(`answers ${CALLS} malformed calls with clear errors, each within a second, and writes nothing`, async () => {
  console.log(`[fuzz] seed ${SEED} (KEHU_FUZZ_SEED=${SEED} replays this run), ${CALLS} calls`);
  const before = checksums(dbFile);
  const rng = prng(SEED);
  const next = generator(rng, bases);
  const stats: Stats = { calls: 0, ok: 0, codes: {}, maxMs: 0, slowest: '', problems: [] };

  // Two callers take turns drawing from one seeded stream (so a run is reproducible): a
  // signed-in salesperson and nobody. Each uses a fresh connection every PER_CONNECTION calls.
  const plan = Array.from({ length: CALLS }, (_, i) => ({
    signedIn: i % 5 < 3,
    big: i > 0 && i % Math.floor(CALLS / BIG_STRINGS) === 0,
  }));
  const frames = plan.map((p) => ({ ...p, g: next(p.signedIn, p.big) }));

  async function caller(signedIn: boolean, bigOnes: boolean) {
    let client: WireClient | null = null;
    let used = 0;
    for (const { g, signedIn: mine, big } of frames) {
      if (mine !== signedIn || big !== bigOnes) continue;
      if (!client || used >= PER_CONNECTION || client.ws.readyState !== client.ws.OPEN) {
        client?.close();
        client = await wireClient(port, 5000);
        used = 0;
        if (signedIn) {
          const login = await client.call('auth.login', { login: 'sales1', password: 'secret1' });
          expect(login.result.ok, JSON.stringify(login)).toBe(true);
          used++;
        }
      }
      used++;
      const started = performance.now();
      let answer: WireAnswer;
      try {
        answer = await client.send(g.text, g.id, { binary: g.binary });
      } catch (err) {
        stats.problems.push(`${g.what}: ${(err as Error).message}; sent ${String(g.text).slice(0, 300)}`);
        client.close();
        client = null;
        continue;
      }
      const ms = performance.now() - started;
      stats.calls++;
      if (big) console.log(`[fuzz] ${g.what}: ${ms.toFixed(0)} ms`);
      if (ms > stats.maxMs) {
        stats.maxMs = ms;
        stats.slowest = g.what;
      }
      judge(g, answer, signedIn, stats);
    }
    client?.close();
  }

  const t0 = performance.now();
  await Promise.all([caller(true, false), caller(false, false)]);
  // The few big frames last, one at a time (they are slow; timed without the other caller's load).
  await caller(true, true);
  await caller(false, true);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `[fuzz] ${stats.calls} calls in ${seconds.toFixed(1)} s; ${stats.ok} legitimate reads; errors ${JSON.stringify(stats.codes)}; ` +
      `slowest call ${stats.maxMs.toFixed(0)} ms (${stats.slowest})`,
  );

  expect(stats.problems, stats.problems.join('\n')).toEqual([]);
  expect(stats.calls).toBe(CALLS);
  expect(stats.maxMs).toBeLessThan(1000);
  // The server is up: a fresh connection signs in and reads.
  const fresh = await wireClient(port);
  expect((await fresh.call('auth.login', { login: 'sales1', password: 'secret1' })).result.ok).toBe(true);
  expect((await fresh.call('customers.page', {})).result).toMatchObject({
    ok: true,
    value: { rows: expect.any(Array) },
  });
  fresh.close();
  // Not one row changed, in any table.
  expect(checksums(dbFile)).toEqual(before);
});

it('answers 300 generated hellos with a hello (ours, or the version error), or bad_input; never a crash', async () => {
  const rng = prng(SEED + 1);
  const codes: Record<string, number> = {};
  for (let i = 0; i < 300; i++) {
    const field = () =>
      rng.chance(0.3)
        ? rng.pick([APP_VERSION, CONTRACT_HASH, ''])
        : rng.chance(0.4)
          ? (JSON.parse(rng.pick(HOSTILE)) as unknown)
          : randomValue(rng);
    const hello = rng.chance(0.2)
      ? randomValue(rng)
      : Object.fromEntries(
          (['app', 'contract', 'resume'] as const).filter(() => rng.chance(0.85)).map((k) => [k, field()]),
        );
    const c = await wireClient(port);
    const text = JSON.stringify({ hello }) ?? '{}';
    const answer = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${text.slice(0, 200)}`)), 5000);
      c.ws.once('message', (d) => {
        clearTimeout(timer);
        resolve(JSON.parse(String(d)) as Record<string, unknown>);
      });
      c.ws.send(text);
    });
    // bad_input only for a message nested too deep; anything else that is not a hello is a failure.
    const error = (answer.result as { error?: { code: string; message: string } } | undefined)?.error;
    const kind =
      'hello' in answer
        ? ((answer.hello as { error?: { code: string } }).error?.code ?? 'hello')
        : error?.code === 'bad_input' && error.message.startsWith('消息嵌套过深')
          ? 'bad_input'
          : `other: ${JSON.stringify(answer).slice(0, 200)}`;
    codes[kind] = (codes[kind] ?? 0) + 1;
    expect(['version_mismatch', 'bad_input'], `${kind} for ${text.slice(0, 200)}`).toContain(kind);
    c.close();
  }
  console.log(`[fuzz] hellos: ${JSON.stringify(codes)}`);
  const fresh = await wireClient(port);
  expect((await fresh.call('auth.state', {})).result.ok).toBe(true);
  fresh.close();
});
