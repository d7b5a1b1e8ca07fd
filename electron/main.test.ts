/**
 * The main process's wiring, with a fake 'electron' module (the real binary cannot run here):
 * window options, database location, IPC, CSP, navigation rules, single instance, shutdown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../server/csp.js';
import type { InvokeEventLike } from './ipc.js';

type Fn = (...args: unknown[]) => unknown;

// The data host starts worker threads (about a second each from source under tsx).
vi.setConfig({ testTimeout: 30_000 });

const fake = vi.hoisted(() => {
  class Emitter {
    handlers = new Map<string, Fn[]>();
    on(event: string, l: Fn) {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), l]);
      return this;
    }
    once(event: string, l: Fn) {
      return this.on(event, l);
    }
    emit(event: string, ...args: unknown[]) {
      for (const l of this.handlers.get(event) ?? []) l(...args);
    }
  }
  class FakeContents extends Emitter {
    static next = 1;
    id = FakeContents.next++;
    windowOpenHandler: Fn | null = null;
    isDestroyed = () => false;
    send = vi.fn();
    setWindowOpenHandler(h: Fn) {
      this.windowOpenHandler = h;
    }
  }
  const state = {
    lock: true,
    userData: '',
    windows: [] as Array<InstanceType<typeof FakeWindow>>,
    app: new Emitter(),
    ipcHandlers: new Map<string, Fn>(),
    headersListener: null as Fn | null,
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Fn>(),
    menu: null as unknown,
    quit: vi.fn(),
    exit: vi.fn(),
    openExternal: vi.fn(),
    showErrorBox: vi.fn(),
  };
  class FakeWindow extends Emitter {
    webContents = new FakeContents();
    loadURL = vi.fn(async () => {});
    minimized = false;
    isDestroyed = () => false;
    isMinimized = () => this.minimized;
    restore = vi.fn(() => (this.minimized = false));
    show = vi.fn();
    focus = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
      state.app.emit('web-contents-created', {}, this.webContents);
    }
  }
  return { state, Emitter, FakeContents, FakeWindow };
});

vi.mock('electron', () => {
  const { state, FakeWindow } = fake;
  // The mocked module is made once: its objects read the current test's state.
  const app = Object.assign(state.app, {
    requestSingleInstanceLock: () => state.lock,
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => (name === 'userData' ? state.userData : '/nonexistent'),
    isPackaged: false,
    quit: state.quit,
    exit: state.exit,
  });
  return {
    app,
    BrowserWindow: FakeWindow,
    dialog: { showErrorBox: state.showErrorBox },
    ipcMain: { handle: (channel: string, l: Fn) => state.ipcHandlers.set(channel, l) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
      handle: (scheme: string, h: Fn) => state.protocolHandlers.set(scheme, h),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (state.menu = m) },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (l: Fn) => (state.headersListener = l) },
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
      },
    },
    shell: { openExternal: state.openExternal },
  };
});

const { state, FakeContents } = fake;

async function startMain() {
  vi.resetModules();
  await import('./main.js');
}

/** Waits until the app is ready: the window exists and its page is loading. */
async function started() {
  await vi.waitFor(() => {
    if (state.showErrorBox.mock.calls.length) throw new Error(JSON.stringify(state.showErrorBox.mock.calls));
    expect(state.windows[0]?.loadURL).toHaveBeenCalled();
  }, 20_000);
  return state.windows[0];
}

function invoke(sender: InstanceType<typeof FakeContents>, url: string, name: string, input?: unknown) {
  const event: InvokeEventLike = { sender, senderFrame: { url, parent: null } };
  return state.ipcHandlers.get('crm:invoke')!(event, name, input);
}

beforeEach(() => {
  state.userData = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-main-'));
  state.lock = true;
  state.windows = [];
  state.ipcHandlers.clear();
  state.headersListener = null;
  state.privileged = [];
  state.protocolHandlers.clear();
  state.menu = null;
  for (const f of [state.quit, state.exit, state.openExternal, state.showErrorBox]) f.mockClear();
  state.app.handlers.clear();
});

