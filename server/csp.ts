/**
 * The one Content-Security-Policy of the renderer, wherever it runs:
 * - the browser mode and the office server send it as a header with every file (server/http.ts);
 * - the desktop app's app:// protocol handler sends the same header (electron/protocol.ts);
 * - the built index.html carries it in a <meta> tag too (vite.config.ts), so a page opened some
 *   other way (a file:// page gets no header) is still covered.
 *
 * Only our own scripts run; 'unsafe-inline' styles are needed by AG Grid (style attributes);
 * data: images and fonts are small assets Vite inlines; blob: images are the guide's and print
 * preview's generated pictures. No plugins, no <base>, no framing, no form posts anywhere.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
] as const;

/** The policy as an HTTP header value. */
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

/**
 * The policy for a <meta http-equiv> tag: the same, less frame-ancestors, which browsers ignore
 * (and warn about) in a meta tag — the header still carries it.
 */
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ');

/** The <meta> tag itself (attribute-escaped). */
export function cspMetaTag(): string {
  return `<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY.replace(/"/g, '&quot;')}" />`;
}
