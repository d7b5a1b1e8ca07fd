import { defineConfig, type Plugin } from 'vite';
import { cspMetaTag } from './server/csp';

/** The one CSP (server/csp.ts) also in index.html's <head>, first, before anything loads. */
export const cspMeta = (): Plugin => ({
  name: 'kehu-csp-meta',
  transformIndexHtml: {
    order: 'post',
    handler: (html) => html.replace(/<head>/i, `<head>\n    ${cspMetaTag()}`),
  },
});

// The renderer: built to dist/renderer with relative paths, so Electron can serve it from
// app://kehu/ and the browser mode from 127.0.0.1.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [cspMeta()],
  build: {
    // KEHU_RENDERER_DIR lets parallel work build elsewhere (the e2e server reads the same variable).
    outDir: process.env.KEHU_RENDERER_DIR ?? '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});
