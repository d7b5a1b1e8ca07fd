/**
 * Dispatch-then-notify, once for every transport: a window or socket (a Peer) calls; the hub
 * checks throttling and host methods, hands the call to the data host, keeps the peer's session,
 * and after each write pushes one change event (areas + customer ids) to every signed-in peer.
 * Electron IPC, the WebSocket server (LAN and browser mode) and their tests all go through here.
 */
import os from 'node:os';
import type { z } from 'zod';
import {
  areasOf,
  contract,
  type AppErrorShape,
  type ChangeEvent,
  type Events,
  type MethodName,
  type Result,
} from '../core/contract.js';
import { isHostMethod, validationError } from '../db/router.js';
import { forbiddenMessage } from '../core/contract/common.js';
import type { DataHost, HostConnection } from './host/host.js';
import type { ServerLog } from './log.js';
import { MemoryOfficeState, type Heard, type OfficeState } from './office-state.js';
import { waitText } from './throttle.js';

export interface Peer {
  readonly conn: HostConnection;
  /** The computer's network address ('本机' for this PC's own windows). */
  readonly address: string;
  loginAt: string | null;
  lastAt: string;
  push<E extends keyof Events>(event: E, payload: Events[E]): void;
  /** Ends the connection (an administrator disconnected it). */
  end(reason: string): void;
}

/** The answers to host methods (网络设置, 在线用户), given by the server that owns the hub. */
export type HostHandlers = {
  [N in MethodName as (typeof contract)[N] extends { host: true } ? N : never]: (
    peer: Peer,
    input: z.output<(typeof contract)[N]['input']>,
  ) => unknown;
};

export interface HubOptions {
  log?: ServerLog;
  /** Idle sessions are logged out after this long (default 12 h). */
  idleMs?: () => number;
  now?: () => number;
  /** Sessions, throttle and change events shared with the other servers (default: this process only). */
  state?: OfficeState;
}

/** How often a window's activity restarts its resume token's idle clock in the shared state. */
const TOUCH_MS = 60_000;
/** The event after which every window refetches what it shows (changes may have been missed). */
export const RESYNC_METHOD = 'server.resync';
/** Another server restored the database: every window signs in again. */
export const RESTORED_METHOD = 'server.restored';
/** 在线用户's session numbers: server number × this + the connection's number on its server. */
const PER_SERVER = 1_000_000_000;

const fail = (error: AppErrorShape): Result<unknown> => ({ ok: false, error });

export class Hub {
  readonly peers = new Set<Peer>();
  readonly state: OfficeState;
  private readonly touched = new Map<number, number>();
  private hostHandlers: Partial<HostHandlers> = {};
  private idleTimer: NodeJS.Timeout;
  /** A window signed in (or took its session back): the reminder timer rings what waited for them. */
  onSignIn: ((peer: Peer) => void) | null = null;

  constructor(
    public host: DataHost,
    private readonly opts: HubOptions = {},
  ) {
    this.state = opts.state ?? new MemoryOfficeState();
    this.state.subscribe((change) => this.remote(change));
    this.idleTimer = setInterval(() => this.expireIdle(), 60_000);
    this.idleTimer.unref();
  }

  private now = () => this.opts.now?.() ?? Date.now();
  private log = (text: string) => this.opts.log?.info(text);
  private warn = (text: string) => this.opts.log?.warn(text);

  setHostHandlers(handlers: Partial<HostHandlers>) {
    this.hostHandlers = handlers;
  }

  attach(peer: Peer) {
    this.peers.add(peer);
  }

  detach(peer: Peer) {
    if (!this.peers.delete(peer)) return;
    this.touched.delete(peer.conn.id);
    if (peer.conn.session) void this.quietly(() => this.state.absent(peer.conn.id), undefined);
    this.host.drop(peer.conn);
  }

