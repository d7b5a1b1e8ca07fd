/**
 * The server log in the data folder (`logs/server.log`): start, stop, connections, refusals.
 * Rotated at 1 MB, keeping server.log.1 … server.log.4. Never holds passwords or customer data.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface ServerLog {
  info(text: string): void;
  warn(text: string): void;
  /** The last lines (for 帮助 › 售后服务's diagnostic bundle and tests). */
  tail(lines?: number): string[];
  readonly file: string;
}

const MAX_BYTES = 1024 * 1024;
const KEEP = 4;

export function openServerLog(dataDir: string, opts: { echo?: boolean; maxBytes?: number } = {}): ServerLog {
  const dir = path.join(dataDir, 'logs');
  const file = path.join(dir, 'server.log');
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  fs.mkdirSync(dir, { recursive: true });
  let size = fs.existsSync(file) ? fs.statSync(file).size : 0;

  function rotate() {
    for (let i = KEEP - 1; i >= 1; i--) {
      const from = `${file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${file}.${i + 1}`);
    }
    if (fs.existsSync(file)) fs.renameSync(file, `${file}.1`);
    size = 0;
  }

  function write(level: string, text: string) {
    // One line per entry: control characters from the network cannot forge lines.
    // eslint-disable-next-line no-control-regex -- exactly the control characters are replaced
    const line = `${new Date().toISOString()} ${level} ${text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 2000)}\n`;
    try {
      if (size + line.length > maxBytes) rotate();
      fs.appendFileSync(file, line);
      size += Buffer.byteLength(line);
    } catch (err) {
      console.error('[log] cannot write the server log:', (err as Error).message);
    }
    if (opts.echo) (level === 'WARN' ? console.warn : console.log)(line.trimEnd());
  }

  return {
    file,
    info: (t) => write('INFO', t),
    warn: (t) => write('WARN', t),
    tail(lines = 50) {
      try {
        return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
      } catch {
        return [];
      }
    },
  };
}
