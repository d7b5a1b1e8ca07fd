/**
 * The renderer served from app://kehu/ instead of file:// (no 'electron' import: tested here).
 *
 * Why: a file:// page shares its origin with every file on the disk and gets no response headers,
 * so no CSP header; app:// is a standard, secure scheme of our own, registered with its
 * privileges before the app is ready (protocol.registerSchemesAsPrivileged), and answered by
 * protocol.handle with only the files of dist/renderer — each with the one CSP (server/csp.ts).
 * A path that leaves the renderer folder (../, encoded ..%2f, backslashes, NUL) is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../server/csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kehu';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page every window loads. */
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before app 'ready'. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: {
    // A standard scheme: relative URLs, an origin ('self' in the CSP), localStorage.
    standard: true,
    // Treated like https: (secure context), so module scripts and the clipboard work.
    secure: true,
    supportFetchAPI: true,
    codeCache: true,
  },
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
};

/**
 * The file of dist/renderer an app:// URL names, or null when it is not one of ours: another
 * host, a path that would leave the folder, bad escapes. '/' is index.html.
 */
export function rendererFileOf(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  // Check the raw path before and after decoding: URL() already folds plain "../", but not
  // "..%2f" or "%5c", which would decode into a separator.
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\') || rel.split('/').includes('..')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel}`);
  return file.startsWith(root + path.sep) ? file : null;
}

const answer = (status: number, text: string) =>
  new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });

/** The protocol.handle('app', …) handler: our files with the CSP; 403 / 404 / 405 otherwise. */
export function appProtocolHandler(
  rendererDir: string,
  readFile: (file: string) => Promise<Buffer> = (f) => fs.promises.readFile(f),
): (request: { url: string; method: string }) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'method not allowed');
    const file = rendererFileOf(request.url, rendererDir);
    if (!file) return answer(403, 'forbidden');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return answer(404, 'not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}
