import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 30_000 });
import type { Result } from '../core/contract.js';
import { addOfficeStaff, fakeRenderer } from '../server/testing.js';
import { startLocalData, type DesktopData } from './desktop.js';
import {
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  SHELL_CHANNEL,
  isRendererUrl,
  isTrustedSender,
  registerIpc,
  type FrameLike,
  type InvokeEventLike,
  type IpcMainLike,
} from './ipc.js';

const rendererUrl = pathToFileURL('/opt/kehu/resources/app.asar/dist/renderer/index.html').href;

/** A fake webContents: records what it was sent, and can be destroyed. */
class FakeContents {
  sent: unknown[][] = [];
  destroyed = false;
  private onDestroyed: Array<() => void> = [];
  readonly mainFrame: FrameLike = { url: rendererUrl, parent: null };
  constructor(readonly id: number) {}
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  once(_event: 'destroyed', listener: () => void) {
    this.onDestroyed.push(listener);
    return this;
  }
  destroy() {
    this.destroyed = true;
    for (const l of this.onDestroyed.splice(0)) l();
  }
}

class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, listener);
  }
  /** Calls 'crm:invoke' as `sender` would, from `frame` (its main frame unless given). */
  invoke(sender: FakeContents, name: string, input?: unknown, frame: FrameLike | null = sender.mainFrame) {
    const handler = this.handlers.get(INVOKE_CHANNEL)!;
    return handler({ sender, senderFrame: frame }, name, input) as Promise<Result<unknown>>;
  }
  shell(sender: FakeContents, name: string, input?: unknown) {
    const handler = this.handlers.get(SHELL_CHANNEL)!;
    return handler({ sender, senderFrame: sender.mainFrame }, name, input) as Promise<Result<unknown>>;
  }
}

