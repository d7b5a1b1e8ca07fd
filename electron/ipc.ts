/**
 * The one IPC channel between the renderer and the data core.
 *
 * Security: a single `ipcMain.handle` channel, like VS Code's validatedIpcMain — every call is
 * checked to come from the top frame of one of our windows showing our own renderer page, so an
 * iframe, a navigated-away page or a stray webContents can never reach the database. The input is
 * untrusted: the router checks the method name, the session and the input (zod) itself.
 */
import type { Result } from '../db/contract.js';
import type { Connection } from '../db/context.js';
import type { Router } from '../db/router.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.js';

export { EVENT_CHANNEL, INVOKE_CHANNEL };

/** The parts of Electron's WebFrameMain we look at. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** The parts of Electron's WebContents we use. */
export interface WebContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface InvokeEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
}

export interface IpcOptions {
  /** The file: URL of our renderer's index.html (`pathToFileURL(indexHtml).href`). */
  rendererUrl: string;
  /** The webContents of every window we created that is still open. */
  windows(): readonly WebContentsLike[];
}

const forbidden: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: '拒绝访问：请求不是来自本程序的窗口' },
};

/** Whether `url` is our renderer page (a file: URL of the same file; query and hash may differ). */
export function isRendererUrl(url: string, rendererUrl: string): boolean {
  try {
    const actual = new URL(url);
    const expected = new URL(rendererUrl);
    return (
      actual.protocol === 'file:' &&
      expected.protocol === 'file:' &&
      actual.host === expected.host &&
      decodeURIComponent(actual.pathname) === decodeURIComponent(expected.pathname)
    );
  } catch {
    return false;
  }
}

/** A sender is trusted when its frame exists, is a top frame (not an iframe) and shows our page. */
export function isTrustedSender(frame: FrameLike | null | undefined, rendererUrl: string): boolean {
  return !!frame && frame.parent === null && isRendererUrl(frame.url, rendererUrl);
}

/** Registers 'crm:invoke'. Returns the live connections (one per window), for tests and shutdown. */
export function registerIpc(ipcMain: IpcMainLike, router: Router, opts: IpcOptions): Map<number, Connection> {
  // One login per window: each webContents has its own Connection, dropped when it is destroyed.
  const connections = new Map<number, Connection>();

  function connectionOf(sender: WebContentsLike): Connection {
    let conn = connections.get(sender.id);
    if (!conn) {
      conn = { session: null };
      connections.set(sender.id, conn);
      const id = sender.id;
      sender.once('destroyed', () => connections.delete(id));
    }
    return conn;
  }

  const isOurWindow = (sender: WebContentsLike) => opts.windows().some((w) => w.id === sender.id);

  ipcMain.handle(INVOKE_CHANNEL, (event, name, input): Result<unknown> => {
    let frame: FrameLike | null;
    try {
      frame = event.senderFrame; // throws when the frame was already disposed
    } catch {
      frame = null;
    }
    if (!isOurWindow(event.sender) || !isTrustedSender(frame, opts.rendererUrl)) return forbidden;

    let result: Result<unknown>;
    try {
      result = router.dispatch(connectionOf(event.sender), name, input);
    } catch (err) {
      result = {
        ok: false,
        error: { code: 'internal', message: `内部错误：${(err as Error)?.message ?? String(err)}` },
      };
    }
    if (result.ok && router.isWrite(name)) notifyOthers(opts.windows(), event.sender.id, name as string);
    return result;
  });

  return connections;
}

/** Tells every other open window that data changed, so it can refresh what it shows. */
export function notifyOthers(windows: readonly WebContentsLike[], senderId: number, method: string): void {
  for (const w of windows) {
    if (w.id !== senderId && !w.isDestroyed()) w.send(EVENT_CHANNEL, 'changed', { method });
  }
}
