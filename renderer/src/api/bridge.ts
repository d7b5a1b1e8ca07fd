import type { Events, MethodName, Result } from '../../../core/contract';
import { createProtocolClient } from '../../../core/protocol-client';

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

/**
 * Browser mode and browsers on the office network: the same protocol as the desktop app's remote
 * client, over this page's own WebSocket (wss:// when the page came over https). Reconnects by
 * itself; the connection's state arrives as 'connection' events (the banner).
 */
export function createWebSocketBridge(
  url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/crm`,
): CrmBridge {
  return createProtocolClient({ open: () => new WebSocket(url) });
}

export function bridge(): CrmBridge {
  if (!window.crm) window.crm = createWebSocketBridge();
  return window.crm;
}
