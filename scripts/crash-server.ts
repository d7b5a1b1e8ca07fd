/**
 * The office server as the crash test starts it (server/crash-cycle.ts): the browser mode's
 * startWebServer on 127.0.0.1, any free port, one reader beside the writer (a test machine has 2
 * cores), no log echo. Prints the address once it serves. `tsx scripts/crash-server.ts --data <dir>`
 */
import { parseArgs } from 'node:util';
import { RENDERER_DIR, startWebServer } from './web-server.js';

const { values } = parseArgs({ options: { data: { type: 'string' } }, allowPositionals: false });
if (!values.data) throw new Error('--data <folder> is required');
const server = await startWebServer({
  port: 0,
  dataDir: values.data,
  rendererDir: RENDERER_DIR,
  quiet: true,
  host: { readers: 1 },
});
console.log(`已启动：${server.url}`);
