/**
 * The WebSocket transport (LAN over TLS, or plain on 127.0.0.1 for the browser mode): one socket
 * = one window = one Peer of the hub. Everything a hostile program on the office network could
 * send gets a clear error and never ends the process: broken frames (ws closes the socket with
 * its own error, which we handle), non-JSON, wrong shapes, odd ids, floods (rate and in-flight
 * limits), unknown hosts and origins (checked before the upgrade, against DNS rebinding).
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { AppErrorShape, Events } from '../core/contract.js';
import type { Hub, Peer } from './hub.js';
import type { ServerLog } from './log.js';
import {
  APP_VERSION,
  CONTRACT_HASH,
  isCallId,
  MAX_FRAME_BYTES,
  MAX_IN_FLIGHT,
  RATE_BURST,
  RATE_PER_SECOND,
  versionMismatch,
  type Hello,
} from '../core/protocol.js';

export const SOCKET_PATH = '/crm';

/** How deeply a message may nest arrays and objects (inputs need a handful of levels). */
export const MAX_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than `limit` (iterative: no stack to overflow). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

export interface SocketOptions {
  hub: Hub;
  log?: ServerLog;
  /** Host headers this server answers to ('127.0.0.1:5179', 'office-pc:5179', …). */
  allowedHosts(): readonly string[];
  /** 'https' on the LAN, 'http' in the browser mode. */
  scheme: 'http' | 'https';
  /** The address of a peer as shown in 在线用户. */
  addressOf?(req: http.IncomingMessage): string;
}

/** Whether a request's Host (and Origin, when a browser sent one) name this server. */
export function isOwnRequest(req: http.IncomingMessage, scheme: 'http' | 'https', allowed: readonly string[]): boolean {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowed.includes(host)) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `${scheme}://${host}`;
}

const peerAddress = (req: http.IncomingMessage) => {
  const a = req.socket.remoteAddress ?? '?';
  const plain = a.replace(/^::ffff:/, '');
  return plain === '127.0.0.1' || plain === '::1' ? '本机' : plain;
};

