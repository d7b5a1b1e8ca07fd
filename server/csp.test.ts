/**
 * One CSP, in each mode: the browser mode's real HTTP header, the <meta> tag Vite's build puts in
 * index.html, and Electron's app:// handler (electron/protocol.test.ts, electron/main.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY as ELECTRON_CSP } from '../electron/security.js';
import { startWebServer } from '../scripts/web-server.js';
import { cspMeta } from '../vite.config.js';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, META_CONTENT_SECURITY_POLICY } from './csp.js';
import { fakeRenderer } from './testing.js';

vi.setConfig({ testTimeout: 30_000 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-csp-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the content security policy', () => {
  it('is strict and the same object everywhere', () => {
    expect(ELECTRON_CSP).toBe(CONTENT_SECURITY_POLICY);
    for (const d of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
      expect(CSP_DIRECTIVES).toContain(d);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|\*/);
    // The meta form is the header less frame-ancestors (ignored in <meta> by browsers).
    expect(META_CONTENT_SECURITY_POLICY.split('; ')).toEqual(
      CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')),
    );
  });

  it('is the header of every file the browser mode serves', async () => {
    const server = await startWebServer({
      port: 0,
      dataDir: path.join(dir, 'data'),
      rendererDir: fakeRenderer(dir),
      quiet: true,
      host: { readers: 1 },
    });
    try {
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    } finally {
      await server.close();
    }
  });

  it('is in the <meta> tag of the built index.html, first in <head>', () => {
    const plugin = cspMeta();
    const hook = plugin.transformIndexHtml as { handler: (html: string) => string };
    const html = hook.handler(fs.readFileSync(path.resolve('renderer/index.html'), 'utf8'));
    const meta = /<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)" \/>/.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
    // And in the build on disk, when there is one (npm test builds it before the e2e tests).
    const built = path.resolve(process.env.KEHU_RENDERER_DIR ?? 'dist/renderer', 'index.html');
    if (fs.existsSync(built)) expect(fs.readFileSync(built, 'utf8')).toContain(meta![0].replace(/^<head>\s*/, ''));
  });
});
