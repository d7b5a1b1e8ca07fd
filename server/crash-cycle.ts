/**
 * Crash safety, proven by killing the real office server (issue 11, item 4): the server runs as a
 * child process — the browser mode's own entry point scripts/web.ts, bundled once per run by
 * esbuild exactly as the desktop app bundles its main process and data-host worker
 * (scripts/build-electron.ts), because `node --import tsx scripts/web.ts` takes 4–5 s to start on
 * a 2-core machine (it compiles every module, in the main thread and again in each worker) and
 * a hundred kills would not fit a CI test; the bundle starts in well under a second. Clients
 * save through the real WebSocket transport, the child is SIGKILLed at a seeded random moment
 * (often in the middle of a burst of writes), and after each kill the data folder is checked with
 * a read-only connection: every save the server acknowledged is there, and nothing is
 * half-written (every customer, contact and follow-up record has its 操作日志 line and every such
 * line its row). At the end: PRAGMA integrity_check and the 操作日志 chain (db/oplog-chain.ts).
 *
 * Shared by server/crash.test.ts (CI, ~100 kills) and scripts/crash-bench.ts (1000 kills).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import type { Result } from '../core/contract.js';
import { verifyLogChain, type ChainReport } from '../db/oplog-chain.js';
import type { DB } from '../db/open.js';
import { hostWorkerBuild, mainBuild, workerBuild } from '../scripts/build-electron.js';
import { connectRemote, type RemoteClient } from './remote-client.js';
import { addOfficeStaff, fakeRenderer } from './testing.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** mulberry32: a small seeded PRNG, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the server acknowledged (an ok answer arrived), by the unique names the run gave them. */
export interface Acknowledged {
  /** customer name → id */
  customers: Map<string, number>;
  /** contact name → customer id */
  contacts: Map<string, number>;
  /** follow-up record content → customer id */
  records: Map<string, number>;
}

export interface CrashRunOptions {
  dir: string;
  kills: number;
  seed: number;
  /** Concurrent WebSocket clients writing during a cycle. */
  writers?: number;
  /** The kill comes 0…maxKillDelayMs after the writers start (some cycles kill during startup). */
  maxKillDelayMs?: number;
  /** Verify the 操作日志 chain after every cycle, not only at the end. */
  chainEveryCycle?: boolean;
  onCycle?: (cycle: number, stats: CrashStats) => void;
  /** Stop early (after the cycle in progress) once this many ms have passed; stats say how many ran. */
  timeLimitMs?: number;
}

export interface CrashStats {
  seed: number;
  kills: number;
  /** Kills that came before the server answered (during start-up). */
  killsDuringStartup: number;
  /** Kills while at least one save was in flight. */
  killsMidWrite: number;
  acknowledged: number;
  /** Saves sent whose answer never came (lost with the process: allowed to be absent). */
  unanswered: number;
  lost: string[];
  halfWritten: string[];
  /** Saves the server answered with an error (none expected: every input is valid). */
  refused: string[];
  integrity: string;
  chain: ChainReport | null;
  startupMs: { min: number; median: number; max: number };
  elapsedMs: number;
}

/**
 * Bundles scripts/web.ts (ESM) with the data host's and the jobs' workers (CommonJS) and the
 * migrations into `out`, the same layout as dist/electron; returns the entry to run with node.
 */
export async function bundleServer(out: string): Promise<string> {
  fs.mkdirSync(out, { recursive: true });
  const quiet = { sourcemap: false, logLevel: 'error' } as const;
  const entry = path.join(out, 'crash-server.mjs');
  await build({ ...mainBuild, ...quiet, entryPoints: ['scripts/crash-server.ts'], outfile: entry });
  await build({ ...workerBuild, ...quiet, outfile: path.join(out, path.basename(String(workerBuild.outfile))) });
  await build({
    ...hostWorkerBuild,
    ...quiet,
    outfile: path.join(out, path.basename(String(hostWorkerBuild.outfile))),
  });
  const from = path.join(ROOT, 'db', 'migrations');
  fs.mkdirSync(path.join(out, 'migrations'), { recursive: true });
  for (const f of fs.readdirSync(from).filter((f) => f.endsWith('.sql'))) {
    fs.copyFileSync(path.join(from, f), path.join(out, 'migrations', f));
  }
  return entry;
}

