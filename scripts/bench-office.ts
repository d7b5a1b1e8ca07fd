/**
 * Load test of office mode: `npm run bench:office [-- --clients 30 --customers 100000 --seconds 60]`.
 *
 * 1. Data: `<data>/crm.db` (default /tmp/kehu-bench-office-<customers>), seeded through
 *    scripts/seed.ts when it does not hold that many seeded customers, and reused when it does;
 *    salespeople sales1…sales<clients> (sales123) are added when missing.
 * 2. Server: `npm run server` as a child process (node --import tsx scripts/server.ts --data …
 *    --port … --host 127.0.0.1 --quiet), TLS on 127.0.0.1, so its CPU time and peak memory
 *    (/proc/<pid>/stat, VmHWM) are the server's alone — the writer and reader worker threads are
 *    threads of that process, and the simulated clients are not in it.
 * 3. Clients: one remote client per salesperson plus one administrator, over real WebSockets with
 *    the fingerprint from probeServer, each working as scripts/bench-office-mix.ts describes;
 *    the administrator runs one export of all customers a third of the way in.
 *    With `--pg <url> [--servers N]`: the office on PostgreSQL (seeded by `npm run seed -- --pg`),
 *    N server processes on that one database, the clients spread over them in turn.
 * 4. Report: per method count, p50 / p95 / max (ms, as the client sees it), errors; server CPU,
 *    peak memory; then, with the server stopped, every acknowledged write is looked up in the
 *    database (read-only) → "lost writes: N".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SessionUser } from '../core/contract.js';
import { openPgDatabase, redactUrl } from '../db/engine/open-pg.js';
import { openDatabase, type DB } from '../db/open.js';
import { connectRemote, probeServer, type RemoteClient } from '../server/remote-client.js';
import { runPerson, signIn, Stats, type Acked, type PersonOutcome } from './bench-office-mix.js';
import { ADMIN_PASSWORD, SALES_PASSWORD, createRng, ensureStaff, seedDatabase } from './seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Customers the bench itself creates carry this 来源, so a reused folder is recognised. */
const BENCH_SOURCE = '压测';
/** Calls a person waits on while working; the rest (login, export) are reported apart. */
const NOT_INTERACTIVE = new Set(['auth.login', 'export.start', 'export.progress']);

function options() {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '30' },
      customers: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '60' },
      think: { type: 'string', default: '1000' },
      data: { type: 'string' },
      /** The office on PostgreSQL (seeded by npm run seed -- --pg), and how many servers serve it. */
      pg: { type: 'string' },
      servers: { type: 'string', default: '1' },
      /** Leave out the administrator's export (to see what it costs the others). */
      'no-export': { type: 'boolean', default: false },
      /** Receive change events but refetch nothing (to see what the refetches cost). */
      'no-refetch': { type: 'boolean', default: false },
    },
  });
  const num = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} 应为不小于 ${min} 的整数：${v}`);
    return n;
  };
  const customers = num('customers', values.customers, 1);
  return {
    clients: num('clients', values.clients, 1),
    customers,
    seconds: num('seconds', values.seconds, 1),
    thinkMs: num('think', values.think, 0),
    exportRun: !values['no-export'],
    refetch: !values['no-refetch'],
    data: path.resolve(values.data ?? path.join(os.tmpdir(), `kehu-bench-office-${customers}`)),
    pg: values.pg ?? null,
    servers: num('servers', values.servers, 1),
  };
}

const seeded = (db: DB) =>
  db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM customer WHERE source <> ?').get(BENCH_SOURCE)!.n;

/** Seeds or reuses the folder (or checks the PostgreSQL office); makes sure there are `clients` salespeople. */
function prepareData(dir: string, customers: number, clients: number, pgUrl: string | null) {
  const file = path.join(dir, 'crm.db');
  if (pgUrl) {
    const db = openPgDatabase(pgUrl);
    const n = seeded(db);
    // Give or take the few customers `npm run bench -- --pg` saves into the same database.
    if (n < customers || n > customers * 1.001) {
      db.close();
      throw new Error(
        `${redactUrl(pgUrl)} holds ${n} seeded customers, not ${customers}: npm run seed -- --pg <url> --customers ${customers}`,
      );
    }
    console.log(`using ${redactUrl(pgUrl)} (${customers.toLocaleString()} seeded customers)`);
    return withStaff(db, file, clients);
  }
  let db = fs.existsSync(file) ? openDatabase(file) : null;
  if (db && seeded(db) !== customers) {
    const n = seeded(db);
    db.close();
    db = null;
    if (!path.basename(dir).startsWith('kehu-bench-office-'))
      throw new Error(`${file} holds ${n} customers, not ${customers}: give an empty or matching --data folder`);
    console.log(`${file} holds ${n.toLocaleString()} seeded customers, not ${customers.toLocaleString()}: reseeding`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
  if (!db) {
    fs.mkdirSync(dir, { recursive: true });
    db = openDatabase(file);
    console.log(
      `seeding ${customers.toLocaleString()} customers and ${Math.max(8, clients)} salespeople into ${file} …`,
    );
    const r = seedDatabase(db, { customers, sales: Math.max(8, clients) });
    console.log(`  seeded in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  } else console.log(`using ${file} (${customers.toLocaleString()} seeded customers)`);
  return withStaff(db, file, clients);
}

