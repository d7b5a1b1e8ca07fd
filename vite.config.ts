import { defineConfig } from 'vite';

// The renderer: built to dist/renderer with relative paths, so Electron can load it from file://
// and the browser mode can serve it from 127.0.0.1.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    // KEHU_RENDERER_DIR lets parallel work build elsewhere (the e2e server reads the same variable).
    outDir: process.env.KEHU_RENDERER_DIR ?? '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
  },
});
