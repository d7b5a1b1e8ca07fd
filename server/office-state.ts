/**
 * What the office servers share besides the data: the sessions a window may resume, the login
 * throttle, and the change events. One SQLite server keeps them in memory (MemoryOfficeState:
 * there is only ever one server on a crm.db). Several servers on one PostgreSQL database share
 * them in the database (PgOfficeState): a window that reconnects to another server keeps its
 * session, five wrong passwords count on every server, and a change saved through any server
 * reaches the windows of every other one through LISTEN/NOTIFY.
 *
 * The PostgreSQL tables are the servers' working state, not office data: UNLOGGED (not written to
 * the WAL, emptied by a crash — everyone signs in again), made by the first server that starts,
 * not in the numbered migrations, not copied by `migrate:pg`.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { SessionUser } from '../core/contract.js';
import { FREE_FAILURES, LoginThrottle } from './throttle.js';

/** A change another server (or this one) made: what the hub pushes to its windows. */
export interface RelayedChange {
  method: string;
  customerIds: number[];
  /** Who sees the touched customers; null = everyone. */
  watchers: number[] | null;
}

/** A signed-in window, as 在线用户 lists it. */
export interface Presence {
  name: string;
  login: string;
  address: string;
  loginAt: string;
  lastAt: string;
  /** The computer of the server the window is connected to. */
  server?: string;
}

/** A signed-in window of another server of the same database. */
export interface RemotePresence extends Presence {
  serverNo: number;
  connId: number;
}

/** An administrator on another server ended a session of this one. */
export interface RemoteDisconnect {
  disconnect: { serverNo: number; connId: number; reason: string };
}

export type Heard = RelayedChange | RemoteDisconnect | 'lost';

export interface SavedSession {
  session: SessionUser;
  /** The last time the window was active (ms). */
  at: number;
}

export interface OfficeState {
  /** Names this server among the others (its events are not delivered back to it). */
  readonly serverId: string;
  /** This server's number among the servers of the database (0: the only one). */
  readonly serverNo: number;
  /** Keeps `session` under a new token for the connection; the connection's older tokens go. */
  issue(connId: number, session: SessionUser, now: number): Promise<string>;
  /** The session behind a token, once (the token is used up). */
  take(token: string): Promise<SavedSession | null>;
  /** The connection was active: its token's idle clock starts again. */
  touch(connId: number, now: number): Promise<void>;
  /** The connection's tokens are no longer good (logged out, disconnected, idle, restore). */
  forget(connId: number | 'all'): Promise<void>;
  /** How long a login attempt must still wait (ms); 0 = may try now. */
  waitMs(login: string, address: string, now: number): Promise<number>;
  /** Counts a failure; returns the count (the worse of the account's and the address's). */
  failed(login: string, address: string, now: number): Promise<number>;
  succeeded(login: string, address: string): Promise<void>;
  /** A window signed in (or is still active): 在线用户 on every server lists it. */
  present(connId: number, who: Presence): Promise<void>;
  /** The window signed out or went away. */
  absent(connId: number): Promise<void>;
  /** The signed-in windows of the other servers (active within `idleMs`). */
  others(now: number, idleMs: number): Promise<RemotePresence[]>;
  /** Asks the server that holds a session to end it. */
  disconnect(serverNo: number, connId: number, reason: string): void;
  /** Tells the other servers of a change. */
  publish(change: RelayedChange): void;
  /** What the other servers tell (and `lost`: some may have been missed). */
  subscribe(listener: (heard: Heard) => void): void;
  close(): Promise<void>;
}

const tokenKey = (token: string) => createHash('sha256').update(token).digest('hex');

/** One server on a crm.db: all of it in this process. */
export class MemoryOfficeState implements OfficeState {
  readonly serverId = randomBytes(6).toString('hex');
  readonly serverNo = 0;
  private readonly tokens = new Map<string, SavedSession & { connId: number }>();
  private readonly throttle: LoginThrottle;
  private clock = 0;

  constructor() {
    this.throttle = new LoginThrottle(() => this.clock);
  }

  async issue(connId: number, session: SessionUser, now: number) {
    await this.forget(connId);
    const token = randomBytes(24).toString('hex');
    this.tokens.set(tokenKey(token), { session, connId, at: now });
    return token;
  }

  async take(token: string) {
    const key = tokenKey(token);
    const saved = this.tokens.get(key);
    this.tokens.delete(key);
    return saved ? { session: saved.session, at: saved.at } : null;
  }

