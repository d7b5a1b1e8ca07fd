/**
 * The browser mode: serves the built renderer and the same router over a WebSocket on
 * 127.0.0.1 only. One WebSocket connection = one window = one session.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Connection } from '../db/context.js';
import { configureJobs } from '../db/jobs/registry.js';
import { openDatabase, type DB } from '../db/open.js';
import { createRouter } from '../db/router.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import { serveDownload } from './web-download.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIR = process.env.KEHU_RENDERER_DIR ?? path.join(ROOT, 'dist', 'renderer');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface WebServerOptions {
  port: number;
  dataDir: string;
  rendererDir?: string;
  quiet?: boolean;
}

export interface WebServer {
  url: string;
  db: DB;
  close(): Promise<void>;
}

function serveStatic(rendererDir: string, req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let rel = decodeURIComponent(url.pathname);
  if (rel === '/' || !path.extname(rel)) rel = '/index.html';
  const file = path.normalize(path.join(rendererDir, rel));
  if (!file.startsWith(rendererDir + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  fs.readFile(file, (err, body) => {
    if (err) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.end(body);
  });
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const rendererDir = path.resolve(opts.rendererDir ?? RENDERER_DIR);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`找不到界面文件 ${rendererDir}/index.html：请先运行 npm run build:renderer`);
  }
  const db = openDatabase(path.join(opts.dataDir, 'crm.db'), {
    onBackup: (f) => opts.quiet || console.log(`已备份数据库：${f}`),
  });
  const router = createRouter(db);
  // Exports are written to a temporary folder and downloaded once from GET /download/<token>.
  const jobs = configureJobs(db);
  let ownHosts: string[] = [];
  const server = http.createServer(
    (req, res) => serveDownload(jobs, req, res, () => ownHosts) || serveStatic(rendererDir, req, res),
  );
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    // Only our own page may connect: a web page elsewhere must not reach the database.
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (req.url !== '/crm' || !origin || !host || origin !== `http://${host}`) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    const conn: Connection = { session: null };
    sockets.add(ws);
    ws.on('close', () => {
      sockets.delete(ws);
      jobs.dropConnection(conn);
    });
    ws.on('message', (data) => {
      let msg: { id?: unknown; name?: unknown; input?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return;
      }
      const result = router.dispatch(conn, msg.name, msg.input);
      ws.send(JSON.stringify({ id: msg.id, result }));
      if (result.ok && router.isWrite(msg.name)) {
        const event = JSON.stringify({ event: 'changed', payload: { method: msg.name } });
        for (const other of sockets) if (other !== ws) other.send(event);
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  ownHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return {
    url: `http://127.0.0.1:${port}/`,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.close(() => {
          void jobs.close().finally(() => {
            db.close();
            resolve();
          });
        });
      }),
  };
}
