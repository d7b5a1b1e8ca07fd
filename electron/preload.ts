/**
 * The preload: gives the page `window.crm` (invoke, on: the data) and `window.crmShell` (call: the
 * desktop shell's own few calls).
 *
 * Security: runs sandboxed with contextIsolation, bundled to CommonJS with no imports but
 * 'electron'. It never exposes ipcRenderer (nor the IpcRendererEvent, whose `sender` is
 * ipcRenderer) — the page can only call 'crm:invoke' / 'crm:shell' and listen to 'crm:event'.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Events, Input, MethodName, Output, Result } from '../core/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL, SHELL_CHANNEL } from './channels.js';

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

/** The desktop shell's own calls (first start, 网络设置 on a client PC): electron/shell.ts. */
export interface CrmShell {
  call(name: string, input?: unknown): Promise<Result<unknown>>;
}

const crmShell: CrmShell = { call: (name, input) => ipcRenderer.invoke(SHELL_CHANNEL, name, input) };

contextBridge.exposeInMainWorld('crm', crm);
contextBridge.exposeInMainWorld('crmShell', crmShell);
