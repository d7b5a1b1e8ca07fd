/**
 * The hardened network face: each test is an attack that could end the server process (or hang a
 * caller), now answered with a clear error — after which a fresh client still gets a normal answer.
 * Raw frames and request lines are written by hand (server/testing-wire.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOfficeServer } from './office-server.js';
import { MAX_FRAME_BYTES, MAX_IN_FLIGHT, RATE_BURST } from '../core/protocol.js';
import { fakeRenderer, startTestOffice, type TestOffice } from './testing.js';
import { frame, rawHttp, rawSocket, wireClient, type WireAnswer } from './testing-wire.js';

vi.setConfig({ testTimeout: 30_000 });

let office: TestOffice;
let port: number; // the browser mode's plain listener on 127.0.0.1
let lanPort: number; // the LAN server (TLS)
beforeAll(async () => {
  office = await startTestOffice();
  port = Number(new URL(office.server.url).port);
  lanPort = office.server.status().port;
});
afterAll(async () => {
  await office.close();
});

/** The server is still up: a fresh client gets a normal answer on both listeners. */
async function stillServes() {
  const local = await wireClient(port);
  const r = await local.call('auth.state', undefined);
  local.close();
  expect(r.result).toMatchObject({ ok: true, value: { needsSetup: false, user: null } });
  const lan = await office.client();
  expect(await lan.invoke('auth.state')).toMatchObject({ ok: true });
  lan.close();
}

const badInput = (a: WireAnswer | unknown) =>
  expect(a).toMatchObject({
    id: null,
    result: { ok: false, error: { code: 'bad_input', message: expect.any(String) } },
  });