  async touch(connId: number, now: number) {
    for (const saved of this.tokens.values()) if (saved.connId === connId) saved.at = now;
  }

  async forget(connId: number | 'all') {
    for (const [key, saved] of this.tokens) if (connId === 'all' || saved.connId === connId) this.tokens.delete(key);
  }

  async waitMs(login: string, address: string, now: number) {
    this.clock = now;
    return this.throttle.waitMs(login, address);
  }

  async failed(login: string, address: string, now: number) {
    this.clock = now;
    return this.throttle.failed(login, address);
  }

  async succeeded(login: string, address: string) {
    this.throttle.succeeded(login, address);
  }

  async present() {
    // One server: the hub lists its own windows.
  }

  async absent() {}

  async others() {
    return [];
  }

  disconnect() {
    // No other server holds a session.
  }

  publish() {
    // One server: the hub has already told its windows.
  }

  subscribe() {
    // No other server.
  }

  async close() {}
}

/** The channel every office server of one database listens on. */
export const CHANGES_CHANNEL = 'kehu_changes';
/** PostgreSQL's NOTIFY payload limit is 8000 bytes; longer events go in parts. */
const PART_BYTES = 7000;
const MAX_WAIT_MS = 15 * 60_000;
/** Each server says it is alive this often; 在线用户 leaves out the windows of a server silent for 3 beats. */
const HEARTBEAT_MS = 30_000;
const FORGET_MS = 24 * 3600_000;

const SCHEMA = `
CREATE UNLOGGED TABLE IF NOT EXISTS kehu_office_session (
  token_key text PRIMARY KEY,
  server_id text NOT NULL,
  conn_id bigint NOT NULL,
  session jsonb NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS kehu_office_session_conn ON kehu_office_session (server_id, conn_id);
CREATE UNLOGGED TABLE IF NOT EXISTS kehu_office_peer (
  server_no integer NOT NULL,
  conn_id bigint NOT NULL,
  who jsonb NOT NULL,
  last_at bigint NOT NULL,
  PRIMARY KEY (server_no, conn_id)
);
CREATE SEQUENCE IF NOT EXISTS kehu_office_server_no;
CREATE UNLOGGED TABLE IF NOT EXISTS kehu_office_alive (
  server_no integer PRIMARY KEY,
  at bigint NOT NULL
);
CREATE UNLOGGED TABLE IF NOT EXISTS kehu_login_failure (
  key text PRIMARY KEY,
  count integer NOT NULL,
  last bigint NOT NULL
);`;

/** What SCHEMA makes (the servers' own state: left out of backups, db/engine/pg-backup.ts). */
const STATE_OBJECTS = [
  'kehu_office_session',
  'kehu_office_session_conn',
  'kehu_office_peer',
  'kehu_office_server_no',
  'kehu_office_alive',
  'kehu_login_failure',
];

const throttleKeys = (login: string, address: string) => [`login:${login.trim().toLowerCase()}`, `addr:${address}`];

interface Part {
  s: string; // server
  e: number; // event number on that server
  i: number; // part
  n: number; // parts
  d: string; // JSON text of the part
}