  /**
   * A new connection (after a network blip, or to another server of the same database) takes
   * the session back — unless the window has been idle longer than the idle limit. The session is
   * then checked against the database as it is now (a disabled account does not come back).
   */
  async resumeSession(peer: Peer, token: string): Promise<boolean> {
    const saved = await this.quietly(() => this.state.take(token), null);
    if (!saved || this.now() - saved.at > (this.opts.idleMs?.() ?? 12 * 3600_000)) return false;
    peer.conn.session = saved.session;
    await this.host.call(peer.conn, 'auth.state', undefined);
    if (!peer.conn.session) return false;
    peer.loginAt = new Date(this.now()).toISOString();
    this.present(peer);
    this.onSignIn?.(peer);
    return true;
  }

  /** A token that lets this peer's window resume its session on a new connection (any server). */
  async issueResumeToken(peer: Peer): Promise<string | null> {
    const session = peer.conn.session;
    if (!session) return null;
    this.touched.set(peer.conn.id, this.now());
    return this.quietly(() => this.state.issue(peer.conn.id, session, this.now()), null);
  }

  /** The connection's session ended (logged out, disconnected, idle): its resume token goes too. */
  private forgetResume(connId: number) {
    this.touched.delete(connId);
    void this.quietly(() => this.state.forget(connId), undefined);
    void this.quietly(() => this.state.absent(connId), undefined);
  }

  /** 在线用户 on every server of the database lists this window. */
  private present(peer: Peer) {
    const user = peer.conn.session;
    if (!user) return;
    const who = {
      name: user.name,
      login: user.login,
      address: peer.address,
      loginAt: peer.loginAt ?? peer.lastAt,
      lastAt: peer.lastAt,
      server: os.hostname(),
    };
    void this.quietly(() => this.state.present(peer.conn.id, who), undefined);
  }

