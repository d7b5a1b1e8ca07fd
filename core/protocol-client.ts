/**
 * The client side of the protocol (core/protocol.ts), for any WebSocket — the browser page's
 * own, or the `ws` socket of the desktop app's remote client: hello and version check, calls and
 * answers, events, resuming the session after a blip, reconnecting with backoff. No 'node:'
 * imports: the renderer bundles it.
 */
import type { AppErrorShape, ConnectionState, Events, Result } from './contract.js';
import { APP_VERSION, CONTRACT_HASH, versionMismatch, type Hello } from './protocol.js';

/** What both the browser's WebSocket and ws's give us. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number): void;
  addEventListener(type: 'open' | 'close', listener: () => void): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (e: unknown) => void): void;
}

export interface ProtocolClientOptions {
  open(): SocketLike;
  /** Reconnect with backoff when the connection drops (default true). */
  reconnect?: boolean;
  hello?: Partial<Hello>;
  /** A socket error that must not be retried (e.g. a changed certificate): its message, else null. */
  fatal?(error: unknown): string | null;
}

export interface ProtocolClient {
  invoke(name: string, input?: unknown): Promise<Result<unknown>>;
  on<E extends keyof Events>(event: E, callback: (payload: Events[E]) => void): () => void;
  /** Resolves when the first hello was answered (or rejects with the refusal). */
  ready: Promise<void>;
  close(): void;
}

const OPEN = 1;
const offline = (message: string): Result<never> => ({ ok: false, error: { code: 'offline', message } });
export const OFFLINE_MESSAGE = '与服务器的连接已断开，正在重连…；这次操作没有完成，草稿仍保留';

export function createProtocolClient(opts: ProtocolClientOptions): ProtocolClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((cb) => cb(payload));
  const pending = new Map<number, (r: Result<unknown>) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let open = false;
  let closed = false;
  let everOpen = false;
  let refused: AppErrorShape | null = null;
  let resumeToken: string | undefined;
  let attempt = 0;
  let waiting: (() => void)[] = [];
  let readyResolve!: () => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    readyResolve = resolve;
    readyReject = reject;
  });
  ready.catch(() => undefined);

  const refuse = (message: string, error: AppErrorShape = { code: 'forbidden', message }) => {
    refused = error;
    readyReject(new Error(message));
    emit('connection', { state: 'refused', message } satisfies ConnectionState);
    waiting.forEach((w) => w());
    waiting = [];
  };

  function connect() {
    const s = opts.open();
    socket = s;
    s.addEventListener('open', () => {
      const hello: Hello = { app: APP_VERSION, contract: CONTRACT_HASH, ...opts.hello, resume: resumeToken };
      s.send(JSON.stringify({ hello }));
    });
    s.addEventListener('message', (e) => {
      let msg: {
        hello?: Hello & { error?: AppErrorShape; resumed?: boolean };
        id?: unknown;
        result?: Result<unknown>;
        event?: string;
        payload?: unknown;
        resume?: string;
      };
      try {
        msg = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (msg.hello) {
        if (msg.hello.error) return refuse(msg.hello.error.message, msg.hello.error);
        // The client refuses a server of another version too (one that did not check).
        const ours = { app: APP_VERSION, contract: CONTRACT_HASH, ...opts.hello };
        if (msg.hello.app !== ours.app || msg.hello.contract !== ours.contract) {
          const error = versionMismatch(
            { app: String(msg.hello.app), contract: String(msg.hello.contract) },
            { app: ours.app, contract: ours.contract },
          );
          s.close();
          return refuse(error.message, error);
        }
        open = true;
        attempt = 0;
        readyResolve();
        emit('connection', { state: 'open' } satisfies ConnectionState);
        if (everOpen && !msg.hello.resumed) emit('sessionEnded', { reason: '与服务器的连接已恢复。' });
        everOpen = true;
        waiting.forEach((w) => w());
        waiting = [];
      } else if (typeof msg.resume === 'string') resumeToken = msg.resume;
      else if (typeof msg.event === 'string') emit(msg.event, msg.payload);
      else if (typeof msg.id === 'number' && msg.result) {
        pending.get(msg.id)?.(msg.result);
        pending.delete(msg.id);
      }
    });
    s.addEventListener('error', (err) => {
      const message = opts.fatal?.(err);
      if (message) refuse(message);
    });
    s.addEventListener('close', () => {
      if (socket !== s) return;
      open = false;
      for (const resolve of pending.values()) resolve(offline(OFFLINE_MESSAGE));
      pending.clear();
      if (closed || refused) return;
      if (opts.reconnect === false) {
        if (!everOpen) refuse('无法连接服务器', { code: 'offline', message: '无法连接服务器' });
        else emit('connection', { state: 'refused', message: '与服务器的连接已断开' } satisfies ConnectionState);
        return;
      }
      const delay = Math.round(Math.min(10_000, 500 * 2 ** attempt) * (0.75 + Math.random() / 2));
      attempt++;
      emit('connection', { state: 'lost', retryInMs: delay } satisfies ConnectionState);
      setTimeout(() => !closed && connect(), delay);
    });
  }
  connect();

  return {
    ready,
    async invoke(name, input) {
      if (refused) return { ok: false, error: refused };
      if (!open) {
        if (everOpen || attempt > 0) return offline(OFFLINE_MESSAGE);
        await new Promise<void>((resolve) => waiting.push(resolve));
        if (refused) return { ok: false, error: refused };
      }
      if (!socket || socket.readyState !== OPEN) return offline(OFFLINE_MESSAGE);
      const id = nextId++;
      const s = socket;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        s.send(JSON.stringify({ id, name, input }));
      });
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(callback as (p: unknown) => void);
      return () => set.delete(callback as (p: unknown) => void);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
