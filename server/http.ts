/**
 * The HTTP side of the office server: the renderer's files and the one-time export downloads.
 * Every request is checked against the server's own host names (DNS rebinding), every path is
 * decoded defensively, and nothing a request carries can throw out of the handler.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp.js';
import type { ServerLog } from './log.js';
import { isOwnRequest } from './socket.js';

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

export const DOWNLOAD_PREFIX = '/download/';
/** POST a file to a one-time upload address (恢复数据库 › 从文件恢复…). */
export const UPLOAD_PREFIX = '/upload/';

/** An upload refused: the HTTP status and a message for the user. */
export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `attachment` with the UTF-8 file name (RFC 6266 / 5987) and a plain ASCII fallback. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '').replace(/["\\%;]/g, '');
  const fallback = /^[A-Za-z0-9]/.test(ascii) ? ascii : `export${/^[_.-]/.test(ascii) ? '' : '_'}${ascii}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export interface HttpOptions {
  rendererDir: string;
  /** The file behind a one-time download address (an export, a backup), or null. */
  takeDownload(token: string): Promise<{ file: string; fileName: string; keep?: boolean } | null>;
  scheme: 'http' | 'https';
  allowedHosts(): readonly string[];
  log?: ServerLog;
  /**
   * Receives the body of a POST to a one-time upload address (streamed, size-capped by the
   * receiver, which throws UploadRefused); absent: uploads are refused.
   */
  receiveUpload?(token: string, body: NodeJS.ReadableStream, declaredBytes: number | null): Promise<void>;
}

const refuse = (res: http.ServerResponse, status: number, text: string) => {
  if (res.headersSent) return res.destroy();
  res
    .writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .end(text);
};

/** The path of a request, or null when it cannot be one of ours (bad escapes, NUL, absolute URLs). */
export function requestPath(rawUrl: string | undefined): string | null {
  const raw = rawUrl ?? '/';
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  const pathname = raw.split(/[?#]/)[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  return decoded;
}

export function createRequestHandler(opts: HttpOptions) {
  const rendererDir = path.resolve(opts.rendererDir);

  async function download(req: http.IncomingMessage, res: http.ServerResponse, token: string) {
    if (req.method !== 'GET') return refuse(res, 405, 'method not allowed');
    if (!/^[0-9a-f]{16,128}$/.test(token)) return refuse(res, 404, '下载链接无效或已使用过，请重新导出');
    const taken = await opts.takeDownload(token);
    if (!taken) return refuse(res, 404, '下载链接无效或已使用过，请重新导出');
    // An export's file goes once sent; a backup stays in the backups folder.
    const remove = () => !taken.keep && fs.rm(taken.file, { force: true }, () => undefined);
    let size: number;
    try {
      size = fs.statSync(taken.file).size;
    } catch {
      return refuse(res, 404, '导出的文件已不存在，请重新导出');
    }
    res.writeHead(200, {
      'content-type': taken.fileName.endsWith('.db')
        ? 'application/vnd.sqlite3'
        : taken.fileName.endsWith('.dump') // pg_dump's archive (a PostgreSQL office's backup)
          ? 'application/octet-stream'
          : taken.fileName.endsWith('.json')
            ? 'application/json; charset=utf-8'
            : XLSX,
      'content-length': size,
      'content-disposition': contentDisposition(taken.fileName),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    const stream = fs.createReadStream(taken.file);
    stream.on('error', () => res.destroy());
    res.on('close', () => {
      stream.destroy();
      remove();
    });
    stream.pipe(res);
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, token: string) {
    if (req.method !== 'POST') return refuse(res, 405, 'method not allowed');
    if (!opts.receiveUpload || !/^[0-9a-f]{48}$/.test(token))
      return refuse(res, 404, '上传地址无效或已使用过，请重新选择文件');
    const length = req.headers['content-length'];
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
    try {
      await opts.receiveUpload(token, req, declared);
    } catch (err) {
      // Stop reading what is left of a refused body, then answer and close.
      res.setHeader('connection', 'close');
      if (err instanceof UploadRefused) return refuse(res, err.status, err.message);
      opts.log?.warn(`上传失败：${(err as Error).message}`);
      return refuse(res, 500, `上传失败：${(err as Error).message}`);
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('ok');
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, rel: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    if (rel === '/' || !path.extname(rel)) rel = '/index.html';
    const file = path.normalize(path.join(rendererDir, rel));
    if (!file.startsWith(rendererDir + path.sep)) return refuse(res, 403, 'forbidden');
    fs.readFile(file, (err, body) => {
      if (err) return refuse(res, 404, 'not found');
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  }

  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      req.on('error', () => res.destroy());
      if (!isOwnRequest(req, opts.scheme, opts.allowedHosts())) {
        opts.log?.warn(`拒绝请求：Host ${JSON.stringify(req.headers.host ?? '')}，${req.socket.remoteAddress ?? '?'}`);
        return refuse(res, 403, 'forbidden');
      }
      const rel = requestPath(req.url);
      if (rel === null) return refuse(res, 400, 'bad request');
      if (rel.startsWith(DOWNLOAD_PREFIX)) {
        download(req, res, rel.slice(DOWNLOAD_PREFIX.length)).catch(() => refuse(res, 500, 'internal error'));
        return;
      }
      if (rel.startsWith(UPLOAD_PREFIX)) {
        upload(req, res, rel.slice(UPLOAD_PREFIX.length)).catch(() => refuse(res, 500, 'internal error'));
        return;
      }
      serveStatic(req, res, rel);
    } catch (err) {
      opts.log?.warn(`请求出错：${(err as Error).message}`);
      refuse(res, 500, 'internal error');
    }
  };
}
