/**
 * Browser mode: the one-time download of a finished export, `GET /download/<token>`.
 *
 * Security: the token is 48 random hex digits, handed only to the window that ran the export
 * (export.progress), valid once and only while that window is still logged in as the user who
 * started it (ExportJobs.takeDownload); the Host header must be our own address, so a page on
 * another site cannot reach it through DNS rebinding. The file is deleted once sent.
 */
import fs from 'node:fs';
import type http from 'node:http';
import type { Jobs } from '../db/jobs/registry.js';

export const DOWNLOAD_PREFIX = '/download/';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `attachment` with the UTF-8 file name (RFC 6266 / 5987) and a plain ASCII fallback. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '').replace(/["\\%;]/g, '');
  const fallback = /^[A-Za-z0-9]/.test(ascii) ? ascii : `export${/^[_.-]/.test(ascii) ? '' : '_'}${ascii}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Handles the request when it is a download; returns false when it is not one. */
export function serveDownload(
  jobs: Jobs,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ownHosts: () => string[],
): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(DOWNLOAD_PREFIX)) return false;
  const refuse = (status: number, text: string) =>
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(text);
  if (req.method !== 'GET') {
    refuse(405, 'method not allowed');
    return true;
  }
  if (!ownHosts().includes(req.headers.host ?? '')) {
    refuse(403, 'forbidden');
    return true;
  }
  const taken = jobs.exports.takeDownload(url.pathname.slice(DOWNLOAD_PREFIX.length));
  if (!taken) {
    refuse(404, '下载链接无效或已使用过，请重新导出');
    return true;
  }
  const remove = () => fs.rm(taken.file, { force: true }, () => undefined);
  let size: number;
  try {
    size = fs.statSync(taken.file).size;
  } catch {
    refuse(404, '导出的文件已不存在，请重新导出');
    return true;
  }
  res.writeHead(200, {
    'content-type': XLSX,
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
  return true;
}