describe('isTrustedSender', () => {
  const top = (url: string): FrameLike => ({ url, parent: null });

  it('accepts the top frame of our renderer page, with or without a hash or query', () => {
    expect(isTrustedSender(top(rendererUrl), rendererUrl)).toBe(true);
    expect(isTrustedSender(top(`${rendererUrl}#/customers`), rendererUrl)).toBe(true);
    expect(isTrustedSender(top(`${rendererUrl}?lang=en`), rendererUrl)).toBe(true);
  });

  it('refuses a missing frame', () => {
    expect(isTrustedSender(null, rendererUrl)).toBe(false);
    expect(isTrustedSender(undefined, rendererUrl)).toBe(false);
  });

  it('refuses foreign pages', () => {
    for (const url of [
      'https://evil.example/index.html',
      'http://127.0.0.1:5173/index.html',
      pathToFileURL('/tmp/downloads/index.html').href,
      pathToFileURL('/opt/kehu/resources/app.asar/dist/renderer/other.html').href,
      'data:text/html,<script>crm.invoke()</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isTrustedSender(top(url), rendererUrl), url).toBe(false);
    }
  });

  it('refuses an iframe, even one showing our page', () => {
    const parent = top(rendererUrl);
    expect(isTrustedSender({ url: rendererUrl, parent }, rendererUrl)).toBe(false);
  });

  it('compares file paths after decoding (folders with spaces or Chinese names)', () => {
    const url = pathToFileURL('/Users/王 明/Kehu CRM/dist/renderer/index.html').href;
    expect(isRendererUrl(url, url)).toBe(true);
    expect(isRendererUrl(url.replace('%E7%8E%8B', '王'), url)).toBe(true);
  });
});

describe('registerIpc', () => {
  let dir: string;
  let data: DesktopData;
  let ipc: FakeIpcMain;
  let win1: FakeContents;
  let win2: FakeContents;
  let win3: FakeContents;
  let open: FakeContents[];
  let links: ReturnType<typeof registerIpc>;
  let shellCalls: unknown[][];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-ipc-'));
    data = await startLocalData({
      userData: dir,
      rendererDir: fakeRenderer(dir),
      chooseTarget: async () => null,
    });
    addOfficeStaff(dir);
    ipc = new FakeIpcMain();
    win1 = new FakeContents(1);
    win2 = new FakeContents(2);
    win3 = new FakeContents(3);
    open = [win1, win2, win3];
    shellCalls = [];
    links = registerIpc(ipc, () => data, {
      rendererUrl,
      windows: () => open,
      shell: {
        ping: async (input, senderId) => {
          shellCalls.push([input, senderId]);
          return 'pong';
        },
      },
    });
  });

  afterEach(async () => {
    await data.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const login = (win: FakeContents) => ipc.invoke(win, 'auth.login', { login: 'admin', password: 'secret1' });
  const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };

  it('registers the two channels crm:invoke and crm:shell', () => {
    expect([...ipc.handlers.keys()]).toEqual(['crm:invoke', 'crm:shell']);
  });

  it('hands a call from a trusted sender to its window’s link to the data', async () => {
    expect(await ipc.invoke(win1, 'auth.state')).toEqual({ ok: true, value: { needsSetup: false, user: null } });
    expect(await ipc.invoke(win1, 'no.such.method')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses foreign URLs, iframes, missing frames and webContents we did not create', async () => {
    const top = win1.mainFrame;
    expect(await ipc.invoke(win1, 'auth.state', undefined, { url: 'https://evil.example/', parent: null })).toEqual(
      forbidden,
    );
    expect(await ipc.invoke(win1, 'auth.state', undefined, { url: rendererUrl, parent: top })).toEqual(forbidden);
    expect(await ipc.invoke(win1, 'auth.state', undefined, null)).toEqual(forbidden);
    expect(await ipc.invoke(new FakeContents(99), 'auth.state')).toEqual(forbidden);
    expect(await ipc.shell(new FakeContents(99), 'ping')).toEqual(forbidden);
    expect(links.size).toBe(0);
    expect(shellCalls).toEqual([]);
  });

  it('refuses a sender whose frame was already disposed (senderFrame throws)', async () => {
    const handler = ipc.handlers.get(INVOKE_CHANNEL)!;
    const event = {
      sender: win1,
      get senderFrame(): FrameLike | null {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(await handler(event, 'auth.state', undefined)).toEqual(forbidden);
  });

  it('keeps one login per window', async () => {
    expect(await login(win1)).toMatchObject({ ok: true, value: { login: 'admin' } });
    expect(await ipc.invoke(win1, 'auth.state')).toMatchObject({ ok: true, value: { user: { login: 'admin' } } });
    expect(await ipc.invoke(win2, 'auth.state')).toMatchObject({ ok: true, value: { user: null } });
    expect(await ipc.invoke(win2, 'statuses.tree')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await ipc.invoke(win1, 'statuses.tree')).toMatchObject({ ok: true });
  });

  it('drops the window’s link when its webContents is destroyed', async () => {
    await login(win1);
    expect(links.has(1)).toBe(true);
    win1.destroy();
    expect(links.has(1)).toBe(false);
    expect(data.office!.hub.peers.size).toBe(0);
  });

  it('tells every signed-in window after a successful write (its own marked self), nobody after a read or a failure', async () => {
    await login(win1);
    await login(win2);
    for (const w of open) w.sent = [];
    win3.destroyed = true; // closing, not yet removed from the list

    expect(await ipc.invoke(win1, 'statuses.create', { name: '重点客户' })).toMatchObject({ ok: true });
    const event = { method: 'statuses.create', areas: ['statuses', 'counts'], customerIds: [] };
    expect(win2.sent).toEqual([[EVENT_CHANNEL, 'changed', event]]);
    expect(win1.sent).toEqual([[EVENT_CHANNEL, 'changed', { ...event, self: true }]]);
    expect(win3.sent).toEqual([]);

    win2.sent = [];
    await ipc.invoke(win1, 'statuses.tree');
    await ipc.invoke(win1, 'statuses.create', { name: '' }); // bad input: nothing written
    expect(win2.sent).toEqual([]);
  });

  it('answers the shell channel from trusted windows only, with unknown names refused', async () => {
    expect(await ipc.shell(win1, 'ping', { a: 1 })).toEqual({ ok: true, value: 'pong' });
    expect(shellCalls).toEqual([[{ a: 1 }, 1]]);
    expect(await ipc.shell(win1, 'constructor')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('says so when no data side is chosen yet, and turns a thrown error into an internal error', async () => {
    const none = new FakeIpcMain();
    registerIpc(none, () => null, { rendererUrl, windows: () => open });
    expect(await none.invoke(win1, 'auth.state')).toMatchObject({ ok: false, error: { code: 'offline' } });
    const broken = new FakeIpcMain();
    registerIpc(
      broken,
      () => ({
        attach: () => ({
          invoke: async () => {
            throw new Error('boom');
          },
          close: () => undefined,
        }),
      }),
      { rendererUrl, windows: () => open },
    );
    expect(await broken.invoke(win1, 'auth.state')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
