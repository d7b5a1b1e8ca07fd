/**
 * The browser mode: the office server (server/office-server.ts) with its plain listener on
 * 127.0.0.1 — the same renderer and router as the desktop app; the LAN server only when 网络设置
 * turned it on. One WebSocket connection = one window = one session.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOfficeServer, type OfficeServer, type OfficeServerOptions } from '../server/office-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIR = process.env.KEHU_RENDERER_DIR ?? path.join(ROOT, 'dist', 'renderer');

export interface WebServerOptions {
  port: number;
  dataDir: string;
  rendererDir?: string;
  quiet?: boolean;
  host?: OfficeServerOptions['host'];
  lan?: OfficeServerOptions['lan'];
  maxUploadBytes?: number;
}

export interface WebServer extends OfficeServer {
  url: string;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const server = await startOfficeServer({
    dataDir: opts.dataDir,
    rendererDir: opts.rendererDir ?? RENDERER_DIR,
    localPort: opts.port,
    quiet: opts.quiet,
    host: opts.host,
    lan: opts.lan,
    maxUploadBytes: opts.maxUploadBytes,
  });
  return Object.assign(server, { url: server.localUrl! });
}
