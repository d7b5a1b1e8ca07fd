/**
 * Finding the office server on the local network: the LAN server answers a UDP datagram
 * 'KEHU-CRM-DISCOVER' on its own port number with its name, port and certificate fingerprint;
 * a new PC sends it as a broadcast and lists who answered (网络设置 › 连接到办公室服务器).
 * The answer is only a hint: trust still comes from the person comparing the fingerprint.
 */
import dgram from 'node:dgram';
import os from 'node:os';

export const DISCOVER = 'KEHU-CRM-DISCOVER';

export interface FoundServer {
  name: string;
  url: string;
  fingerprint: string;
}

export interface Responder {
  close(): void;
}

/** Answers discovery datagrams on `port` (UDP) while the LAN server runs. */
export function startResponder(
  port: number,
  bind: string,
  info: () => { port: number; fingerprint: string },
): Responder {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.on('error', () => socket.close());
  socket.on('message', (msg, rinfo) => {
    if (msg.length !== DISCOVER.length || msg.toString('latin1') !== DISCOVER) return;
    const { port: httpsPort, fingerprint } = info();
    const answer = JSON.stringify({ kehu: 1, name: os.hostname().slice(0, 64), port: httpsPort, fingerprint });
    socket.send(answer, rinfo.port, rinfo.address);
  });
  socket.bind(port, bind === '0.0.0.0' || bind === '::' ? undefined : bind);
  return {
    close: () => {
      try {
        socket.close();
      } catch {
        /* already closed */
      }
    },
  };
}

/** Asks the network (or the given addresses) for office servers; answers within `waitMs`. */
export function discoverServers(
  opts: { port?: number; addresses?: string[]; waitMs?: number } = {},
): Promise<FoundServer[]> {
  const port = opts.port ?? 5179;
  const targets = opts.addresses ?? ['255.255.255.255'];
  return new Promise((resolve) => {
    const found = new Map<string, FoundServer>();
    const socket = dgram.createSocket('udp4');
    socket.on('error', () => finish());
    socket.on('message', (msg, rinfo) => {
      try {
        const a = JSON.parse(msg.toString('utf8')) as {
          kehu?: number;
          name?: unknown;
          port?: unknown;
          fingerprint?: unknown;
        };
        if (a.kehu !== 1 || typeof a.port !== 'number' || typeof a.fingerprint !== 'string') return;
        const url = `https://${rinfo.address}:${a.port}/`;
        found.set(url, {
          name: String(a.name ?? rinfo.address).slice(0, 64),
          url,
          fingerprint: a.fingerprint.slice(0, 100),
        });
      } catch {
        /* not one of ours */
      }
    });
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      try {
        socket.close();
      } catch {
        /* closed */
      }
      resolve([...found.values()]);
    }
    socket.bind(() => {
      socket.setBroadcast(true);
      for (const t of targets) socket.send(DISCOVER, port, t);
      setTimeout(finish, opts.waitMs ?? 800);
    });
  });
}