export function attachSockets(server: http.Server, opts: SocketOptions): { close(): void; sockets: Set<WebSocket> } {
  const { hub } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== SOCKET_PATH || !isOwnRequest(req, opts.scheme, opts.allowedHosts())) {
      opts.log?.warn(
        `拒绝连接：${peerAddress(req)}，Host ${JSON.stringify(req.headers.host ?? '')}，Origin ${JSON.stringify(req.headers.origin ?? '')}，路径 ${JSON.stringify(path.slice(0, 100))}`,
      );
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  };
  server.on('upgrade', onUpgrade);

  function accept(ws: WebSocket, req: http.IncomingMessage) {
    sockets.add(ws);
    const address = opts.addressOf?.(req) ?? peerAddress(req);
    const conn = hub.host.connect();
    const send = (frame: unknown) => {
      if (ws.readyState !== ws.OPEN) return;
      try {
        ws.send(JSON.stringify(frame));
      } catch (err) {
        opts.log?.warn(`无法发送：${(err as Error).message}`);
      }
    };
    const peer: Peer = {
      conn,
      address,
      loginAt: null,
      lastAt: new Date().toISOString(),
      push: <E extends keyof Events>(event: E, payload: Events[E]) => send({ event, payload }),
      end: () => setTimeout(() => ws.close(4000, 'session ended'), 50),
    };
    hub.attach(peer);
    opts.log?.info(`连接：${address}`);

    let tokens = RATE_BURST;
    let refilled = Date.now();
    let inFlight = 0;
    const answer = (id: unknown, error: AppErrorShape) =>
      send({ id: isCallId(id) ? id : null, result: { ok: false, error } });

    ws.on('error', (err) => {
      // A malformed frame (bad UTF-8, reserved bits, unmasked, too long …): ws closes the socket.
      opts.log?.warn(`连接出错（${address}）：${err.message}`);
    });
    ws.on('close', () => {
      sockets.delete(ws);
      hub.detach(peer);
      opts.log?.info(`断开：${address}${conn.session ? `（${conn.session.login}）` : ''}`);
    });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      // Nothing a frame carries may throw out of here: ws would rethrow it and end the process.
      try {
        onMessage(data, isBinary);
      } catch (err) {
        opts.log?.warn(`无法处理消息（${address}）：${(err as Error)?.message ?? String(err)}`);
        answer(null, { code: 'bad_input', message: '无法处理该消息' });
      }
    });

    function onMessage(data: RawData, isBinary: boolean) {
      const now = Date.now();
      tokens = Math.min(RATE_BURST, tokens + ((now - refilled) / 1000) * RATE_PER_SECOND);
      refilled = now;
      if (tokens < 1) return answer(null, { code: 'rate_limited', message: '请求过于频繁，请稍后再试' });
      tokens--;
      if (isBinary) return answer(null, { code: 'bad_input', message: '消息必须是 JSON 文本' });
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return answer(null, { code: 'bad_input', message: '消息不是有效的 JSON' });
      }
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
        return answer(null, { code: 'bad_input', message: '消息必须是 JSON 对象' });
      }
      const frame = msg as { hello?: Partial<Hello>; id?: unknown; name?: unknown; input?: unknown };
      // Deeper than any input could be: refused here, before it meets recursive code (String(),
      // the structured clone to the data host's worker), which would overflow the stack.
      if (deeperThan(msg, MAX_DEPTH)) {
        return answer(frame.id, { code: 'bad_input', message: `消息嵌套过深（超过 ${MAX_DEPTH} 层）` });
      }
      if (frame.hello !== undefined) return hello(frame.hello);
      if (!isCallId(frame.id)) return answer(null, { code: 'bad_input', message: '消息缺少有效的编号（id）' });
      if (typeof frame.name !== 'string')
        return answer(frame.id, { code: 'bad_input', message: '消息缺少操作名称（name）' });
      if (inFlight >= MAX_IN_FLIGHT) {
        return answer(frame.id, { code: 'rate_limited', message: '同时进行的请求过多，请稍后再试' });
      }
      inFlight++;
      const id = frame.id;
      const name = frame.name;
      hub
        .call(peer, name, frame.input)
        .catch((err: unknown) => ({
          ok: false as const,
          error: { code: 'internal' as const, message: `内部错误：${(err as Error)?.message ?? String(err)}` },
        }))
        .then((result) => {
          inFlight--;
          send({ id, result });
          if (result.ok && /^auth\.(login|setup|changePassword)$/.test(name)) {
            void hub.issueResumeToken(peer).then((token) => token && send({ resume: token }));
          }
        });
    }

    function hello(h: Partial<Hello> | null) {
      const ours: Hello = { app: APP_VERSION, contract: CONTRACT_HASH };
      if (!h || typeof h !== 'object' || h.app !== ours.app || h.contract !== ours.contract) {
        const client = h && typeof h === 'object' ? h : {};
        // Only text is shown: String() of an object can throw ({"toString":1}) or recurse.
        const text = (v: unknown) => (typeof v === 'string' && v ? v.slice(0, 40) : undefined);
        const error = versionMismatch(ours, { app: text(client.app), contract: text(client.contract) });
        opts.log?.warn(`拒绝连接（版本不一致）：${address}，客户端 ${text(client.app) ?? '?'}`);
        send({ hello: { ...ours, error } });
        setTimeout(() => ws.close(4001, 'version mismatch'), 50);
        return;
      }
      void (async () => {
        const resumed = typeof h.resume === 'string' && (await hub.resumeSession(peer, h.resume));
        send({ hello: { ...ours, resumed } });
        if (resumed) {
          const token = await hub.issueResumeToken(peer);
          if (token) send({ resume: token });
        }
      })();
    }
  }

  return {
    sockets,
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}
