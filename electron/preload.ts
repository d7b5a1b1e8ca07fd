/**
 * The preload: gives the page exactly one object, `window.crm`, with two functions.
 *
 * Security: runs sandboxed with contextIsolation, bundled to CommonJS with no imports but
 * 'electron'. It never exposes ipcRenderer (nor the IpcRendererEvent, whose `sender` is
 * ipcRenderer) — the page can only call 'crm:invoke' and listen to 'crm:event'.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Events, Input, MethodName, Output, Result } from '../db/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.js';

/** What the page sees as `window.crm` (the browser-mode host provides the same shape). */
export interface CrmBridge {
  invoke<N extends MethodName>(name: N, input?: Input<N>): Promise<Result<Output<N>>>;
  /** Listens to a main-side event; returns a function that stops listening. */
  on<E extends keyof Events>(event: E, callback: (payload: Events[E]) => void): () => void;
}

const crm: CrmBridge = {
  invoke: (name, input) => ipcRenderer.invoke(INVOKE_CHANNEL, name, input),
  on(event, callback) {
    const listener = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) callback(payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('crm', crm);