function withStaff(db: DB, file: string, clients: number) {
  try {
    const before = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM staff WHERE role = 'sales'`).get()!.n;
    const staff = ensureStaff(db, clients, createRng(1));
    const owners = db
      .prepare<[], { owner_id: number }>(`SELECT DISTINCT owner_id FROM customer WHERE source <> '${BENCH_SOURCE}'`)
      .all()
      .map((r) => r.owner_id);
    const idle = staff.salesIds.filter((id) => !owners.includes(id)).length;
    const added =
      db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM staff WHERE role = 'sales'`).get()!.n - before;
    if (added) console.log(`  added ${added} salespeople`);
    if (idle) console.log(`  note: ${idle} of the ${clients} salespeople own no seeded customers`);
    return { file, adminLogin: staff.adminLogin, salesLogins: staff.salesLogins };
  } finally {
    db.close();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** `npm run server` without npm and tsx's own wrapper process, so the pid is the server's. */
async function startServerProcess(
  dataDir: string,
  pgUrl: string | null,
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const renderer = path.join(os.tmpdir(), 'kehu-bench-renderer');
  fs.mkdirSync(renderer, { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>bench</title>');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/server.ts',
      '--data',
      dataDir,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--quiet',
      ...(pgUrl ? ['--pg', pgUrl] : []),
    ],
    { cwd: ROOT, env: { ...process.env, KEHU_RENDERER_DIR: renderer }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[server] ${d}`));
  const end = Date.now() + 60_000;
  while (!output.includes('证书指纹')) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${output}`);
    if (Date.now() > end) throw new Error(`the server did not start within 60 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: `https://127.0.0.1:${port}/` };
}

/** CPU seconds (user + system, all threads) and memory of a process, from /proc. */
function procUsage(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function printTable(stats: Stats) {
  const rows = [...stats.times.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const lines = [
    '| method | count | p50 ms | p95 ms | max ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const misses: string[] = [];
  for (const [method, times] of rows) {
    const sorted = [...times].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const interactive = !NOT_INTERACTIVE.has(method);
    if (interactive && p95 >= 100) misses.push(`${method} p95 ${p95.toFixed(0)} ms`);
    lines.push(
      `| ${method}${interactive ? '' : ' †'} | ${times.length} | ${percentile(sorted, 50).toFixed(1)} | ${p95.toFixed(1)} | ${sorted[sorted.length - 1].toFixed(1)} | ${stats.errors.get(method) ?? 0} |`,
    );
  }
  console.log(lines.join('\n'));
  console.log('† not interactive: sign-in (scrypt, once per session) and the background export');
  return misses;
}

/** Every acknowledged write, looked up in the database after the server stopped. */
function lostWrites(file: string, pgUrl: string | null, acked: Acked): string[] {
  const db = pgUrl ? openPgDatabase(pgUrl, { readonly: true }) : openDatabase(file);
  try {
    const lost: string[] = [];
    const customer = db.prepare<[number], { name: string }>('SELECT name FROM customer WHERE id = ?');
    const contact = db.prepare<[number], { name: string; customer_id: number }>(
      'SELECT name, customer_id FROM contact WHERE id = ?',
    );
    const record = db.prepare<[number], { content: string; customer_id: number }>(
      'SELECT content, customer_id FROM record WHERE id = ?',
    );
    for (const c of acked.customers) if (customer.get(c.id)?.name !== c.name) lost.push(`customer ${c.id} ${c.name}`);
    for (const c of acked.contacts) {
      const row = contact.get(c.id);
      if (row?.name !== c.name || row.customer_id !== c.customerId) lost.push(`contact ${c.id} ${c.name}`);
    }
    for (const r of acked.records) {
      const row = record.get(r.id);
      if (row?.content !== r.content || row.customer_id !== r.customerId) lost.push(`record ${r.id}`);
    }
    return lost;
  } finally {
    db.close();
  }
}

async function main() {
  const opt = options();
  const data = prepareData(opt.data, opt.customers, opt.clients, opt.pg);
  // One server on a crm.db; on PostgreSQL as many as asked, each with its own folder (certificate, log).
  const servers = await Promise.all(
    Array.from({ length: opt.pg ? opt.servers : 1 }, (_, i) =>
      startServerProcess(i === 0 ? opt.data : `${opt.data}-server${i + 1}`, opt.pg),
    ),
  );
  const pids = servers.map((s) => s.child.pid!);
  const procUsageAll = () => {
    const all = pids.map(procUsage);
    return {
      cpuSeconds: all.reduce((a, u) => a + u.cpuSeconds, 0),
      rssMb: all.reduce((a, u) => a + u.rssMb, 0),
      hwmMb: all.reduce((a, u) => a + u.hwmMb, 0),
    };
  };
  const stats = new Stats();
  const acked: Acked = { customers: [], contacts: [], records: [] };
  const clients: RemoteClient[] = [];
  try {
    const trusts = await Promise.all(servers.map((s) => probeServer(s.url)));
    servers.forEach((s, i) => console.log(`server pid ${pids[i]} at ${s.url}, fingerprint ${trusts[i].fingerprint}`));
    const people = [
      { login: data.adminLogin, password: ADMIN_PASSWORD },
      ...data.salesLogins.slice(0, opt.clients).map((login) => ({ login, password: SALES_PASSWORD })),
    ];
    for (let i = 0; i < people.length; i++) {
      // The clients spread over the servers in turn.
      const k = i % servers.length;
      const c = connectRemote({ url: servers[k].url, trust: trusts[k], reconnect: false });
      clients.push(c);
      await c.ready;
    }
    // Everyone signs in first, four at a time (scrypt at 2^17 is ~0.3 s and 128 MiB per sign-in,
    // on the server's thread pool), as an office arriving in the morning; then the clock starts.
    const t0 = performance.now();
    const users: (SessionUser | null)[] = [];
    for (let i = 0; i < people.length; i += 4) {
      const batch = people.slice(i, i + 4);
      users.push(...(await Promise.all(batch.map((p, k) => signIn(clients[i + k], stats, p.login, p.password)))));
    }
    console.log(
      `${users.filter(Boolean).length} of ${people.length} signed in in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const runTag = Date.now().toString(36);
    const startAt = Date.now();
    const endAt = startAt + opt.seconds * 1000;
    const loadBefore = os.loadavg()[0];
    const before = procUsageAll();
    const benchCpuBefore = process.cpuUsage();
    let peakRss = before.rssMb;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, procUsageAll().rssMb)), 250);
    console.log(
      `running ${opt.clients} salespeople + 1 administrator for ${opt.seconds} s (think time ~${opt.thinkMs} ms) …`,
    );
    const outcomes: PersonOutcome[] = await Promise.all(
      people.map(async (p, i) => {
        const user = users[i];
        if (!user) return { events: 0, export: null };
        // Start a little apart, as people do.
        await new Promise((r) => setTimeout(r, (i * opt.thinkMs) / people.length));
        return runPerson({
          client: clients[i],
          user,
          index: i,
          runTag,
          thinkMs: opt.thinkMs,
          refetch: opt.refetch,
          endAt,
          exportAt: i === 0 && opt.exportRun ? startAt + (opt.seconds * 1000) / 3 : null,
          stats,
          acked,
        });
      }),
    );
    clearInterval(sampler);
    const after = procUsageAll();
    const loadAfter = os.loadavg()[0];
    const wall = (Date.now() - startAt) / 1000;
    const benchCpu = process.cpuUsage(benchCpuBefore);

    console.log();
    const misses = printTable(stats);
    const calls = [...stats.times.values()].reduce((s, t) => s + t.length, 0);
    const errors = [...stats.errors.values()].reduce((s, n) => s + n, 0);
    const serverCpu = after.cpuSeconds - before.cpuSeconds;
    console.log();
    console.log(
      `calls: ${calls} in ${wall.toFixed(1)} s (${(calls / wall).toFixed(0)}/s), of which ${stats.refetches} ` +
        `refetches after change events; errors: ${errors}`,
    );
    if (stats.samples.length) console.log(`first errors:\n  ${stats.samples.join('\n  ')}`);
    console.log(
      `change events received: ` +
        `${outcomes.reduce((s, o) => s + o.events, 0)} (${outcomes.map((o) => o.events).join(' ')})`,
    );
    const ex = outcomes[0].export;
    console.log(
      ex
        ? `export of all customers: ${ex.state}, ${ex.rows.toLocaleString()} rows in ${(ex.ms / 1000).toFixed(1)} s`
        : 'export: not run',
    );
    console.log(
      `server process${pids.length > 1 ? `es (${pids.length}: pids ${pids.join(', ')}` : ` (pid ${pids[0]}`}, writer + reader threads, no clients): CPU ${serverCpu.toFixed(1)} s in ` +
        `${wall.toFixed(1)} s = ${((100 * serverCpu) / wall).toFixed(0)}% of one core; ` +
        `RSS peak ${peakRss.toFixed(0)} MB sampled, VmHWM ${after.hwmMb.toFixed(0)} MB`,
    );
    console.log(
      `bench process (the ${people.length} clients): CPU ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s; ` +
        `RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
    );
    console.log(
      `acknowledged writes: ${acked.customers.length} customers, ${acked.contacts.length} contacts, ` +
        `${acked.records.length} 维护记录`,
    );
    console.log(
      `machine: ${os.cpus().length} cores, load average (1 min) ${loadBefore.toFixed(1)} before, ` +
        `${loadAfter.toFixed(1)} after — other programs on this machine compete for the same cores`,
    );
    if (misses.length) console.log(`p95 target (< 100 ms) missed: ${misses.join(', ')}`);
  } finally {
    clients.forEach((c) => c.close());
    await Promise.all(
      servers.map(async ({ child }) => {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        if (child.exitCode === null) child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }),
    );
  }
  const lost = lostWrites(data.file, opt.pg, acked);
  console.log(`lost writes: ${lost.length}${lost.length ? ` (${lost.slice(0, 10).join('; ')})` : ''}`);
  process.exitCode = lost.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