afterEach(async () => {
  state.app.emit('window-all-closed'); // closes the database
  await vi.waitFor(() => expect(state.quit).toHaveBeenCalled(), 10_000).catch(() => undefined);
  fs.rmSync(state.userData, { recursive: true, force: true });
});

describe('main process', () => {
  it('opens <userData>/crm.db and one secure window on the renderer page', async () => {
    await startMain();
    const win = await started();
    expect(fs.existsSync(path.join(state.userData, 'crm.db'))).toBe(true);
    expect(win.options).toMatchObject({ title: '客户关系管理系统', width: 1280, height: 800 });
    expect(win.options.minWidth).toBeGreaterThan(0);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    });
    expect(path.isAbsolute(String(prefs.preload))).toBe(true);
    expect(path.basename(String(prefs.preload))).toBe('preload.cjs');
    expect(win.loadURL.mock.calls[0]).toEqual(['app://kehu/index.html']);
    expect(state.menu).toBeTruthy();
  });

  it('answers crm:invoke from its window showing the renderer page, and nobody else', async () => {
    await startMain();
    const win = await started();
    const url = 'app://kehu/index.html';
    expect(await invoke(win.webContents, url, 'auth.state')).toEqual({
      ok: true,
      value: { needsSetup: true, user: null },
    });
    expect(await invoke(win.webContents, 'https://evil.example/', 'auth.state')).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await invoke(new FakeContents(), url, 'auth.state')).toMatchObject({ error: { code: 'forbidden' } });
    // The renderer's own file as a file: URL is not our page any more.
    const file = pathToFileURL(path.resolve('renderer/index.html')).href;
    expect(await invoke(win.webContents, file, 'auth.state')).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('serves the renderer from app://kehu/ with the CSP, registered as privileged before ready', async () => {
    await startMain();
    await started();
    expect(state.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    const handle = state.protocolHandlers.get('app')! as (r: { url: string; method: string }) => Promise<Response>;
    // From source the main module's renderer folder is renderer/ (index.html of Vite's source).
    const page = await handle({ url: 'app://kehu/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<div id="root">');
    for (const url of ['app://kehu/..%2f..%2fpackage.json', 'app://kehu/a%5c..%5cb', 'app://other/index.html']) {
      expect((await handle({ url, method: 'GET' })).status, url).toBe(403);
    }
    expect((await handle({ url: 'app://kehu/../package.json', method: 'GET' })).status).toBe(404); // folded to /package.json
  });

  it('puts the CSP on responses of our pages', async () => {
    await startMain();
    await started();
    const callback = vi.fn();
    state.headersListener!({ url: 'app://kehu/index.html', responseHeaders: {} }, callback);
    const headers = callback.mock.calls[0][0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy'][0]).toContain("script-src 'self'");
  });

  it('denies navigation away and new windows; http(s) links go to the system browser', async () => {
    await startMain();
    const win = await started();
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      win.webContents.emit('will-navigate', event);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(state.openExternal.mock.calls).toEqual([['https://example.com/']]);

    expect(win.webContents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'https://kehu.example/' })).toEqual({ action: 'deny' });
    expect(state.openExternal.mock.calls).toEqual([['https://example.com/'], ['https://kehu.example/']]);
  });

  it('focuses the first window when a second instance starts', async () => {
    await startMain();
    const win = await started();
    win.minimized = true;
    state.app.emit('second-instance');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('quits at once when another instance holds the lock', async () => {
    state.lock = false;
    await startMain();
    await new Promise((r) => setTimeout(r, 20));
    expect(state.quit).toHaveBeenCalled();
    expect(state.windows).toHaveLength(0);
  });

  it('closes the database and quits when the last window closes', async () => {
    await startMain();
    const win = await started();
    state.app.emit('window-all-closed');
    await vi.waitFor(() => expect(state.quit).toHaveBeenCalled(), 10_000);
    // The data side is closed: a late call fails instead of touching the file.
    expect(await invoke(win.webContents, 'app://kehu/index.html', 'auth.state')).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
  });
});
