/**
 * The one IPC channel between the renderer and the data core.
 *
 * Security: a single `ipcMain.handle` channel, like VS Code's validatedIpcMain — every call is
 * checked to come from the top frame of one of our windows showing our own renderer page, so an
 * iframe, a navigated-away page or a stray webContents can never reach the database. The input is
 * untrusted: the router checks the method name, the session and the input (zod) itself. Calls go to
 * the window's link to the data (electron/desktop.ts): this PC's hub, or the office server.
 */
import type { Result } from '../core/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL, SHELL_CHANNEL } from './channels.js';

export { EVENT_CHANNEL, INVOKE_CHANNEL, SHELL_CHANNEL };

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
  /** The URL of our renderer's page (app://kehu/index.html: electron/protocol.ts). */
  rendererUrl: string;
  /** The webContents of every window we created that is still open. */
  windows(): readonly WebContentsLike[];
}

const forbidden: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: '拒绝访问：请求不是来自本程序的窗口' },
};

/**
 * Whether `url` is our renderer page: the same app:// (or file:) URL's scheme, host and path;
 * query and hash may differ.
 */
export function isRendererUrl(url: string, rendererUrl: string): boolean {
  try {
    const actual = new URL(url);
    const expected = new URL(rendererUrl);
    return (
      (expected.protocol === 'app:' || expected.protocol === 'file:') &&
      actual.protocol === expected.protocol &&
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

/** What the IPC side needs of the data: a link per window (electron/desktop.ts). */
export interface DataLike {
  attach(win: { id: number; push(event: string, payload: unknown): void }): {
    invoke(name: unknown, input: unknown): Promise<Result<unknown>>;
    close(): void;
  };
}

/** A shell call (first start, 网络设置 on a client PC): name → handler, answered on 'crm:shell'. */
export type ShellHandlers = Record<string, (input: unknown, senderId: number) => Promise<unknown>>;

/**
 * Registers 'crm:invoke' (the data) and 'crm:shell' (where the data comes from). Each window gets
 * its own link — its own login — dropped when the window is destroyed; events for a window
 * (changes, its session ending, the connection) go to that window only.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  data: () => DataLike | null,
  opts: IpcOptions & { shell?: ShellHandlers },
): Map<number, ReturnType<DataLike['attach']>> {
  const links = new Map<number, ReturnType<DataLike['attach']>>();

  function linkOf(sender: WebContentsLike, source: DataLike): ReturnType<DataLike['attach']> {
    let link = links.get(sender.id);
    if (!link) {
      link = source.attach({
        id: sender.id,
        push: (event, payload) => {
          if (!sender.isDestroyed()) sender.send(EVENT_CHANNEL, event, payload);
        },
      });
      links.set(sender.id, link);
      const id = sender.id;
      sender.once('destroyed', () => {
        links.get(id)?.close();
        links.delete(id);
      });
    }
    return link;
  }

  const isOurWindow = (sender: WebContentsLike) => opts.windows().some((w) => w.id === sender.id);
  const trusted = (event: InvokeEventLike) => {
    let frame: FrameLike | null;
    try {
      frame = event.senderFrame; // throws when the frame was already disposed
    } catch {
      frame = null;
    }
    return isOurWindow(event.sender) && isTrustedSender(frame, opts.rendererUrl);
  };

  ipcMain.handle(INVOKE_CHANNEL, async (event, name, input): Promise<Result<unknown>> => {
    if (!trusted(event)) return forbidden;
    const source = data();
    if (!source)
      return { ok: false, error: { code: 'offline', message: '尚未选择数据的位置（单机使用或连接到办公室服务器）' } };
    try {
      return await linkOf(event.sender, source).invoke(name, input);
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: `内部错误：${(err as Error)?.message ?? String(err)}` } };
    }
  });

  ipcMain.handle(SHELL_CHANNEL, async (event, name, input): Promise<Result<unknown>> => {
    if (!trusted(event)) return forbidden;
    const handler = typeof name === 'string' && opts.shell && Object.hasOwn(opts.shell, name) ? opts.shell[name] : null;
    if (!handler)
      return { ok: false, error: { code: 'unknown_method', message: `未知的操作：${String(name).slice(0, 60)}` } };
    try {
      return { ok: true, value: (await handler(input, event.sender.id)) ?? null };
    } catch (err) {
      return { ok: false, error: { code: 'bad_input', message: (err as Error)?.message ?? String(err) } };
    }
  });

  return links;
}
