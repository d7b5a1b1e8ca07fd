import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServerLog } from './log.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-log-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the server log', () => {
  it('writes one line per entry in the data folder, without control characters from the network', () => {
    const log = openServerLog(dir);
    log.info('连接：本机');
    log.warn('拒绝连接：Host "evil\r\nFAKE 2026 INFO 登录"');
    expect(log.file).toBe(path.join(dir, 'logs', 'server.log'));
    const lines = log.tail();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\S+ INFO 连接：本机$/);
    expect(lines[1]).toMatch(/ WARN 拒绝连接：Host "evil {2}FAKE 2026 INFO 登录"$/);
  });

  it('rotates at its size, keeping four older files', () => {
    const log = openServerLog(dir, { maxBytes: 200 });
    for (let i = 0; i < 60; i++) log.info(`第 ${i} 行 ${'x'.repeat(40)}`);
    const files = fs.readdirSync(path.join(dir, 'logs')).sort();
    expect(files).toEqual(['server.log', 'server.log.1', 'server.log.2', 'server.log.3', 'server.log.4']);
    for (const f of files) expect(fs.statSync(path.join(dir, 'logs', f)).size).toBeLessThanOrEqual(200);
    expect(log.tail(1)[0]).toContain('第 59 行');
  });
});
