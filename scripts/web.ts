/**
 * Browser mode: `npm run web -- --port <port> --data <folder>`.
 * Serves the renderer and the router on 127.0.0.1 only; the database is <folder>/crm.db
 * (default: the desktop app's per-user data folder).
 */
import { parseArgs } from 'node:util';
import { defaultDataDir } from './data-dir.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { startWebServer } from './web-server.js';

export async function runWeb(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string', default: '5178' }, data: { type: 'string' } },
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port 不是有效的端口：${values.port}`);
  const dataDir = values.data ?? defaultDataDir();
  await ensureRendererBuilt();
  const server = await startWebServer({ port, dataDir });
  console.log(`客户关系管理系统（浏览器模式）已启动：${server.url}  数据：${dataDir}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runWeb().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
