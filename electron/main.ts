/**
 * The Electron main process: one instance, one database (<userData>/crm.db), one router, and
 * windows that show the renderer built by Vite (dist/renderer). Bundled to dist/electron/main.mjs
 * by scripts/build-electron.ts, which copies db/migrations beside it: db/open.ts's default
 * migrations folder is the one beside the running module, i.e. dist/electron/migrations in the
 * bundle (and db/migrations when main.ts runs from source under tests).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configureJobs, jobsOf } from '../db/jobs/registry.js';
import { openDatabase, type DB } from '../db/open.js';
import { createRouter } from '../db/router.js';
import { exportTarget } from './export-target.js';
import { registerIpc } from './ipc.js';
import { menuTemplate } from './menu.js';
import { secureContents, secureSession } from './security.js';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron
const rendererIndex = path.join(here, '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
const preload = path.join(here, 'preload.cjs');

/** The windows we created; only their top frames may call the data core. */
const windows = new Set<BrowserWindow>();
let db: DB | null = null;

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
  win.loadFile(rendererIndex).catch((err: unknown) => console.error('[main] cannot load the renderer:', err));
  return win;
}

function focus(win: BrowserWindow | undefined): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

function closeDatabase(): void {
  // Running exports stop (their partial files are deleted); their workers read their own connection.
  if (db) void jobsOf(db).close();
  if (db?.open) db.close();
  db = null;
}

async function start(): Promise<void> {
  await app.whenReady();
  const file = path.join(app.getPath('userData'), 'crm.db');
  try {
    db = openDatabase(file);
  } catch (err) {
    dialog.showErrorBox('无法打开数据库', `${file}\n\n${(err as Error)?.message ?? String(err)}`);
    app.exit(1);
    return;
  }
  const router = createRouter(db);
  const connections = registerIpc(ipcMain, router, {
    rendererUrl,
    windows: () => [...windows].filter((w) => !w.isDestroyed()).map((w) => w.webContents),
  });
  // Exports are saved where the save dialog says, over the window that asked.
  configureJobs(db, {
    chooseTarget: exportTarget<BrowserWindow>({
      showSaveDialog: (win, options) => (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options)),
      downloadsDir: () => app.getPath('downloads'),
      windowOf: (conn) =>
        [...windows].find((w) => !w.isDestroyed() && connections.get(w.webContents.id) === conn) ?? null,
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
    closeDatabase();
    app.quit();
  });
  app.on('will-quit', closeDatabase);
  start().catch((err: unknown) => {
    dialog.showErrorBox('启动失败', (err as Error)?.stack ?? String(err));
    app.exit(1);
  });
}
