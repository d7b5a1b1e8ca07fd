/**
 * Two office servers on one PostgreSQL database (issue 20 point 2): a change saved through one
 * reaches the windows of the other within a second, with the same event; a window whose server
 * goes away carries on on the other with its session; the login throttle counts on both; and
 * writes racing through both servers keep the 操作日志 chain, the counters, the duplicate check
 * and versioned saves correct.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Customer, Events, OnlineSession, Result } from '../core/contract.js';
import { createProtocolClient, type SocketLike } from '../core/protocol-client.js';
import { openPgDatabase } from '../db/engine/open-pg.js';
import { freshPgDatabase } from '../db/engine/pg-testing.js';
import { verifyLogChain } from '../db/oplog-chain.js';
import type { DB } from '../db/open.js';
import { customerEdit } from '../db/testing.js';
import { collect, ok, startTestOffice, until, type TestOffice } from './testing.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let database: { url: string; drop(): void };
let one: TestOffice;
let two: TestOffice;
beforeAll(async () => {
  database = freshPgDatabase();
  one = await startTestOffice({ pgUrl: database.url });
  two = await startTestOffice({ pgUrl: database.url, staff: false });
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  database?.drop();
});

const customer = (name: string, keyword: string, over: Record<string, unknown> = {}) => ({
  name,
  keyword,
  statusId: 1,
  ownerId: 2,
  createdOn: '2026-12-07',
  confirmDuplicates: true,
  ...over,
});

function withDb<T>(work: (db: DB) => T): T {
  const db = openPgDatabase(database.url, { readonly: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

describe('two office servers on one PostgreSQL database', () => {
  it('tells a PC on the other server what changed within a second, with the same event', async () => {
    const a = await one.client();
    const b = await two.client();
    await ok(a, 'auth.login', { login: 'sales1', password: 'secret1' });
    await ok(b, 'auth.login', { login: 'admin', password: 'secret1' });
    const seenByB = collect(b, 'changed');
    const seenByA = collect(a, 'changed');
    const started = Date.now();
    const { id } = await ok<{ id: number }>(a, 'customers.create', customer('北京小米科技有限责任公司', '小米'));
    await until(() => seenByB.length === 1 && seenByA.length === 1, 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seenByB[0]).toEqual({
      method: 'customers.create',
      areas: expect.arrayContaining(['customers', 'counts', 'records']),
      customerIds: [id],
    });
    expect(seenByA[0]).toMatchObject({ method: 'customers.create', self: true });
    // The other server reads what the first one wrote.
    const page = await ok<{ rows: { name: string }[] }>(b, 'customers.page', {});
    expect(page.rows.map((r) => r.name)).toContain('北京小米科技有限责任公司');

    // Who sees it: another salesperson on the second server hears nothing of 王芳's customer.
    const c = await two.client();
    await ok(c, 'auth.login', { login: 'sales2', password: 'secret1' });
    const seenByC = collect(c, 'changed');
    const { token } = await ok<{ token: string }>(a, 'contacts.list', { customerId: id });
    await ok(a, 'contacts.save', { customerId: id, token, created: [{ name: '雷军' }], updated: [], deleted: [] });
    await until(() => seenByB.length === 2, 1000);
    expect(seenByB[1]).toEqual({ method: 'contacts.save', areas: ['contacts', 'records'], customerIds: [id] });
    await new Promise((r) => setTimeout(r, 200));
    expect(seenByC).toEqual([]);
  });

  it('carries a long event (an import of many customers) whole to the other server', async () => {
    const a = await one.client();
    const b = await two.client();
    await ok(a, 'auth.login', { login: 'admin', password: 'secret1' });
    await ok(b, 'auth.login', { login: 'admin', password: 'secret1' });
    const seen = collect(b, 'changed');
    const ids = Array.from({ length: 3000 }, (_, i) => 1_000_000 + i);
    // The system's own writes (delegation expiry, import) go out through the same hub.
    one.server.hub.broadcast('import.commit', ids);
    await until(() => seen.length === 1, 2000);
    expect(seen[0].method).toBe('import.commit');
    expect(seen[0].customerIds).toEqual(ids);
  });

  it('keeps a window signed in when its server goes away and it reconnects to the other', async () => {
    const dir = await startTestOffice({ pgUrl: database.url, staff: false });
    const urls = [dir.server.url, two.server.url].map((u) => u.replace('http', 'ws').replace(/\/$/, '') + '/crm');
    const origins = [dir.server.url, two.server.url].map((u) => u.replace(/\/$/, ''));
    let opened = 0;
    // Like an office address that names both servers: the first connection goes to one, the next to the other.
    const client = createProtocolClient({
      open: () => {
        const i = Math.min(opened++, 1);
        return new WebSocket(urls[i], { origin: origins[i] }) as unknown as SocketLike;
      },
    });
    try {
      await client.ready;
      const ended: Events['sessionEnded'][] = [];
      client.on('sessionEnded', (e) => ended.push(e));
      const login = (await client.invoke('auth.login', { login: 'sales1', password: 'secret1' })) as Result<unknown>;
      expect(login.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 200)); // the resume token arrives after the answer
      await dir.close(); // the first server stops
      await until(() => opened === 2, 10_000);
      let state: Result<{ user: { login: string } | null }> | null = null;
      await until(() => {
        void (client.invoke('auth.state') as Promise<Result<{ user: { login: string } | null }>>).then(
          (r) => (state = r),
        );
        return state?.ok === true;
      }, 10_000);
      const answer = state as Result<{ user: { login: string } | null }> | null;
      expect(answer?.ok && answer.value.user?.login).toBe('sales1');
      expect(ended).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('lists the windows of both servers in 在线用户, and 断开 ends one on the other server', async () => {
    const a = await one.client();
    const b = await two.client();
    await ok(a, 'auth.login', { login: 'sales2', password: 'secret1' });
    await ok(b, 'auth.login', { login: 'admin', password: 'secret1' });
    const ended = collect(a, 'sessionEnded');
    const online = await ok<OnlineSession[]>(b, 'sessions.list');
    const onOne = (o: OnlineSession) => Math.floor(o.id / 1e9) === one.server.hub.state.serverNo;
    const lina = online.filter((o) => o.login === 'sales2' && onOne(o));
    expect(lina).toHaveLength(1);
    expect(lina[0]).toMatchObject({ name: '李娜', self: false });
    expect(online.filter((o) => o.self).map((o) => o.login)).toEqual(['admin']);
    await ok(b, 'sessions.disconnect', { id: lina[0].id });
    await until(() => ended.length === 1, 2000);
    expect(ended[0].reason).toBe('管理员已断开您的连接。');
    const after = await ok<OnlineSession[]>(b, 'sessions.list');
    expect(after.some((o) => o.id === lina[0].id)).toBe(false);
    // A session that is no longer anywhere: a clear answer.
    const again = (await b.invoke('sessions.disconnect', { id: lina[0].id })) as Result<unknown>;
    expect(again.ok || again.error.code).toBe('not_found');
  });

  it('counts wrong passwords on every server: the sixth try on the other server waits', async () => {
    const a = await one.client();
    const b = await two.client();
    for (let i = 0; i < 5; i++) {
      const r = (await a.invoke('auth.login', { login: 'sales2', password: 'wrong' })) as Result<unknown>;
      expect(r.ok || r.error.code).toBe('unauthenticated');
    }
    const r = (await b.invoke('auth.login', { login: 'sales2', password: 'secret1' })) as Result<unknown>;
    expect(r.ok || r.error.code).toBe('throttled');
    // The wait passes; a success clears the count for both servers.
    await new Promise((res) => setTimeout(res, 1100));
    await ok(b, 'auth.login', { login: 'sales2', password: 'secret1' });
    const again = (await a.invoke('auth.login', { login: 'sales2', password: 'wrong' })) as Result<unknown>;
    expect(again.ok || again.error.code).toBe('unauthenticated');
  });

  it('keeps the 操作日志 chain, the counters, the duplicate check and versions right with writers on both', async () => {
    // Four PCs on each server, as many calls in flight as a socket allows.
    const pcs = await Promise.all([one, two, one, two, one, two, one, two].map((o) => o.client()));
    await Promise.all(
      pcs.map((pc, i) => ok(pc, 'auth.login', { login: i % 4 ? 'admin' : 'sales1', password: 'secret1' })),
    );
    const [a, b] = pcs;

    // Forty creates, twenty through each server, all at once; then a contact on each.
    const creates = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ok<{ id: number }>(pcs[i % 8], 'customers.create', customer(`竞速客户${i}有限公司`, `竞速${i}`)),
      ),
    );
    const ids = creates.map((c) => c.id);
    expect(new Set(ids).size).toBe(40);
    await Promise.all(
      ids.map(async (id, i) => {
        const pc = pcs[(i + 1) % 8];
        const { token } = await ok<{ token: string }>(pc, 'contacts.list', { customerId: id });
        await ok(pc, 'contacts.save', {
          customerId: id,
          token,
          created: [{ name: `联系人${i}` }],
          updated: [],
          deleted: [],
        });
      }),
    );

    // The same new keyword through both servers at once: the second create hears of the first.
    const twins = await Promise.all(
      [a, b].map(
        (pc, i) =>
          pc.invoke('customers.create', customer(`同名公司${i}`, '双胞胎', { confirmDuplicates: false })) as Promise<
            Result<{ id: number }>
          >,
      ),
    );
    expect(twins.filter((r) => r.ok)).toHaveLength(1);
    expect(twins.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['duplicate']);

    // Two saves of one customer from the same version: one wins, the other is told it changed.
    const target = await ok<Customer>(a, 'customers.get', { id: ids[0] });
    const saves = await Promise.all(
      [a, b].map(
        (pc, i) =>
          pc.invoke('customers.update', customerEdit(target, { address: `地址${i}` })) as Promise<Result<unknown>>,
      ),
    );
    expect(saves.filter((r) => r.ok)).toHaveLength(1);
    expect(saves.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['conflict']);

    withDb((db) => {
      const chain = verifyLogChain(db);
      expect(chain).toMatchObject({ ok: true });
      const counted = db
        .prepare(
          `SELECT owner_id, status_id, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END AS deleted, count(*) AS n
           FROM customer GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        )
        .all();
      expect(
        db.prepare('SELECT owner_id, status_id, deleted, n FROM customer_count WHERE n <> 0 ORDER BY 1, 2, 3').all(),
      ).toEqual(counted);
    });
  });
});