describe('one broken WebSocket frame before any login: the socket is closed with a protocol error', () => {
  const cases: [string, () => Buffer, number][] = [
    ['invalid UTF-8 in a text frame', () => frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ['a reserved bit set', () => frame(0x1, '{}', { rsv: 0b100 }), 1002],
    ['a bad opcode', () => frame(0x3, '{}'), 1002],
    ['an unmasked client frame', () => frame(0x1, '{}', { masked: false }), 1002],
    ['a length over the limit', () => frame(0x1, Buffer.alloc(0), { claimLength: MAX_FRAME_BYTES + 1 }), 1009],
    ['a continuation frame with nothing to continue', () => frame(0x0, '{}'), 1002],
    ['a ping longer than 125 bytes', () => frame(0x9, Buffer.alloc(126)), 1002],
    ['a close frame with an invalid code', () => frame(0x8, Buffer.from([0x03, 0xe7])), 1002],
  ];
  for (const secure of [false, true]) {
    for (const [what, bytes, code] of cases) {
      it(`${what}${secure ? ' (LAN, TLS)' : ''}`, async () => {
        const s = await rawSocket(secure ? lanPort : port, {}, { secure });
        expect(s.status).toBe('HTTP/1.1 101 Switching Protocols');
        s.write(bytes());
        await s.ended;
        expect(s.closeCode()).toBe(code);
        await stillServes();
      });
    }
  }
});

describe('one text frame that is not a call gets an answer with id null, never silence', () => {
  const texts: [string, string][] = [
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"x"'],
    ['a number', '42'],
    ['not JSON', '{"id":1,'],
    ['an empty frame', ''],
    ['an id nested 5,000 arrays deep', `{"id":${'['.repeat(5000)}${']'.repeat(5000)},"name":"auth.state"}`],
    ['a call without a name', '{"id":7}'],
  ];
  for (const [what, text] of texts) {
    it(what, async () => {
      const c = await wireClient(port);
      const a = await c.send(text, what === 'a call without a name' ? 7 : null);
      if (what === 'a call without a name') {
        expect(a).toMatchObject({ id: 7, result: { ok: false, error: { code: 'bad_input' } } });
      } else badInput(a);
      c.close();
      await stillServes();
    });
  }

  it('a binary frame', async () => {
    const c = await wireClient(port);
    badInput(await c.send(Buffer.from('{"id":1,"name":"auth.state"}'), null, { binary: true }));
    c.close();
    await stillServes();
  });

  it('odd ids are answered with id null; a usable id is echoed', async () => {
    const c = await wireClient(port);
    for (const id of ['-1e999', '1e300', '1.5', 'true', '{}', `"${'x'.repeat(65)}"`]) {
      badInput(await c.send(`{"id":${id},"name":"auth.state"}`, null));
    }
    const echoed = await c.send('{"id":-7,"name":"auth.state"}', -7);
    expect(echoed).toMatchObject({ id: -7, result: { ok: true } });
    c.close();
  });

  it('a hello whose fields cannot be turned into text gets the version error, not a crash', async () => {
    for (const hello of [
      '{"toString":1}',
      '{"app":{"toString":1,"valueOf":1}}',
      '{"app":"0.1.0","contract":{"toString":{}}}',
    ]) {
      const c = await wireClient(port);
      const answer = new Promise<unknown>((resolve) => c.ws.once('message', (d) => resolve(JSON.parse(String(d)))));
      c.ws.send(`{"hello":${hello}}`);
      expect(await answer).toMatchObject({ hello: { error: { code: 'version_mismatch' } } });
      c.close();
    }
    const c = await wireClient(port);
    badInput(await c.send(`{"hello":{"app":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`, null));
    c.close();
    await stillServes();
  });

  it('a sign-in whose account cannot be turned into text gets bad_input, not an internal error', async () => {
    const c = await wireClient(port);
    const a = await c.call('auth.login', { login: { toString: 1 }, password: 'x' });
    expect(a.result).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const deep = await c.send(
      `{"id":1,"name":"auth.login","input":{"login":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`,
      1,
    );
    expect(deep).toMatchObject({ id: 1, result: { ok: false, error: { code: 'bad_input' } } });
    c.close();
    await stillServes();
  });

  it('an input nested 200,000 deep is refused as bad input, and the data host keeps serving', async () => {
    const c = await wireClient(port);
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    for (const name of ['auth.state', 'customers.page', 'no.such']) {
      const a = await c.send(`{"id":2,"name":"${name}","input":${deep}}`, 2);
      expect(a).toMatchObject({
        id: 2,
        result: { ok: false, error: { code: 'bad_input', message: '消息嵌套过深（超过 32 层）' } },
      });
    }
    c.close();
    // Straight to the data host (as Electron IPC would): the clone to its worker fails, the call
    // gets an error, and the host keeps serving.
    let deepValue: unknown[] = [];
    for (let i = 0; i < 200_000; i++) deepValue = [deepValue];
    const conn = office.server.host.connect();
    const r = await office.server.host.call(conn, 'auth.state', deepValue);
    expect(r.result).toMatchObject({ ok: false });
    expect((await office.server.host.call(conn, 'auth.state', undefined)).result).toMatchObject({ ok: true });
    office.server.host.drop(conn);
    await stillServes();
  });
});

describe('HTTP requests that are not ours get a clear 4xx, and the server stays up', () => {
  const ws = (version: string, key = true) =>
    `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: ${version}\r\n${key ? 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' : ''}`;
  const get = (target: string, host = `127.0.0.1:${port}`, extra = '') =>
    `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`;
  const cases: [string, () => string, number][] = [
    ['GET /%ff', () => get('/%ff'), 400],
    ['GET /%00.js', () => get('/%00.js'), 400],
    ['GET //%ff', () => get('//%ff'), 400],
    ['GET http://[ (absolute form)', () => get('http://['), 400],
    ['GET /download/%ff', () => get('/download/%ff'), 400],
    ['GET /download/ with a token that is not one', () => get('/download/0123456789abcdef'), 404],
    ['GET /../data/crm.db (outside the renderer folder)', () => get('/%2e%2e/data/crm.db'), 403],
    [
      'POST /',
      () => `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      405,
    ],
    ['a Host header of another site', () => get('/', `attacker.example:${port}`), 403],
    ['no Host header', () => 'GET / HTTP/1.0\r\n\r\n', 403],
    ['a request line that is not HTTP', () => 'HELLO\r\n\r\n', 400],
    ['a header of 64 KB', () => get('/', `127.0.0.1:${port}`, `X-Big: ${'x'.repeat(65536)}\r\n`), 431],
    ['a WebSocket upgrade of another protocol version', () => get('/crm', `127.0.0.1:${port}`, ws('99')), 400],
    ['a WebSocket upgrade without a key', () => get('/crm', `127.0.0.1:${port}`, ws('13', false)), 400],
  ];
  for (const [what, request, status] of cases) {
    it(what, async () => {
      expect(await rawHttp(port, request())).toBe(status);
      await stillServes();
    });
  }

  it('the same over TLS on the LAN server', async () => {
    const lanGet = (target: string, host = `127.0.0.1:${lanPort}`) =>
      `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
    expect(await rawHttp(lanPort, lanGet('/%ff'), { secure: true })).toBe(400);
    expect(await rawHttp(lanPort, lanGet('http://['), { secure: true })).toBe(400);
    expect(await rawHttp(lanPort, lanGet('/', `attacker.example:${lanPort}`), { secure: true })).toBe(403);
    expect(await rawHttp(lanPort, 'HELLO\r\n\r\n', { secure: true })).toBe(400);
    expect(await rawHttp(lanPort, lanGet('/'), { secure: true })).toBe(200);
    await stillServes();
  });
});

describe('DNS rebinding: only our own host names and origins', () => {
  it('refuses a WebSocket upgrade with Host and Origin of another site (403)', async () => {
    const s = await rawSocket(port, { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` });
    expect(s.status).toBe('HTTP/1.1 403 Forbidden');
    s.destroy();
    const lan = await rawSocket(
      lanPort,
      { host: `attacker.example:${lanPort}`, origin: `https://attacker.example:${lanPort}` },
      { secure: true },
    );
    expect(lan.status).toBe('HTTP/1.1 403 Forbidden');
    lan.destroy();
    await stillServes();
  });

  it('refuses HTTP with Host and Origin of another site (403)', async () => {
    const request = `GET / HTTP/1.1\r\nHost: attacker.example:${port}\r\nOrigin: http://attacker.example:${port}\r\nConnection: close\r\n\r\n`;
    expect(await rawHttp(port, request)).toBe(403);
  });

  it('refuses an Origin of another site with our Host, on both listeners', async () => {
    const s = await rawSocket(port, { origin: 'http://attacker.example' });
    expect(s.status).toBe('HTTP/1.1 403 Forbidden');
    s.destroy();
    const https = await rawSocket(port, { origin: `https://127.0.0.1:${port}` }); // wrong scheme
    expect(https.status).toBe('HTTP/1.1 403 Forbidden');
    https.destroy();
    const lan = await rawSocket(lanPort, { origin: 'https://attacker.example' }, { secure: true });
    expect(lan.status).toBe('HTTP/1.1 403 Forbidden');
    lan.destroy();
    const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://attacker.example\r\nConnection: close\r\n\r\n`;
    expect(await rawHttp(port, request)).toBe(403);
    // Our own origin is fine.
    const own = await rawSocket(port, { origin: `http://127.0.0.1:${port}` });
    expect(own.status).toBe('HTTP/1.1 101 Switching Protocols');
    own.destroy();
    await stillServes();
  });
});

describe('rate limits', () => {
  const codeOf = (a: WireAnswer) => (a.result.ok ? 'ok' : a.result.error.code);

  it(`answers calls beyond ${MAX_IN_FLIGHT} in flight with rate_limited`, async () => {
    const c = await wireClient(port);
    // Sent in one go: the first MAX_IN_FLIGHT are still waiting for the data host when the rest arrive.
    const answers = await Promise.all(Array.from({ length: MAX_IN_FLIGHT + 8 }, () => c.call('auth.state', {})));
    const codes = answers.map(codeOf);
    expect(codes.filter((x) => x === 'ok').length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
    expect(codes.filter((x) => x === 'rate_limited').length).toBeGreaterThan(0);
    expect(codes.every((x) => x === 'ok' || x === 'rate_limited')).toBe(true);
    const limited = answers.find((a) => codeOf(a) === 'rate_limited')!;
    expect(typeof limited.id).toBe('number'); // the caller learns which call was refused
    c.close();
  });

  it(`answers a flood beyond ${RATE_BURST} calls with rate_limited, without stopping another connection`, async () => {
    const flooder = await wireClient(port);
    const other = await wireClient(port);
    const flood: Promise<WireAnswer>[] = [];
    for (let i = 0; i < RATE_BURST + 100; i++) {
      flood.push(flooder.send('not json', null));
    }
    const answers = await Promise.all(flood);
    const limited = answers.filter((a) => codeOf(a) === 'rate_limited').length;
    expect(limited).toBeGreaterThanOrEqual(90);
    expect(answers.every((a) => ['bad_input', 'rate_limited'].includes(codeOf(a)))).toBe(true);
    // The other connection is not limited.
    expect(codeOf(await other.call('auth.state', {}))).toBe('ok');
    flooder.close();
    other.close();
    await stillServes();
  });
});

describe('listeners', () => {
  it('binds the browser mode to 127.0.0.1 only, and runs no LAN listener unless it is enabled', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-face-'));
    try {
      const server = await startOfficeServer({
        dataDir: path.join(dir, 'data'),
        rendererDir: fakeRenderer(dir),
        localPort: 0,
        quiet: true,
        host: { readers: 1 },
      });
      try {
        const bound = server.listening();
        expect(bound.local).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
        expect(bound.lan).toBeNull();
        expect(server.status()).toMatchObject({ enabled: false, listening: false, mode: 'local' });
      } finally {
        await server.close();
      }
      // office.json saying no: still none.
      fs.writeFileSync(path.join(dir, 'data', 'office.json'), JSON.stringify({ lanEnabled: false, lanPort: 5179 }));
      const again = await startOfficeServer({
        dataDir: path.join(dir, 'data'),
        rendererDir: fakeRenderer(dir),
        localPort: 0,
        quiet: true,
        host: { readers: 1 },
      });
      try {
        expect(again.listening()).toMatchObject({ local: { address: '127.0.0.1' }, lan: null });
      } finally {
        await again.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the test office binds its LAN listener where it was told (127.0.0.1)', () => {
    expect(office.server.listening()).toMatchObject({
      local: { address: '127.0.0.1', port },
      lan: { address: '127.0.0.1', port: lanPort },
    });
  });
});
