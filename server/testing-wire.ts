/**
 * Test helpers that speak the wire by hand, the way a hostile program would: a WebSocket opened
 * with a handshake written by hand, frames built byte by byte (bad opcodes, reserved bits,
 * unmasked, bad UTF-8, lengths over the limit), raw HTTP request lines, and a plain `ws` client
 * that sends any text and matches answers by id.
 */
import net from 'node:net';
import tls from 'node:tls';
import WebSocket from 'ws';

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** One client frame: FIN, the given reserved bits and opcode, masked unless told otherwise. */
export function frame(
  opcode: number,
  payload: Buffer | string,
  opts: { rsv?: number; masked?: boolean; claimLength?: number } = {},
): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const masked = opts.masked ?? true;
  const len = opts.claimLength ?? body.length;
  const head: number[] = [0x80 | ((opts.rsv ?? 0) << 4) | opcode];
  const m = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(m | len);
  else if (len < 65536) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const data = Buffer.from(body);
  if (masked) for (let i = 0; i < data.length; i++) data[i] ^= key[i % 4];
  return Buffer.concat([Buffer.from(head), ext, masked ? key : Buffer.alloc(0), data]);
}

/** A WebSocket opened by hand over a plain socket: write raw frames, read the server's frames. */
export interface RawSocket {
  /** The status line of the handshake's answer ('HTTP/1.1 101 Switching Protocols'). */
  status: string;
  write(bytes: Buffer): void;
  /** The server's frames so far (text answers, a close frame with its code). */
  frames: ServerFrame[];
  /** Resolves when the server closed the TCP connection. */
  ended: Promise<void>;
  /** Text answers, parsed. */
  answers(): unknown[];
  /** The close code the server sent, if any. */
  closeCode(): number | null;
  destroy(): void;
}

/** `secure`: over TLS (the LAN server), not checking its certificate. */
export function rawSocket(
  port: number,
  headers: Record<string, string> = {},
  opts: { secure?: boolean } = {},
): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = opts.secure
      ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false })
      : net.connect(port, '127.0.0.1');
    const all: Record<string, string> = {
      host: `127.0.0.1:${port}`,
      upgrade: 'websocket',
      connection: 'Upgrade',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'sec-websocket-version': '13',
      ...headers,
    };
    const request =
      'GET /crm HTTP/1.1\r\n' +
      Object.entries(all)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      '\r\n';
    let buf = Buffer.alloc(0);
    let status: string | null = null;
    const frames: ServerFrame[] = [];
    let endedResolve!: () => void;
    const ended = new Promise<void>((r) => (endedResolve = r));
    const raw: RawSocket = {
      get status() {
        return status ?? '';
      },
      write: (bytes) => socket.write(bytes),
      frames,
      ended,
      answers: () => frames.filter((f) => f.opcode === 1).map((f) => JSON.parse(f.payload.toString()) as unknown),
      closeCode: () => {
        const close = frames.find((f) => f.opcode === 8);
        return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
      },
      destroy: () => socket.destroy(),
    };
    const parse = () => {
      for (;;) {
        if (buf.length < 2) return;
        let len = buf[1] & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        if (buf.length < off + len) return;
        frames.push({ opcode: buf[0] & 0x0f, payload: buf.subarray(off, off + len) });
        buf = buf.subarray(off + len);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (status === null) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = buf.subarray(0, buf.indexOf('\r\n')).toString();
        buf = buf.subarray(end + 4);
        resolve(raw);
      }
      parse();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      endedResolve();
      if (status === null) reject(new Error('the server closed the connection before answering the handshake'));
    });
    socket.write(request);
  });
}

/** Writes raw bytes as an HTTP request and returns the status code of the answer (0: closed without one). */
export function rawHttp(port: number, request: string, opts: { secure?: boolean } = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = opts.secure
      ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false })
      : net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (m) {
        resolve(Number(m[1]));
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(0));
    socket.write(request);
  });
}

/** A plain `ws` client that sends any text and waits for the answer with that id (or id null). */
export interface WireClient {
  ws: WebSocket;
  /** Sends text; resolves with the next answer carrying this id (null: the next id-null answer). */
  send(text: string | Buffer, id: number | string | null, opts?: { binary?: boolean }): Promise<WireAnswer>;
  /** Sends a call {id, name, input}. */
  call(name: unknown, input: unknown): Promise<WireAnswer>;
  close(): void;
}

export interface WireAnswer {
  id: unknown;
  result: { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
}

export function wireClient(port: number, timeoutMs = 5000): Promise<WireClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/crm`, {
      origin: `http://127.0.0.1:${port}`,
      perMessageDeflate: false,
      maxPayload: 64 * 1024 * 1024,
    });
    const waiting = new Map<string, ((a: WireAnswer) => void)[]>();
    let nextId = 1;
    const key = (id: unknown) => JSON.stringify(id ?? null);
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: unknown; result?: unknown };
      if (!('result' in msg)) return; // hello, events, resume tokens
      const list = waiting.get(key(msg.id));
      const first = list?.shift();
      if (list && list.length === 0) waiting.delete(key(msg.id));
      first?.(msg as WireAnswer);
    });
    ws.on('error', (err) => reject(err));
    ws.on('close', () => {
      for (const list of waiting.values())
        for (const cb of list) cb({ id: null, result: { ok: false, error: { code: 'closed', message: 'closed' } } });
      waiting.clear();
    });
    const client: WireClient = {
      ws,
      send(text, id, opts = {}) {
        return new Promise<WireAnswer>((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          const list = waiting.get(key(id)) ?? [];
          list.push((a) => {
            clearTimeout(timer);
            res(a);
          });
          waiting.set(key(id), list);
          ws.send(text, { binary: !!opts.binary });
        });
      },
      call(name, input) {
        const id = nextId++;
        return client.send(JSON.stringify({ id, name, input }), id);
      },
      close: () => ws.close(),
    };
    ws.on('open', () => resolve(client));
  });
}
