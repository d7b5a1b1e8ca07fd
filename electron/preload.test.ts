import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { CrmBridge } from './preload.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const listeners = new Map<string, Set<Listener>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'reply' })),
      on: vi.fn((channel: string, l: Listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      }),
      removeListener: vi.fn((channel: string, l: Listener) => listeners.get(channel)?.delete(l)),
    },
    /** What the main process's webContents.send('crm:event', …) would deliver. */
    emit(channel: string, ...args: unknown[]) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'the ipcRenderer itself' }, ...args);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: fake.ipcRenderer,
}));

describe('preload', () => {
  let crm: CrmBridge;
  beforeAll(async () => {
    await import('./preload.js');
    crm = fake.exposed.get('crm') as CrmBridge;
  });

  it('exposes exactly window.crm (invoke, on) and window.crmShell (call) — never ipcRenderer', async () => {
    expect([...fake.exposed.keys()]).toEqual(['crm', 'crmShell']);
    const shell = fake.exposed.get('crmShell') as { call(name: string, input?: unknown): Promise<unknown> };
    expect(Object.keys(shell)).toEqual(['call']);
    await shell.call('probe', { address: 'office-pc' });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('crm:shell', 'probe', { address: 'office-pc' });
    expect(Object.keys(crm).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(crm).every((v) => typeof v === 'function')).toBe(true);
  });

  it('invoke calls crm:invoke with the method name and input', async () => {
    await expect(crm.invoke('customers.get', { id: 7 })).resolves.toEqual({ ok: true, value: 'reply' });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('crm:invoke', 'customers.get', { id: 7 });
  });

  it('on passes only the payload of the named event, and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = crm.on('changed', (payload) => seen.push(payload));
    fake.emit('crm:event', 'changed', { method: 'customers.create' });
    fake.emit('crm:event', 'somethingElse', { x: 1 });
    expect(seen).toEqual([{ method: 'customers.create' }]);

    off();
    fake.emit('crm:event', 'changed', { method: 'customers.update' });
    expect(seen).toHaveLength(1);
    expect(fake.listeners.get('crm:event')?.size).toBe(0);
  });
});

describe('preload bundle', () => {
  it('is CommonJS that requires nothing but electron, and runs in a sandbox-like context', async () => {
    const { build } = await import('esbuild');
    const { preloadBuild } = await import('../scripts/build-electron.js');
    const result = await build({ ...preloadBuild, outfile: 'preload.cjs', write: false, sourcemap: false });
    const code = result.outputFiles[0].text;

    const vm = await import('node:vm');
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const electron = {
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => (exposed[k] = v) },
      ipcRenderer: { invoke: () => Promise.resolve(null), on() {}, removeListener() {} },
    };
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
      return electron;
    };
    vm.runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['crm', 'crmShell']);
  });
});
