/**
 * The Electron main process: one instance; the data side chosen in connection.json — this PC's own
 * office server (<userData>/crm.db, data host in workers) or a remote office server (desktop.ts);
 * windows that show the renderer built by Vite (dist/renderer). Bundled to dist/electron/main.mjs
 * by scripts/build-electron.ts, which copies db/migrations beside it: db/open.ts's default
 * migrations folder is the one beside the running module, i.e. dist/electron/migrations in the
 * bundle (and db/migrations when main.ts runs from source under tests).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConnection, startClientData, startLocalData, type DesktopData } from './desktop.js';
import { exportTarget } from './export-target.js';
import { registerIpc } from './ipc.js';
import { shellHandlers } from './shell.js';
import { desktopNotifier } from './notify.js';
import { menuTemplate } from './menu.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler, RENDERER_URL } from './protocol.js';
import { secureContents, secureSession } from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron
const rendererIndex = path.join(here, '..', 'renderer', 'index.html');
// The renderer is served from app://kehu/ (electron/protocol.ts), never from file://.
const rendererUrl = RENDERER_URL;
// Must happen before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
const preload = path.join(here, 'preload.cjs');

/** The windows we created; only their top frames may call the data core. */
const windows = new Set<BrowserWindow>();
let data: DesktopData | null = null;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    title: '客户关系管理系统',
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
      // Security: the page is an ordinary sandboxed web page; it reaches the data core only
      // through window.crm (preload) and the sender-checked 'crm:invoke' channel.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.webContents.once('did-fail-load', () => win.show()); // never leave an invisible window
  win.loadURL(rendererUrl).catch((err: unknown) => console.error('[main] cannot load the renderer:', err));
  return win;
}

function focus(win: BrowserWindow | undefined): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

async function closeData(): Promise<void> {
  const current = data;
  data = null;
  // Running exports stop (their partial files are deleted); the data host's workers close the file.
  await current?.close();
}

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, appProtocolHandler(path.dirname(rendererIndex)));
  const userData = app.getPath('userData');
  // No choice yet (first start) runs this PC's own data; the window then asks 单机使用 or
  // 连接到办公室服务器 (renderer: ConnectScreen), and a change restarts the app on the new side.
  const config = readConnection(userData) ?? { mode: 'local' as const };
  const chooseFile = async (windowId: number, defaultName: string) => {
    const win = [...windows].find((w) => !w.isDestroyed() && w.webContents.id === windowId) ?? null;
    const target = exportTarget<BrowserWindow>({
      showSaveDialog: (w, options) => (w ? dialog.showSaveDialog(w, options) : dialog.showSaveDialog(options)),
      downloadsDir: () => app.getPath('downloads'),
      windowOf: () => win,
    });
    return target({ session: null }, defaultName);
  };
  try {
    data =
      config.mode === 'client' && config.server
        ? startClientData(config.server)
        : await startLocalData({ userData, rendererDir: path.dirname(rendererIndex), chooseTarget: chooseFile });
  } catch (err) {
    dialog.showErrorBox(
      '无法打开数据库',
      `${path.join(userData, 'crm.db')}\n\n${(err as Error)?.message ?? String(err)}`,
    );
    app.exit(1);
    return;
  }
  registerIpc(ipcMain, () => data, {
    rendererUrl,
    windows: () => [...windows].filter((w) => !w.isDestroyed()).map((w) => w.webContents),
    shell: shellHandlers({
      userData,
      running: () => data?.mode ?? null,
      restart: () => {
        app.relaunch();
        void closeData().finally(() => app.exit(0));
      },
      chooseFile,
      chooseOpenFile: async (windowId) => {
        const win = [...windows].find((w) => !w.isDestroyed() && w.webContents.id === windowId);
        const options: Electron.OpenDialogOptions = {
          title: '从文件恢复数据库',
          properties: ['openFile'],
          filters: [
            { name: '数据库备份', extensions: ['db', 'sqlite', 'sqlite3', 'bak', 'dump'] },
            { name: '所有文件', extensions: ['*'] },
          ],
        };
        const r = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      office: () => data?.office ?? null,
      notify: desktopNotifier({
        isSupported: () => Notification.isSupported(),
        create: (options) => new Notification(options),
        focusWindow: (windowId) => {
          const win = [...windows].find((w) => !w.isDestroyed() && w.webContents.id === windowId);
          if (!win) return;
          if (win.isMinimized()) win.restore();
          win.show();
          win.focus();
        },
      }),
    }),
  });
  secureSession(session.defaultSession);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ isMac: process.platform === 'darwin', isDev: !app.isPackaged, newWindow: createWindow }),
    ),
  );
  createWindow();
}

// Security: every webContents (windows, devtools) gets the navigation / new-window rules.
app.on('web-contents-created', (_event, contents) => {
  secureContents(contents, rendererUrl, (url) => shell.openExternal(url));
});

// One instance per user: a second launch focuses the first window and exits, so only one
// process ever writes the database file.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focus([...windows][0]));
  app.on('window-all-closed', () => {
    void closeData().finally(() => app.quit());
  });
  app.on('will-quit', () => void closeData());
  start().catch((err: unknown) => {
    dialog.showErrorBox('启动失败', (err as Error)?.stack ?? String(err));
    app.exit(1);
  });
}