/** Several servers on one PostgreSQL database: the state in (unlogged) tables, events by NOTIFY. */
export class PgOfficeState implements OfficeState {
  readonly serverId = randomBytes(6).toString('hex');
  serverNo = 0;
  private readonly pool: pg.Pool;
  private listener: pg.Client | null = null;
  private readonly listeners: Array<(heard: Heard) => void> = [];
  private readonly partial = new Map<string, string[]>();
  private events = 0;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Publishes go out in order, one after the other. */
  private sending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly url: string,
    private readonly warn: (text: string) => void,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 3 });
    this.pool.on('error', () => undefined); // an idle client's lost connection: the next query reconnects
  }

  /** Makes the tables (the first server to start) and starts listening. */
  static async open(url: string, warn: (text: string) => void = () => undefined): Promise<PgOfficeState> {
    const state = new PgOfficeState(url, warn);
    try {
      await state.inTransaction(async (c) => {
        // Two servers starting at once: one makes the tables, the other waits and finds them.
        await c.query('SELECT pg_advisory_xact_lock(5179021)');
        // Only when one is missing: CREATE … IF NOT EXISTS needs CREATE on the schema even when the
        // table is there, which an app role with DML grants only has not (README: owner and app roles).
        const made = await c.query<{ ok: boolean }>(
          `SELECT ${STATE_OBJECTS.map((o) => `to_regclass('${o}') IS NOT NULL`).join(' AND ')} AS ok`,
        );
        if (!made.rows[0].ok) await c.query(SCHEMA);
        const no = await c.query<{ n: string }>(`SELECT nextval('kehu_office_server_no') AS n`);
        state.serverNo = Number(no.rows[0].n);
      });
      await state.beat();
      state.heartbeat = setInterval(() => void state.beat().catch(() => undefined), HEARTBEAT_MS);
      state.heartbeat.unref();
      await state.listen();
    } catch (err) {
      await state.close();
      throw err;
    }
    return state;
  }

  /** One transaction on a pooled connection: committed when `work` returns, rolled back when it throws. */
  private async inTransaction(work: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await work(c);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  private async beat() {
    await this.pool.query(
      `INSERT INTO kehu_office_alive (server_no, at) VALUES ($1, $2) ON CONFLICT (server_no) DO UPDATE SET at = excluded.at`,
      [this.serverNo, Date.now()],
    );
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => n.channel === CHANGES_CHANNEL && n.payload && this.received(n.payload));
    const lost = () => {
      if (this.listener !== client || this.closed) return;
      this.listener = null;
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      this.warn('与其他服务器的变更通知中断，正在重新连接');
      for (const l of this.listeners) l('lost');
      this.retry = setTimeout(() => void this.reconnect(), 1000);
      this.retry.unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    this.listener = client;
  }

  private async reconnect() {
    if (this.closed) return;
    try {
      await this.listen();
      // Changes made while this server was not listening: every window refetches what it shows.
      for (const l of this.listeners) l('lost');
    } catch {
      this.retry = setTimeout(() => void this.reconnect(), 2000);
      this.retry.unref();
    }
  }

  private received(payload: string) {
    let part: Part;
    try {
      part = JSON.parse(payload) as Part;
    } catch {
      return;
    }
    if (!part || part.s === this.serverId || typeof part.d !== 'string') return;
    const key = `${part.s}:${part.e}`;
    let text = part.d;
    if (part.n > 1) {
      const parts = this.partial.get(key) ?? [];
      parts[part.i] = part.d;
      this.partial.set(key, parts);
      if (parts.filter((p) => p !== undefined).length < part.n) {
        if (this.partial.size > 1000) this.partial.clear(); // parts of a server that died mid-event
        return;
      }
      this.partial.delete(key);
      text = parts.join('');
    }
    let heard: RelayedChange | RemoteDisconnect;
    try {
      heard = JSON.parse(text) as RelayedChange | RemoteDisconnect;
    } catch {
      return;
    }
    if ('disconnect' in heard) {
      if (heard.disconnect?.serverNo !== this.serverNo) return;
    } else if (typeof heard?.method !== 'string' || !Array.isArray(heard.customerIds)) return;
    for (const l of this.listeners) l(heard);
  }

  disconnect(serverNo: number, connId: number, reason: string) {
    this.send({ disconnect: { serverNo, connId, reason } });
  }

  publish(change: RelayedChange) {
    this.send(change);
  }

  private send(message: RelayedChange | RemoteDisconnect) {
    const text = JSON.stringify(message);
    const e = ++this.events;
    const n = Math.max(1, Math.ceil(text.length / PART_BYTES));
    const payloads: string[] = [];
    for (let i = 0; i < n; i++) {
      payloads.push(JSON.stringify({ s: this.serverId, e, i, n, d: text.slice(i * PART_BYTES, (i + 1) * PART_BYTES) }));
    }
    this.sending = this.sending
      .then(() =>
        // One statement: the parts arrive together and in order.
        this.pool.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, o) ORDER BY o`, [
          CHANGES_CHANNEL,
          payloads,
        ]),
      )
      .catch((err: unknown) => this.warn(`无法通知其他服务器：${(err as Error)?.message ?? err}`));
  }

  subscribe(listener: (heard: Heard) => void) {
    this.listeners.push(listener);
  }

  async present(connId: number, who: Presence) {
    await this.pool.query(
      `INSERT INTO kehu_office_peer (server_no, conn_id, who, last_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (server_no, conn_id) DO UPDATE SET who = excluded.who, last_at = excluded.last_at`,
      [this.serverNo, connId, JSON.stringify(who), Date.parse(who.lastAt)],
    );
  }

  async absent(connId: number) {
    await this.pool.query('DELETE FROM kehu_office_peer WHERE server_no = $1 AND conn_id = $2', [
      this.serverNo,
      connId,
    ]);
  }

  async others(now: number, idleMs: number) {
    const r = await this.pool.query<{ server_no: number; conn_id: string; who: Presence }>(
      `SELECT server_no, conn_id, who FROM kehu_office_peer
       WHERE server_no <> $1 AND last_at > $2
         AND server_no IN (SELECT server_no FROM kehu_office_alive WHERE at > $3)
       ORDER BY 1, 2`,
      [this.serverNo, now - idleMs, now - 3 * HEARTBEAT_MS],
    );
    return r.rows.map((row) => ({ ...row.who, serverNo: row.server_no, connId: Number(row.conn_id) }));
  }

  async issue(connId: number, session: SessionUser, now: number) {
    const token = randomBytes(24).toString('hex');
    await this.inTransaction(async (c) => {
      await c.query('DELETE FROM kehu_office_session WHERE server_id = $1 AND conn_id = $2', [this.serverId, connId]);
      await c.query(
        'INSERT INTO kehu_office_session (token_key, server_id, conn_id, session, at) VALUES ($1, $2, $3, $4, $5)',
        [tokenKey(token), this.serverId, connId, JSON.stringify(session), now],
      );
      // Tokens nobody came back for within a week.
      await c.query('DELETE FROM kehu_office_session WHERE at < $1', [now - FORGET_MS * 7]);
    });
    return token;
  }

  async take(token: string) {
    const r = await this.pool.query<{ session: SessionUser; at: string }>(
      'DELETE FROM kehu_office_session WHERE token_key = $1 RETURNING session, at',
      [tokenKey(token)],
    );
    const row = r.rows[0];
    return row ? { session: row.session, at: Number(row.at) } : null;
  }

  async touch(connId: number, now: number) {
    await this.pool.query('UPDATE kehu_office_session SET at = $3 WHERE server_id = $1 AND conn_id = $2', [
      this.serverId,
      connId,
      now,
    ]);
    await this.pool.query(
      `UPDATE kehu_office_peer SET last_at = $3, who = jsonb_set(who, '{lastAt}', to_jsonb($4::text))
       WHERE server_no = $1 AND conn_id = $2`,
      [this.serverNo, connId, now, new Date(now).toISOString()],
    );
  }

  async forget(connId: number | 'all') {
    if (connId === 'all') await this.pool.query('DELETE FROM kehu_office_session');
    else
      await this.pool.query('DELETE FROM kehu_office_session WHERE server_id = $1 AND conn_id = $2', [
        this.serverId,
        connId,
      ]);
  }

  async waitMs(login: string, address: string, now: number) {
    const r = await this.pool.query<{ count: number; last: string }>(
      'SELECT count, last FROM kehu_login_failure WHERE key = ANY($1::text[]) AND last > $2',
      [throttleKeys(login, address), now - FORGET_MS],
    );
    let wait = 0;
    for (const f of r.rows) {
      if (f.count < FREE_FAILURES) continue;
      const delay = Math.min(MAX_WAIT_MS, 1000 * 2 ** (f.count - FREE_FAILURES));
      wait = Math.max(wait, Number(f.last) + delay - now);
    }
    return Math.max(0, wait);
  }

  async failed(login: string, address: string, now: number) {
    const r = await this.pool.query<{ count: number }>(
      `INSERT INTO kehu_login_failure (key, count, last)
       SELECT k, 1, $2 FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE
         SET count = CASE WHEN kehu_login_failure.last < $3 THEN 1 ELSE kehu_login_failure.count + 1 END,
             last = excluded.last
       RETURNING count`,
      [throttleKeys(login, address), now, now - FORGET_MS],
    );
    if (Math.random() < 0.01)
      await this.pool.query('DELETE FROM kehu_login_failure WHERE last < $1', [now - FORGET_MS]);
    return Math.max(...r.rows.map((row) => row.count));
  }

  async succeeded(login: string, address: string) {
    await this.pool.query('DELETE FROM kehu_login_failure WHERE key = ANY($1::text[])', [throttleKeys(login, address)]);
  }

  async close() {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    // This server's windows are no longer online anywhere.
    await this.pool.query('DELETE FROM kehu_office_peer WHERE server_no = $1', [this.serverNo]).catch(() => undefined);
    await this.pool.query('DELETE FROM kehu_office_alive WHERE server_no = $1', [this.serverNo]).catch(() => undefined);
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
    await this.sending;
    await this.pool.end().catch(() => undefined);
  }
}
