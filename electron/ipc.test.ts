import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../db/contract.js';
import { createTestApp, type TestApp } from '../db/testing.js';
import {
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
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
    return handler({ sender, senderFrame: frame }, name, input) as Result<unknown>;
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
  let app: TestApp;
  let ipc: FakeIpcMain;
  let win1: FakeContents;
  let win2: FakeContents;
  let win3: FakeContents;
  let open: FakeContents[];
  let connections: ReturnType<typeof registerIpc>;

  beforeEach(() => {
    app = createTestApp();
    app.addStaff('王经理', 'wang', 'admin');
    ipc = new FakeIpcMain();
    win1 = new FakeContents(1);
    win2 = new FakeContents(2);
    win3 = new FakeContents(3);
    open = [win1, win2, win3];
    connections = registerIpc(ipc, app.router, { rendererUrl, windows: () => open });
  });

  afterEach(() => app.close());

  const login = (win: FakeContents) => ipc.invoke(win, 'auth.login', { login: 'wang', password: 'secret1' });
  const forbidden = { ok: false, error: { code: 'forbidden', message: expect.any(String) } };

  it('registers the one channel crm:invoke', () => {
    expect([...ipc.handlers.keys()]).toEqual(['crm:invoke']);
  });

  it('dispatches a call from a trusted sender to the router', () => {
    expect(ipc.invoke(win1, 'auth.state')).toEqual({ ok: true, value: { needsSetup: false, user: null } });
    expect(ipc.invoke(win1, 'no.such.method')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses foreign URLs, iframes, missing frames and webContents we did not create', () => {
    const dispatch = vi.spyOn(app.router, 'dispatch');
    const top = win1.mainFrame;
    expect(ipc.invoke(win1, 'auth.state', undefined, { url: 'https://evil.example/', parent: null })).toEqual(
      forbidden,
    );
    expect(ipc.invoke(win1, 'auth.state', undefined, { url: rendererUrl, parent: top })).toEqual(forbidden);
    expect(ipc.invoke(win1, 'auth.state', undefined, null)).toEqual(forbidden);
    expect(ipc.invoke(new FakeContents(99), 'auth.state')).toEqual(forbidden);
    expect(dispatch).not.toHaveBeenCalled();
    expect(connections.size).toBe(0);
  });

  it('refuses a sender whose frame was already disposed (senderFrame throws)', () => {
    const handler = ipc.handlers.get(INVOKE_CHANNEL)!;
    const event = {
      sender: win1,
      get senderFrame(): FrameLike | null {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(handler(event, 'auth.state', undefined)).toEqual(forbidden);
  });

  it('keeps one login per window', () => {
    expect(login(win1)).toMatchObject({ ok: true, value: { login: 'wang' } });
    expect(ipc.invoke(win1, 'auth.state')).toMatchObject({ ok: true, value: { user: { login: 'wang' } } });
    expect(ipc.invoke(win2, 'auth.state')).toMatchObject({ ok: true, value: { user: null } });
    expect(ipc.invoke(win2, 'statuses.tree')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(ipc.invoke(win1, 'statuses.tree')).toMatchObject({ ok: true });
  });

  it('drops the session when its webContents is destroyed', () => {
    login(win1);
    expect(connections.get(1)?.session?.login).toBe('wang');
    win1.destroy();
    expect(connections.has(1)).toBe(false);
  });

  it('tells every other open window after a successful write, and nobody after a read or a failure', () => {
    login(win1);
    login(win2);
    for (const w of open) w.sent = [];
    win3.destroyed = true; // closing, not yet removed from the list

    expect(ipc.invoke(win1, 'statuses.create', { name: '重点客户' })).toMatchObject({ ok: true });
    expect(win2.sent).toEqual([[EVENT_CHANNEL, 'changed', { method: 'statuses.create' }]]);
    expect(win1.sent).toEqual([]);
    expect(win3.sent).toEqual([]);

    win2.sent = [];
    ipc.invoke(win1, 'statuses.tree');
    ipc.invoke(win1, 'statuses.create', { name: '' }); // bad input: nothing written
    expect(win2.sent).toEqual([]);
  });

  it('turns an exception thrown by the router into an internal error', () => {
    vi.spyOn(app.router, 'dispatch').mockImplementation(() => {
      throw new Error('boom');
    });
    expect(ipc.invoke(win1, 'auth.state')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
