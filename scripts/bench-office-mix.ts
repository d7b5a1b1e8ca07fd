/**
 * One simulated person at an office PC, for scripts/bench-office.ts: signs in over the remote
 * client and works with think time — scrolls and searches the customer grid, looks at the 客户状态
 * tree, opens customers (their tabs), checks names for duplicates, saves a contact or a 维护记录
 * every few seconds, creates a customer now and then; the administrator also runs one export.
 * Like the renderer (renderer/src/api/live.ts), it refetches what it shows when a change event
 * overlaps it. Every call is timed; every acknowledged write is kept for the lost-writes check.
 */
import type { Area, ChangeEvent, CustomerRow, ExportProgress, Page, Result, SessionUser } from '../core/contract.js';
import type { RemoteClient } from '../server/remote-client.js';
import { companyName, createRng, isoDay, type Rng } from './seed.js';

/** Latencies (ms) and errors per method, shared by all simulated people. */
export class Stats {
  readonly times = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  readonly samples: string[] = [];
  /** Calls made because a change event overlapped what a window shows. */
  refetches = 0;

  add(method: string, ms: number, error: string | null) {
    const list = this.times.get(method) ?? [];
    list.push(ms);
    this.times.set(method, list);
    if (error) {
      this.errors.set(method, (this.errors.get(method) ?? 0) + 1);
      if (this.samples.length < 20) this.samples.push(`${method}: ${error}`);
    }
  }
}

/** Writes the server acknowledged; checked against the database after the run. */
export interface Acked {
  customers: { id: number; name: string }[];
  contacts: { id: number; customerId: number; name: string }[];
  records: { id: number; customerId: number; content: string }[];
}

export interface PersonPlan {
  client: RemoteClient;
  /** Signed in already (signIn below). */
  user: SessionUser;
  /** Index used in names and as the random seed. */
  index: number;
  /** A tag unique to this run, put into every name the bench writes. */
  runTag: string;
  /** Refetch what the window shows on change events, as the renderer does (false: only count them). */
  refetch: boolean;
  /** Mean think time between two actions. */
  thinkMs: number;
  endAt: number;
  /** Administrator: when to start the export (epoch ms); null = no export. */
  exportAt: number | null;
  stats: Stats;
  acked: Acked;
}

export interface PersonOutcome {
  events: number;
  export: { ms: number; rows: number; state: string } | null;
}

const TABS = [
  ['contacts', 'contacts.list'],
  ['records', 'records.list'],
  ['quotes', 'quotes.list'],
  ['purchases', 'purchases.list'],
  ['delegations', 'delegations.list'],
] as const satisfies readonly (readonly [Area, string])[];

/** Calls and times one method; the value, or null on an error (counted). */
async function timed<T>(client: RemoteClient, stats: Stats, name: string, input?: unknown): Promise<T | null> {
  const t0 = performance.now();
  const r = (await client.invoke(name, input)) as Result<T>;
  stats.add(name, performance.now() - t0, r.ok ? null : `${r.error.code} ${r.error.message}`);
  return r.ok ? r.value : null;
}

export const signIn = (client: RemoteClient, stats: Stats, login: string, password: string) =>
  timed<SessionUser>(client, stats, 'auth.login', { login, password });

