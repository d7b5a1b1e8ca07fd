import type { Events, MethodName, Result } from '../../../db/contract';

/** What both transports give the renderer: Electron's preload, or the WebSocket below. */
export interface CrmBridge {
  invoke(name: MethodName, input: unknown): Promise<Result<unknown>>;
  on<E extends keyof Events>(event: E, callback: (payload: Events[E]) => void): () => void;
}

declare global {
  interface Window {
    crm?: CrmBridge;
  }
}

/** Browser mode: the same calls over a WebSocket to scripts/web.ts on 127.0.0.1. */
export function createWebSocketBridge(url = `ws://${location.host}/crm`): CrmBridge {
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ws = new WebSocket(url);
  const open = new Promise<void>((resolve) => ws.addEventListener('open', () => resolve()));
  let closed = false;
  ws.addEventListener('message', (e) => {
    const msg = JSON.parse(String(e.data));
    if (msg.event) listeners.get(msg.event)?.forEach((cb) => cb(msg.payload));
    else pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  });
  ws.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'internal', message: '与数据服务的连接已断开，请刷新页面' } });
    }
    pending.clear();
    listeners.get('disconnected')?.forEach((cb) => cb({}));
  });
  return {
    async invoke(name, input) {
      await open;
      if (closed) return { ok: false, error: { code: 'internal', message: '与数据服务的连接已断开，请刷新页面' } };
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, name, input }));
      });
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(callback as (p: unknown) => void);
      return () => set.delete(callback as (p: unknown) => void);
    },
  };
}

export function bridge(): CrmBridge {
  if (!window.crm) window.crm = createWebSocketBridge();
  return window.crm;
}