  /** Shared state that cannot be reached (the database is down) must not fail the call itself. */
  private async quietly<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (err) {
      this.warn(`共享会话状态不可用：${(err as Error)?.message ?? err}`);
      return fallback;
    }
  }

  async call(peer: Peer, name: unknown, input: unknown): Promise<Result<unknown>> {
    peer.lastAt = new Date(this.now()).toISOString();
    const touched = this.touched.get(peer.conn.id);
    if (touched !== undefined && this.now() - touched > TOUCH_MS && peer.conn.session) {
      this.touched.set(peer.conn.id, this.now());
      void this.quietly(() => this.state.touch(peer.conn.id, this.now()), undefined);
    }
    if (isHostMethod(name)) return this.callHost(peer, name as keyof HostHandlers, input);

    // Not String(): an account that is not text ({"toString":1}) would throw; the router refuses it.
    const given = name === 'auth.login' ? (input as { login?: unknown } | null)?.login : undefined;
    const login = name === 'auth.login' ? (typeof given === 'string' ? given : '').slice(0, 100) : null;
    if (login !== null) {
      const wait = await this.quietly(() => this.state.waitMs(login, peer.address, this.now()), 0);
      if (wait > 0) {
        this.warn(`登录被限制：账号 ${JSON.stringify(login)}，地址 ${peer.address}，还需等待 ${waitText(wait)}`);
        return fail({ code: 'throttled', message: `登录失败次数过多，请 ${waitText(wait)}后再试` });
      }
    }
    const before = peer.conn.session;
    const { result, customerIds, watchers } = await this.host.call(peer.conn, name, input);
    if (login !== null) {
      if (result.ok) {
        await this.quietly(() => this.state.succeeded(login, peer.address), undefined);
        peer.loginAt = new Date(this.now()).toISOString();
        this.log(`登录：${login}（${peer.address}）`);
      } else if (result.error.code === 'unauthenticated') {
        const count = await this.quietly(() => this.state.failed(login, peer.address, this.now()), 0);
        this.warn(`登录失败：账号 ${JSON.stringify(login)}，地址 ${peer.address}，连续第 ${count} 次`);
      }
    }
    if (name === 'auth.setup' && result.ok) peer.loginAt = new Date(this.now()).toISOString();
    if (!before && peer.conn.session) {
      this.present(peer);
      this.onSignIn?.(peer);
    }
    if (before && !peer.conn.session) {
      this.forgetResume(peer.conn.id);
      peer.loginAt = null;
    }
    if (result.ok && typeof name === 'string' && (contract[name as MethodName]?.write || customerIds.length)) {
      this.broadcast(name, customerIds, peer, watchers ?? null);
      if (areasOf(name, 0).includes('staff')) void this.recheckSessions(peer);
    }
    return result;
  }

  /**
   * Pushes one change event to the signed-in peers it concerns — administrators, the writer, and
   * the people who see the touched customers (`watchers`; null = everyone); the writer's own is
   * marked self.
   */
  broadcast(method: string, customerIds: number[], from?: Peer, watchers: number[] | null = null) {
    this.deliver(method, customerIds, from, watchers);
    if (areasOf(method, customerIds.length).length) this.state.publish({ method, customerIds, watchers });
  }

  /** A change made through another server of the same database (or a gap in what was heard). */
  private remote(change: Heard) {
    if (change === 'lost') return this.deliver(RESYNC_METHOD, []);
    if ('disconnect' in change) return void this.endSession(change.disconnect.connId, change.disconnect.reason);
    if (change.method === RESTORED_METHOD) return this.signOutAll('数据库已由管理员在另一台服务器上恢复，请重新登录。');
    this.deliver(change.method, change.customerIds, undefined, change.watchers);
    if (areasOf(change.method, 0).includes('staff')) void this.recheckSessions();
  }

  private deliver(method: string, customerIds: number[], from?: Peer, watchers: number[] | null = null) {
    const event: ChangeEvent = { method, areas: areasOf(method, customerIds.length), customerIds };
    if (event.areas.length === 0) return;
    for (const peer of this.peers) {
      const user = peer.conn.session;
      if (!user) continue;
      if (watchers && peer !== from && user.role !== 'admin' && !watchers.includes(user.id)) continue;
      peer.push('changed', peer === from ? { ...event, self: true } : event);
    }
  }

  private async callHost(peer: Peer, name: keyof HostHandlers, raw: unknown): Promise<Result<unknown>> {
    const method = contract[name];
    // The session as the database sees it now (disabled or demoted since: refused).
    const state = await this.host.call(peer.conn, 'auth.state', undefined);
    const user = state.result.ok ? peer.conn.session : null;
    if (!user) return fail({ code: 'unauthenticated', message: '请先登录' });
    if (method.role && user.role !== method.role)
      return fail({ code: 'forbidden', message: forbiddenMessage(method, raw) });
    const parsed = (method.input as z.ZodType).safeParse(raw);
    if (!parsed.success) return fail(validationError(parsed.error, method.labels));
    const handler = this.hostHandlers[name] as ((peer: Peer, input: unknown) => unknown) | undefined;
    if (!handler) return fail({ code: 'unknown_method', message: '此电脑上没有该功能' });
    try {
      const value = await handler(peer, parsed.data);
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      const shape = (err as { toShape?: () => AppErrorShape }).toShape?.();
      return fail(shape ?? { code: 'internal', message: `内部错误：${(err as Error)?.message ?? String(err)}` });
    }
  }

  /**
   * After a change of staff (停用, a new login, 重置密码): every other signed-in window whose
   * session the database no longer backs as it was is told at once, not at its next call.
   */
  async recheckSessions(except?: Peer) {
    for (const peer of this.peers) {
      const before = peer.conn.session;
      if (!before || peer === except) continue;
      await this.host.call(peer.conn, 'auth.state', undefined);
      const after = peer.conn.session;
      if (!after) {
        this.forgetResume(peer.conn.id);
        peer.loginAt = null;
        this.log(`会话已结束（账号已变更）：${before.login}（${peer.address}）`);
        peer.push('sessionEnded', { reason: '' });
      } else if (after.mustChangePassword && !before.mustChangePassword) {
        peer.push('sessionEnded', { reason: '' });
      }
    }
  }

  /** A session's number in 在线用户: unique across the servers of one database. */
  sessionId(connId: number): number {
    return this.state.serverNo * PER_SERVER + connId;
  }

  /** 在线用户: every signed-in window of this server and of the others on the same database. */
  async onlineEverywhere(self: Peer) {
    const idle = this.opts.idleMs?.() ?? 12 * 3600_000;
    const others = await this.quietly(() => this.state.others(this.now(), idle), []);
    return [
      ...this.online(self),
      // A window of another server: its address as that server sees it, and which server.
      ...others.map(({ serverNo, connId, server, ...who }) => ({
        ...who,
        address: `${who.address}（经服务器 ${server ?? serverNo}）`,
        id: serverNo * PER_SERVER + connId,
        self: false,
      })),
    ];
  }

  /** 断开: a session of this server ends here; one of another server is ended by that server. */
  async endAnySession(id: number, reason: string): Promise<boolean> {
    const serverNo = Math.floor(id / PER_SERVER);
    if (serverNo === this.state.serverNo) return this.endSession(id % PER_SERVER, reason);
    const idle = this.opts.idleMs?.() ?? 12 * 3600_000;
    const others = await this.quietly(() => this.state.others(this.now(), idle), []);
    const found = others.find((o) => o.serverNo === serverNo && o.connId === id % PER_SERVER);
    if (!found) return false;
    this.log(`断开另一台服务器的会话：${found.login}（${found.address}），原因：${reason}`);
    this.state.disconnect(serverNo, found.connId, reason);
    return true;
  }

  /** 在线用户 of this server: every signed-in peer. */
  online(self: Peer) {
    return [...this.peers]
      .filter((p) => p.conn.session)
      .map((p) => ({
        id: this.sessionId(p.conn.id),
        name: p.conn.session!.name,
        login: p.conn.session!.login,
        address: p.address,
        loginAt: p.loginAt ?? p.lastAt,
        lastAt: p.lastAt,
        self: p === self,
      }));
  }

  /** Ends a session: the peer is logged out and told why; its connection closes. */
  endSession(connId: number, reason: string): boolean {
    const peer = [...this.peers].find((p) => p.conn.id === connId);
    if (!peer) return false;
    this.log(`断开会话：${peer.conn.session?.login ?? '（未登录）'}（${peer.address}），原因：${reason}`);
    this.forgetResume(peer.conn.id);
    peer.conn.session = null;
    peer.push('sessionEnded', { reason });
    peer.end(reason);
    return true;
  }

  /**
   * The database was replaced (a restore): calls now go to the new data host, and every window is
   * signed out and told why (its screen and drafts stay; it logs in again).
   */
  switchHost(host: DataHost, reason: string) {
    this.host = host;
    this.signOutAll(reason);
    this.state.publish({ method: RESTORED_METHOD, customerIds: [], watchers: null });
    this.log(`数据库已切换：${reason}`);
  }

  private signOutAll(reason: string) {
    this.touched.clear();
    void this.quietly(() => this.state.forget('all'), undefined);
    for (const peer of this.peers) {
      if (!peer.conn.session) continue;
      peer.conn.session = null;
      peer.loginAt = null;
      peer.push('sessionEnded', { reason });
    }
  }

  expireIdle() {
    const idle = this.opts.idleMs?.() ?? 12 * 3600_000;
    const now = this.now();
    for (const peer of this.peers) {
      if (!peer.conn.session || now - Date.parse(peer.lastAt) < idle) continue;
      this.log(`空闲超时，已退出登录：${peer.conn.session.login}（${peer.address}）`);
      this.forgetResume(peer.conn.id);
      peer.conn.session = null;
      peer.loginAt = null;
      peer.push('sessionEnded', { reason: '长时间没有操作，已自动退出登录。' });
    }
  }

  async close() {
    clearInterval(this.idleTimer);
    await this.state.close();
  }
}