const SEARCHES = ['深圳', '科技', '北京', '贸易', '电子', '有限公司', '上海', '杭州'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runPerson(plan: PersonPlan): Promise<PersonOutcome> {
  const { client, stats, acked } = plan;
  const rng: Rng = createRng(7919 * (plan.index + 1));
  let events = 0;
  let exportOutcome: PersonOutcome['export'] = null;
  let n = 0;

  const call = <T>(name: string, input?: unknown) => timed<T>(client, stats, name, input);
  const user = plan.user;

  // What this window shows.
  const grid = { search: '', offset: 0, total: 0, rows: [] as CustomerRow[] };
  let open: { id: number; tokens: Partial<Record<Area, string>> } | null = null;

  async function loadBlock(withTotal: boolean) {
    const page = await call<Page<CustomerRow>>('customers.page', {
      search: grid.search,
      offset: grid.offset,
      limit: 100,
      withTotal,
    });
    if (!page) return;
    if (page.total !== null) grid.total = page.total;
    if (page.rows.length) grid.rows = page.rows;
  }

  async function loadTab(area: Area, method: string, customerId: number) {
    const list = await call<{ token?: string }>(method, { customerId });
    if (list?.token && open?.id === customerId) open.tokens[area] = list.token;
  }

  // The renderer's one invalidation path: refetch what an event overlaps.
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    stats.refetches++;
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  client.on('changed', (e: ChangeEvent) => {
    events++;
    if (!plan.refetch || Date.now() > plan.endAt) return;
    if (e.areas.includes('customers') || e.areas.includes('counts')) track(loadBlock(grid.offset === 0));
    if (e.areas.includes('counts') || e.areas.includes('statuses')) track(call('statuses.tree'));
    const shown = open;
    if (shown && (e.customerIds.length === 0 || e.customerIds.includes(shown.id))) {
      for (const [area, method] of TABS) {
        // A save's own answer already holds the fresh list of its tab.
        const own = e.self && ((e.method === 'contacts.save' && area === 'contacts') || e.method === `${area}.save`);
        if (e.areas.includes(area) && !own) track(loadTab(area, method, shown.id));
      }
    }
  });

  const actions = {
    async scroll() {
      const search =
        rng.next() < 0.25
          ? rng.pick(grid.rows.length && rng.next() < 0.6 ? [rng.pick(grid.rows).keyword] : SEARCHES)
          : '';
      if (search !== grid.search) {
        grid.search = search;
        grid.offset = 0;
        return loadBlock(true);
      }
      // Mostly near the top, sometimes far down the list.
      const blocks = Math.max(1, Math.ceil(grid.total / 100));
      grid.offset = 100 * (rng.next() < 0.7 ? rng.int(0, Math.min(blocks - 1, 20)) : rng.int(0, blocks - 1));
      return loadBlock(grid.offset === 0 || rng.next() < 0.2);
    },
    async tree() {
      await call('statuses.tree');
    },
    async openCustomer() {
      if (!grid.rows.length) return;
      const id = rng.pick(grid.rows).id;
      open = { id, tokens: {} };
      await Promise.all([call('customers.get', { id }), ...TABS.map(([area, method]) => loadTab(area, method, id))]);
    },
    async checkDuplicates() {
      const c = companyName(rng);
      await call('customers.checkDuplicates', { name: c.name, keyword: c.keyword });
    },
    async save() {
      if (!open) return;
      const customerId = open.id;
      const tag = `${plan.runTag}-${plan.index}-${++n}`;
      if (rng.next() < 0.5 && open.tokens.contacts) {
        const name = `压测联系人${tag}`;
        const saved = await call<{ rows: { id: number; name: string }[]; token: string }>('contacts.save', {
          customerId,
          token: open.tokens.contacts,
          created: [{ name, mobile: `138${String(rng.int(0, 99999999)).padStart(8, '0')}`, title: '采购经理' }],
        });
        const row = saved?.rows.find((r) => r.name === name);
        if (row) acked.contacts.push({ id: row.id, customerId, name });
        if (saved && open?.id === customerId) open.tokens.contacts = saved.token;
      } else if (open.tokens.records) {
        const content = `压测跟进 ${tag}：电话沟通报价，客户要求下周再联系`;
        const saved = await call<{ rows: { id: number; content: string }[]; token: string }>('records.save', {
          customerId,
          token: open.tokens.records,
          created: [{ at: new Date().toISOString(), method: '电话', content }],
        });
        const row = saved?.rows.find((r) => r.content === content);
        if (row) acked.records.push({ id: row.id, customerId, content });
        if (saved && open?.id === customerId) open.tokens.records = saved.token;
      }
    },
    async create() {
      const c = companyName(rng);
      const name = `${c.name}（压测${plan.runTag}-${plan.index}-${++n}）`;
      await call('customers.checkDuplicates', { name, keyword: c.keyword });
      const created = await call<{ id: number }>('customers.create', {
        name,
        keyword: c.keyword,
        statusId: 1,
        ownerId: user.id,
        createdOn: isoDay(Date.now()),
        source: '压测',
        region: c.city,
        confirmDuplicates: true,
      });
      if (created) acked.customers.push({ id: created.id, name });
    },
  };

  async function runExport() {
    const t0 = performance.now();
    const started = await call<{ jobId: string }>('export.start', { grid: 'customers', query: {} });
    if (!started) return;
    let p: ExportProgress | null = null;
    while (Date.now() < plan.endAt + 120_000) {
      await sleep(500);
      p = await call<ExportProgress>('export.progress', { jobId: started.jobId });
      if (!p || !['choosing', 'running'].includes(p.state)) break;
    }
    exportOutcome = { ms: performance.now() - t0, rows: p?.done ?? 0, state: p?.state ?? 'unknown' };
  }

  const isAdmin = user.role === 'admin';
  // The first screen: the tree and the first block with its total.
  await Promise.all([call('statuses.tree'), loadBlock(true)]);
  let nextSave = Date.now() + rng.int(2000, 6000);
  let nextCreate = Date.now() + rng.int(5000, 90_000);
  let exporting: Promise<void> | null = null;
  while (Date.now() < plan.endAt) {
    await sleep(plan.thinkMs * (0.3 + 1.4 * rng.next()));
    if (Date.now() >= plan.endAt) break;
    if (plan.exportAt !== null && !exporting && Date.now() >= plan.exportAt) exporting = runExport();
    if (!isAdmin && Date.now() >= nextSave) {
      nextSave = Date.now() + rng.int(3000, 6000);
      await actions.save();
    } else if (!isAdmin && Date.now() >= nextCreate) {
      nextCreate = Date.now() + rng.int(60_000, 120_000);
      await actions.create();
    } else {
      const action = rng.weighted([
        [actions.scroll, 40],
        [actions.openCustomer, 35],
        [actions.tree, 10],
        [actions.checkDuplicates, 15],
      ] as const);
      await action();
    }
  }
  await exporting;
  await Promise.all(pending);
  return { events, export: exportOutcome };
}
