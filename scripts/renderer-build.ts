import fs from 'node:fs';
import path from 'node:path';
import { RENDERER_DIR } from './web-server.js';

/** Builds the renderer with Vite when dist/renderer is missing (first `npm run web`). */
export async function ensureRendererBuilt(): Promise<void> {
  if (fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return;
  console.log('正在构建界面（首次运行）…');
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
}