interface Child {
  proc: ChildProcess;
  url: Promise<string>;
  exited: Promise<void>;
}

/** Starts the real browser-mode server on the data folder, as its own process. */
function startServer(entry: string, dataDir: string, rendererDir: string): Child {
  const proc = spawn(process.execPath, [entry, '--data', dataDir], {
    cwd: ROOT,
    env: { ...process.env, KEHU_RENDERER_DIR: rendererDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = new Promise<string>((resolve, reject) => {
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /已启动：(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) resolve(m[1]);
    });
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (chunk: string) => (out += chunk));
    proc.once('exit', (code, signal) => reject(new Error(`服务器进程退出（${code ?? signal}）：${out.slice(-2000)}`)));
  });
  url.catch(() => undefined);
  return { proc, url, exited };
}

async function login(url: string): Promise<RemoteClient> {
  const client = connectRemote({ url: `${url.replace('http', 'ws')}/crm`, origin: url, reconnect: false });
  await client.ready;
  const r = (await client.invoke('auth.login', { login: 'sales1', password: 'secret1' })) as Result<unknown>;
  if (!r.ok) throw new Error(`auth.login: ${r.error.message}`);
  return client;
}

/** One writer's loop: create a customer, add a contact, add a follow-up record; again until stopped. */
async function writeLoop(
  client: RemoteClient,
  tag: string,
  ack: Acknowledged,
  counters: { inFlight: number; sent: number; answered: number },
  stopped: () => boolean,
  refused: string[],
): Promise<void> {
  const call = async <T>(name: string, input: unknown): Promise<T | null> => {
    counters.inFlight += 1;
    counters.sent += 1;
    try {
      const r = (await client.invoke(name, input)) as Result<T>;
      // 'offline': the connection dropped with the kill, the answer never came.
      if (!r.ok && r.error.code === 'offline') return null;
      counters.answered += 1;
      if (!r.ok) {
        refused.push(`${name}: ${r.error.code} ${r.error.message}`);
        return null;
      }
      return r.value;
    } finally {
      counters.inFlight -= 1;
    }
  };
  for (let n = 0; !stopped(); n++) {
    const name = `崩溃测试客户 ${tag}-${n}`;
    const created = await call<{ id: number }>('customers.create', {
      name,
      keyword: `K${tag}-${n}`,
      statusId: 1,
      ownerId: 2,
      createdOn: '2026-12-01',
      confirmDuplicates: true,
    });
    if (!created) return;
    ack.customers.set(name, created.id);
    const id = created.id;
    const contacts = await call<{ token: string }>('contacts.list', { customerId: id });
    if (!contacts) return;
    const contactName = `联系人${tag}-${n}`;
    const savedContact = await call('contacts.save', {
      customerId: id,
      token: contacts.token,
      created: [{ name: contactName }],
      updated: [],
      deleted: [],
    });
    if (!savedContact) return;
    ack.contacts.set(contactName, id);
    const records = await call<{ token: string }>('records.list', { customerId: id });
    if (!records) return;
    const content = `电话沟通${tag}-${n}`;
    const savedRecord = await call('records.save', {
      customerId: id,
      token: records.token,
      created: [{ content, at: '2026-12-01T02:00:00.000Z', method: '电话' }],
      updated: [],
      deleted: [],
    });
    if (!savedRecord) return;
    ack.records.set(content, id);
  }
}

function openReadOnly(dbFile: string): DB {
  return new Database(dbFile, { readonly: true, fileMustExist: true }) as unknown as DB;
}

