/**
 * Office mode over real sockets: the LAN server on 127.0.0.1 with TLS, the remote client the
 * desktop app uses, change events between two PCs, trust, versions, throttling, idle sessions,
 * 在线用户.
 */
import https from 'node:https';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { OfficeStatus, OnlineSession } from '../core/contract.js';
import { connectRemote, probeServer } from './remote-client.js';
import { collect, ok, startTestOffice, until, type TestOffice } from './testing.js';

vi.setConfig({ testTimeout: 30_000 });

let office: TestOffice;
beforeEach(async () => {
  office = await startTestOffice();
});
afterEach(async () => {
  await office.close();
});

const customer = (name: string, keyword: string, ownerId = 2) => ({
  name,
  keyword,
  statusId: 1,
  ownerId,
  createdOn: '2026-11-26',
  confirmDuplicates: true,
});

describe('two PCs on one server', () => {
  it('works over TLS, and tells the other PC what changed within a second', async () => {
    const a = await office.client();
    const b = await office.client();
    await ok(a, 'auth.login', { login: 'sales1', password: 'secret1' });
    await ok(b, 'auth.login', { login: 'admin', password: 'secret1' });
    const seenByB = collect(b, 'changed');
    const seenByA = collect(a, 'changed');
    const { id } = await ok<{ id: number }>(a, 'customers.create', customer('深圳市中兴通讯股份有限公司', '中兴'));
    await until(() => seenByB.length === 1 && seenByA.length === 1, 1000);
    expect(seenByB[0]).toEqual({
      method: 'customers.create',
      areas: expect.arrayContaining(['customers', 'counts', 'records']),
      customerIds: [id],
    });
    expect(seenByA[0]).toMatchObject({ method: 'customers.create', self: true });
    const page = await ok<{ rows: { name: string }[] }>(b, 'customers.page', {});
    expect(page.rows.map((r) => r.name)).toEqual(['深圳市中兴通讯股份有限公司']);

    // A contact save names its customer and its area, and does not claim the counts changed.
    const { token } = await ok<{ token: string }>(a, 'contacts.list', { customerId: id });
    await ok(a, 'contacts.save', { customerId: id, token, created: [{ name: '张伟' }], updated: [], deleted: [] });
    await until(() => seenByB.length === 2);
    expect(seenByB[1].areas).toEqual(['contacts', 'records']);
    expect(seenByB[1].customerIds).toEqual([id]);
  });

  it('tells only those who see the customer: not a stranger, not another salesperson; none for reads', async () => {
    const a = await office.client();
    const stranger = await office.client();
    const colleague = await office.client();
    const admin = await office.client();
    const seen = collect(stranger, 'changed');
    await ok(a, 'auth.login', { login: 'sales1', password: 'secret1' });
    await ok(colleague, 'auth.login', { login: 'sales2', password: 'secret1' });
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    const seenByA = collect(a, 'changed');
    const seenByColleague = collect(colleague, 'changed');
    const seenByAdmin = collect(admin, 'changed');
    const { id } = await ok<{ id: number }>(a, 'customers.create', customer('上海华为技术有限公司', '华为'));
    await ok(a, 'customers.page', {});
    await until(() => seenByA.length === 1 && seenByAdmin.length === 1);
    // Once delegated to the colleague (everyone hears of a delegation), its follow-ups reach them too.
    await ok(a, 'delegations.grant', { customerIds: [id], toId: 3 });
    await until(() => seenByColleague.length === 1);
    const { token } = await ok<{ token: string }>(a, 'records.list', { customerId: id });
    await ok(a, 'records.save', {
      customerId: id,
      token,
      created: [{ content: '电话沟通', at: '2026-11-26T02:00:00.000Z', method: '电话' }],
      updated: [],
      deleted: [],
    });
    await until(() => seenByColleague.length === 2);
    expect(seenByColleague.map((e) => e.method)).toEqual(['delegations.grant', 'records.save']);
    expect(seen).toEqual([]);
    expect(seenByA.map((e) => e.method)).toEqual(['customers.create', 'delegations.grant', 'records.save']);
  });
});

describe('trust and versions', () => {
  it('shows the fingerprint the host shows, and refuses a server whose certificate changed', async () => {
    const identity = await probeServer(office.lanUrl);
    expect(identity.fingerprint).toBe(office.server.status().fingerprint);
    expect(identity.fingerprint).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
    const impostor = { ...identity, fingerprint: identity.fingerprint.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) };
    const client = connectRemote({ url: office.lanUrl, trust: impostor, reconnect: false });
    const refused = collect(client, 'connection');
    await expect(client.ready).rejects.toThrow(/证书指纹与上次确认的不一致/);
    expect(refused.at(-1)).toMatchObject({ state: 'refused' });
    const r = await client.invoke('auth.state');
    expect(r.ok).toBe(false);
    client.close();
  });

  it('refuses to connect without a confirmed fingerprint', () => {
    expect(() => connectRemote({ url: office.lanUrl, reconnect: false })).toThrow(/确认服务器的证书指纹/);
  });

  it('refuses another version of the app with one message naming both versions', async () => {
    const trust = await probeServer(office.lanUrl);
    const old = connectRemote({ url: office.lanUrl, trust, reconnect: false, hello: { app: '0.0.9' } });
    await expect(old.ready).rejects.toThrow('版本不一致：本程序为 0.0.9，服务器为 0.1.0');
    old.close();
  });
});

