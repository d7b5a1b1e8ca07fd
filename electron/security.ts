/**
 * The window's security rules (Electron security checklist): a strict CSP, no navigation away
 * from the app, no new windows, no <webview>, no permissions but writing to the clipboard.
 */
import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../server/csp.js';
import { isRendererUrl } from './ipc.js';

// The one policy (server/csp.ts), also sent by the app:// handler (protocol.ts) and in index.html's <meta>.
export { CONTENT_SECURITY_POLICY };

type Headers = Record<string, string | string[]>;

/** The response headers of one of our pages (app:, or file: if ever used), with our CSP replacing any other. */
export function withCsp(url: string, headers: Headers | undefined): Headers | undefined {
  if (!url.startsWith('file:') && !url.startsWith('app:')) return headers;
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() !== 'content-security-policy') out[k] = v;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** Links the user may open in the system browser: http and https only (never file:, javascript: …). */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Permissions a page may have: copying to the clipboard (grid "复制"); nothing else. */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

export function secureSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.url, details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(isAllowedPermission(permission)));
  session.setPermissionCheckHandler((_wc, permission) => isAllowedPermission(permission));
}

/**
 * Applied to every webContents the app creates. The page can never leave our renderer page:
 * navigation elsewhere and window.open are refused; http(s) links open in the system browser.
 */
export function secureContents(
  contents: WebContents,
  rendererUrl: string,
  openExternal: (url: string) => unknown,
): void {
  contents.on('will-navigate', (event) => {
    if (isRendererUrl(event.url, rendererUrl)) return;
    event.preventDefault();
    if (isExternalLink(event.url)) openExternal(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url, rendererUrl)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