/** Every acknowledged save is in the file; returns what is missing. */
export function findLost(db: DB, ack: Acknowledged): string[] {
  const lost: string[] = [];
  const customer = db.prepare<[string], { id: number }>(`SELECT id FROM customer WHERE name = ?`);
  for (const [name, id] of ack.customers) {
    if (customer.get(name)?.id !== id) lost.push(`客户 ${name} (#${id})`);
  }
  const contact = db.prepare<[string, number], { id: number }>(
    `SELECT id FROM contact WHERE name = ? AND customer_id = ?`,
  );
  for (const [name, id] of ack.contacts) if (!contact.get(name, id)) lost.push(`联系人 ${name} (客户 #${id})`);
  const record = db.prepare<[string, number], { id: number }>(
    `SELECT id FROM record WHERE kind = 'followup' AND content = ? AND customer_id = ?`,
  );
  for (const [content, id] of ack.records) if (!record.get(content, id)) lost.push(`维护记录 ${content} (客户 #${id})`);
  return lost;
}

/**
 * Nothing half-written: each customer, contact and follow-up record has its own 操作日志 line on
 * its customer, and there are exactly as many such lines as rows (no line without its row).
 */
export function findHalfWritten(db: DB): string[] {
  const problems: string[] = [];
  const q = (sql: string) => db.prepare<[], { id: number; name: string }>(sql).all();
  for (const r of q(
    `SELECT c.id, c.name FROM customer c WHERE NOT EXISTS (SELECT 1 FROM record l WHERE l.customer_id = c.id AND l.kind = 'log' AND l.content LIKE '创建客户：' || c.name || '（%')`,
  )) {
    problems.push(`客户 ${r.name} (#${r.id}) 没有“创建客户”操作日志`);
  }
  for (const r of q(
    `SELECT c.id, c.name FROM contact c WHERE NOT EXISTS (SELECT 1 FROM record l WHERE l.customer_id = c.customer_id AND l.kind = 'log' AND l.content = '新增联系人 ' || c.name)`,
  )) {
    problems.push(`联系人 ${r.name} (#${r.id}) 没有“新增联系人”操作日志`);
  }
  for (const r of q(
    `SELECT f.id, f.content AS name FROM record f WHERE f.kind = 'followup' AND NOT EXISTS (SELECT 1 FROM record l WHERE l.customer_id = f.customer_id AND l.kind = 'log' AND l.content LIKE '新增维护记录 %' || f.content)`,
  )) {
    problems.push(`维护记录 ${r.name} (#${r.id}) 没有“新增维护记录”操作日志`);
  }
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const pairs: [string, string, string][] = [
    [
      '客户',
      `SELECT count(*) FROM customer`,
      `SELECT count(*) FROM record WHERE kind = 'log' AND content LIKE '创建客户：%'`,
    ],
    [
      '联系人',
      `SELECT count(*) FROM contact`,
      `SELECT count(*) FROM record WHERE kind = 'log' AND content LIKE '新增联系人 %'`,
    ],
    [
      '维护记录',
      `SELECT count(*) FROM record WHERE kind = 'followup'`,
      `SELECT count(*) FROM record WHERE kind = 'log' AND content LIKE '新增维护记录 %'`,
    ],
  ];
  for (const [what, rows, logs] of pairs) {
    const [r, l] = [count(rows), count(logs)];
    if (r !== l) problems.push(`${what}：${r} 行，却有 ${l} 条新增的操作日志`);
  }
  return problems;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `kills` start → write → SIGKILL → check cycles on one data folder. */
export async function runCrashCycles(opts: CrashRunOptions): Promise<CrashStats> {
  const started = Date.now();
  const dataDir = path.join(opts.dir, 'data');
  const rendererDir = fakeRenderer(opts.dir);
  fs.mkdirSync(dataDir, { recursive: true });
  addOfficeStaff(dataDir);
  // Inside the project (dist/ is not committed), so the bundles find node_modules/better-sqlite3.
  fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  const bundleDir = fs.mkdtempSync(path.join(ROOT, 'dist', 'crash-server-'));
  try {
    return await runCycles(opts, await bundleServer(bundleDir), dataDir, rendererDir, started);
  } finally {
    fs.rmSync(bundleDir, { recursive: true, force: true });
  }
}

async function runCycles(
  opts: CrashRunOptions,
  entry: string,
  dataDir: string,
  rendererDir: string,
  started: number,
): Promise<CrashStats> {
  const random = seededRandom(opts.seed);
  const writers = opts.writers ?? 3;
  const maxDelay = opts.maxKillDelayMs ?? 400;
  const dbFile = path.join(dataDir, 'crm.db');

  const ack: Acknowledged = { customers: new Map(), contacts: new Map(), records: new Map() };
  const stats: CrashStats = {
    seed: opts.seed,
    kills: 0,
    killsDuringStartup: 0,
    killsMidWrite: 0,
    acknowledged: 0,
    unanswered: 0,
    lost: [],
    halfWritten: [],
    refused: [],
    integrity: '',
    chain: null,
    startupMs: { min: 0, median: 0, max: 0 },
    elapsedMs: 0,
  };
  const startups: number[] = [];

  for (let cycle = 0; cycle < opts.kills; cycle++) {
    const t0 = Date.now();
    const child = startServer(entry, dataDir, rendererDir);
    // One cycle in ten is killed while the server is still starting (opening, migrating the file).
    const killEarly = random() < 0.1;
    const delay = Math.floor(random() * maxDelay);
    const counters = { inFlight: 0, sent: 0, answered: 0 };
    const clients: RemoteClient[] = [];
    let stop = false;
    if (killEarly) {
      await Promise.race([child.url.catch(() => undefined), sleep(Math.floor(random() * 600))]);
      stats.killsDuringStartup += 1;
    } else {
      const url = await child.url;
      startups.push(Date.now() - t0);
      for (let w = 0; w < writers; w++) clients.push(await login(url));
      const loops = clients.map((c, w) =>
        writeLoop(c, `${cycle}.${w}`, ack, counters, () => stop, stats.refused).catch(() => undefined),
      );
      await sleep(delay);
      if (counters.inFlight > 0) stats.killsMidWrite += 1;
      void loops;
    }
    child.proc.kill('SIGKILL');
    await child.exited;
    stop = true;
    clients.forEach((c) => c.close());
    stats.kills += 1;
    stats.unanswered += counters.sent - counters.answered;

    const db = openReadOnly(dbFile);
    try {
      stats.lost.push(...findLost(db, ack).map((l) => `第 ${cycle + 1} 次：${l}`));
      stats.halfWritten.push(...findHalfWritten(db).map((l) => `第 ${cycle + 1} 次：${l}`));
      if (opts.chainEveryCycle) {
        const chain = verifyLogChain(db);
        if (!chain.ok) stats.halfWritten.push(`第 ${cycle + 1} 次：操作日志链 ${chain.reason}`);
      }
    } finally {
      db.close();
    }
    stats.acknowledged = ack.customers.size + ack.contacts.size + ack.records.size;
    opts.onCycle?.(cycle, stats);
    if (stats.lost.length > 0 || stats.halfWritten.length > 0) break;
    if (opts.timeLimitMs !== undefined && Date.now() - started > opts.timeLimitMs) break;
  }

  const db = openReadOnly(dbFile);
  try {
    stats.integrity = (db.prepare(`PRAGMA integrity_check`).pluck().all() as string[]).join('; ');
    stats.chain = verifyLogChain(db);
  } finally {
    db.close();
  }
  startups.sort((a, b) => a - b);
  if (startups.length > 0) {
    stats.startupMs = {
      min: startups[0],
      median: startups[Math.floor(startups.length / 2)],
      max: startups[startups.length - 1],
    };
  }
  stats.elapsedMs = Date.now() - started;
  return stats;
}
