/**
 * Crash safety at scale: `npm run crash:bench -- --kills 1000 [--seed N] [--minutes M]`.
 * Kills the real office server (SIGKILL) that many times on one data folder, mid-burst of writes
 * through the WebSocket transport, and checks after every kill that each acknowledged save
 * survived (server/crash-cycle.ts, shared with server/crash.test.ts). Exits 1 on any loss.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCrashCycles } from '../server/crash-cycle.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    minutes: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});
const kills = Number(values.kills);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const minutes = values.minutes !== undefined ? Number(values.minutes) : undefined;
// The staff's passwords are hashed at the unit tests' cost: this measures crashes, not scrypt.
process.env.KEHU_SCRYPT_LOG2N ??= '14';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-crash-'));
const t0 = Date.now();
console.log(`crash bench: ${kills} kills, seed ${seed}, data ${dir}`);
const stats = await runCrashCycles({
  dir,
  kills,
  seed,
  timeLimitMs: minutes !== undefined ? minutes * 60_000 : undefined,
  onCycle: (cycle, s) => {
    if ((cycle + 1) % 50 === 0) {
      console.log(`  ${cycle + 1} kills, ${s.acknowledged} acknowledged, ${Math.round((Date.now() - t0) / 1000)} s`);
    }
  },
});
const lost = stats.lost.length;
console.log(
  [
    `machine:        ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`,
    `seed:           ${stats.seed}`,
    `kills:          ${stats.kills}${stats.kills < kills ? ` (of ${kills}: time limit)` : ''} — ${stats.killsMidWrite} mid-write, ${stats.killsDuringStartup} during start-up`,
    `acknowledged:   ${stats.acknowledged} saves (customers.create, contacts.save, records.save)`,
    `unanswered:     ${stats.unanswered} calls in flight at a kill (may or may not have applied)`,
    `lost:           ${lost}`,
    `half-written:   ${stats.halfWritten.length}`,
    `refused:        ${stats.refused.length}`,
    `integrity:      ${stats.integrity}`,
    `操作日志 chain: ${stats.chain?.ok ? `ok (${stats.chain.count} lines)` : `BROKEN ${stats.chain && !stats.chain.ok ? stats.chain.reason : ''}`}`,
    `server start:   ${stats.startupMs.min}/${stats.startupMs.median}/${stats.startupMs.max} ms (min/median/max)`,
    `time:           ${(stats.elapsedMs / 1000).toFixed(1)} s (${(stats.elapsedMs / Math.max(1, stats.kills)).toFixed(0)} ms per kill)`,
  ].join('\n'),
);
[...stats.lost, ...stats.halfWritten, ...stats.refused].slice(0, 20).forEach((l) => console.log(`  ! ${l}`));
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
const failed = lost > 0 || stats.halfWritten.length > 0 || stats.integrity !== 'ok' || !stats.chain?.ok;
process.exit(failed ? 1 : 0);
