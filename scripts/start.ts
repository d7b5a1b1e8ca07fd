/**
 * `npm start`: the desktop app when the Electron binary is installed; otherwise one line saying
 * so, then the browser mode (same renderer, same database folder).
 */
import { spawn } from 'node:child_process';
import { electronBinary } from './electron-available.js';
import { runWeb } from './web.js';

const binary = electronBinary();
if (binary) {
  const child = spawn(binary, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('未找到 Electron 程序（此机器无法下载），改为启动浏览器模式：请在浏览器中打开下面的地址。');
  runWeb(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
