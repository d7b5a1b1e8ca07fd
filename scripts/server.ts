/**
 * `npm run server -- --data <folder> [--port 5179] [--host <address>] [--pg <connection string>]`:
 * the office server without a window, for a PC or small Linux box that stays on. Prints the
 * addresses other PCs connect to and the certificate fingerprint they compare on first connect.
 * With `--pg` (or KEHU_PG_URL) the office's data lives in that PostgreSQL database instead of
 * `<folder>/crm.db`; the folder keeps the certificate, logs and settings.
 */
import { parseArgs } from 'node:util';
import { isPgUrl } from '../db/engine/dialect.js';
import { redactUrl } from '../db/engine/open-pg.js';
import { defaultDataDir } from './data-dir.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { RENDERER_DIR } from './web-server.js';
import { DEFAULT_LAN_PORT, startOfficeServer } from '../server/office-server.js';

export async function runServer(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: String(DEFAULT_LAN_PORT) },
      host: { type: 'string' },
      data: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      pg: { type: 'string' },
    },
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port 不是有效的端口：${values.port}`);
  const dataDir = values.data ?? defaultDataDir();
  const pgUrl = values.pg ?? process.env.KEHU_PG_URL ?? undefined;
  if (pgUrl !== undefined && !isPgUrl(pgUrl)) throw new Error('--pg 应是 postgres:// 开头的连接串');
  await ensureRendererBuilt();
  const server = await startOfficeServer({
    dataDir,
    rendererDir: RENDERER_DIR,
    localPort: null,
    lan: { port, bindHost: values.host },
    quiet: values.quiet,
    host: pgUrl ? { pgUrl } : undefined,
  });
  const status = server.status();
  if (!status.listening) throw new Error(status.error ?? '无法启动局域网服务');
  console.log(
    `客户关系管理系统 办公室服务器已启动。数据：${pgUrl ? `PostgreSQL ${redactUrl(pgUrl)}（设置与日志：${dataDir}）` : dataDir}`,
  );
  console.log('其他电脑在浏览器或客户端中打开：');
  for (const a of status.addresses) console.log(`  ${a}`);
  console.log(`证书指纹（首次连接时请核对）：${status.fingerprint}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runServer().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