describe('a server of another version', () => {
  it('is refused by the client too, with both versions named', async () => {
    const { WebSocketServer } = await import('ws');
    const fake = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    fake.on('connection', (ws) =>
      ws.on('message', () =>
        ws.send(JSON.stringify({ hello: { app: '9.9.9', contract: 'ffffffff', resumed: false } })),
      ),
    );
    await new Promise((r) => fake.once('listening', r));
    const port = (fake.address() as { port: number }).port;
    const client = connectRemote({ url: `ws://127.0.0.1:${port}/crm`, reconnect: false });
    await expect(client.ready).rejects.toThrow('版本不一致：本程序为 0.1.0，服务器为 9.9.9');
    client.close();
    fake.close();
  });
});

describe('sign-in', () => {
  it('slows down guessing: after 5 failures the account and the address must wait, and it is logged', async () => {
    const c = await office.client();
    for (let i = 0; i < 5; i++) {
      const r = await c.invoke('auth.login', { login: 'admin', password: `wrong${i}` });
      expect(r.ok || r.error.code).toBe('unauthenticated');
    }
    const sixth = await c.invoke('auth.login', { login: 'admin', password: 'secret1' });
    expect(sixth.ok || sixth.error).toMatchObject({
      code: 'throttled',
      message: expect.stringMatching(/登录失败次数过多，请 \d+ 秒后再试/),
    });
    // The same address, another account: also waits (per address).
    const other = await c.invoke('auth.login', { login: 'sales1', password: 'secret1' });
    expect(other.ok || other.error.code).toBe('throttled');
    expect(office.server.log.tail(20).join('\n')).toMatch(/登录被限制：账号 "admin"/);
    // After the wait, the right password works and clears the count.
    await new Promise((r) => setTimeout(r, 1100));
    await ok(c, 'auth.login', { login: 'admin', password: 'secret1' });
  });

  it('logs an idle session out and tells its window', async () => {
    const c = await office.client();
    await ok(c, 'auth.login', { login: 'sales1', password: 'secret1' });
    const ended = collect(c, 'sessionEnded');
    const peer = [...office.server.hub.peers].find((p) => p.conn.session?.login === 'sales1')!;
    peer.lastAt = new Date(Date.now() - 13 * 3600_000).toISOString();
    office.server.hub.expireIdle();
    await until(() => ended.length === 1);
    expect(ended[0].reason).toMatch(/长时间没有操作/);
    const r = await c.invoke('customers.page', {});
    expect(r.ok || r.error.code).toBe('unauthenticated');
  });
});

describe('在线用户 and 网络设置', () => {
  it('lists who is connected, lets the administrator disconnect a session, and refuses salespeople', async () => {
    const admin = await office.client();
    const sales = await office.client();
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    await ok(sales, 'auth.login', { login: 'sales1', password: 'secret1' });
    const list = await ok<OnlineSession[]>(admin, 'sessions.list');
    expect(list.map((s) => [s.name, s.address, s.self])).toEqual(
      expect.arrayContaining([
        ['张经理', '本机', true],
        ['王芳', '本机', false],
      ]),
    );
    const refused = await sales.invoke('sessions.list');
    expect(refused.ok || refused.error).toMatchObject({ code: 'forbidden' });
    const ended = collect(sales, 'sessionEnded');
    const target = list.find((s) => s.login === 'sales1')!;
    await ok(admin, 'sessions.disconnect', { id: target.id });
    await until(() => ended.length === 1);
    expect(ended[0].reason).toBe('管理员已断开您的连接。');
    const bad = await admin.invoke('sessions.disconnect', { id: 'x' });
    expect(bad.ok || bad.error).toMatchObject({ code: 'bad_input', message: expect.stringContaining('会话') });
  });

  it('shows the addresses and fingerprint, and turns the LAN server off and on again', async () => {
    const admin = await office.localClient();
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    const status = await ok<OfficeStatus>(admin, 'office.status');
    expect(status).toMatchObject({ enabled: true, listening: true, mode: 'host' });
    expect(status.addresses).toContain(`https://127.0.0.1:${status.port}/`);
    const off = await ok<OfficeStatus>(admin, 'office.configure', { enabled: false, port: status.port });
    expect(off).toMatchObject({ enabled: false, listening: false, mode: 'local' });
    await expect(probeServer(office.lanUrl)).rejects.toThrow(/无法连接/);
    const bad = await admin.invoke('office.configure', { enabled: true, port: 80 });
    expect(bad.ok || bad.error.message).toBe('端口：端口应在 1024–65535 之间');
  });
});

describe('the network face', () => {
  const raw = (opts: { host?: string; origin?: string } = {}) =>
    new Promise<number>((resolve) => {
      const url = new URL(office.lanUrl);
      const ws = new WebSocket(`wss://127.0.0.1:${url.port}/crm`, {
        rejectUnauthorized: false,
        headers: opts.host ? { host: opts.host } : {},
        origin: opts.origin,
      });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });

  it('accepts only its own host names and origins (DNS rebinding)', async () => {
    const port = new URL(office.lanUrl).port;
    expect(await raw()).toBe(101);
    expect(await raw({ origin: `https://127.0.0.1:${port}` })).toBe(101);
    expect(await raw({ host: `attacker.example:${port}`, origin: `https://attacker.example:${port}` })).toBe(403);
    expect(await raw({ origin: `https://attacker.example:${port}` })).toBe(403);
    const status = await new Promise<number>((resolve) =>
      https
        .get(office.lanUrl, { rejectUnauthorized: false, headers: { host: `attacker.example:${port}` } }, (res) =>
          resolve(res.statusCode ?? 0),
        )
        .on('error', () => resolve(-1)),
    );
    expect(status).toBe(403);
  });
});
