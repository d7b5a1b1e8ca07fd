import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../server/csp.js';
import { appProtocolHandler, rendererFileOf } from './protocol.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-protocol-'));
const renderer = path.join(dir, 'renderer');
fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><div id="root"></div>');
fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the page');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('maps app://kehu/ paths into the renderer folder and nowhere else', () => {
    expect(rendererFileOf('app://kehu/', renderer)).toBe(path.join(renderer, 'index.html'));
    expect(rendererFileOf('app://kehu/assets/app.js?v=1#x', renderer)).toBe(path.join(renderer, 'assets', 'app.js'));
    for (const url of [
      'app://kehu/..%2fsecret.txt',
      'app://kehu/assets/..%2F..%2Fsecret.txt',
      'app://kehu/%5c..%5csecret.txt',
      'app://kehu/a%00.js',
      'app://kehu/%E0%A4%A',
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://kehu/index.html',
      'not a url',
    ]) {
      expect(rendererFileOf(url, renderer), url).toBeNull();
    }
  });

  it('answers our files with the one CSP, and refuses the rest', async () => {
    const read: string[] = [];
    const handle = appProtocolHandler(renderer, async (f) => {
      read.push(f);
      return fs.promises.readFile(f);
    });
    const page = await handle({ url: 'app://kehu/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('id="root"');
    const js = await handle({ url: 'app://kehu/assets/app.js', method: 'GET' });
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await handle({ url: 'app://kehu/..%2fsecret.txt', method: 'GET' })).status).toBe(403);
    expect((await handle({ url: 'app://kehu/missing.js', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: 'app://kehu/index.html', method: 'POST' })).status).toBe(405);
    expect(read.every((f) => f.startsWith(renderer + path.sep))).toBe(true);
  });
});
