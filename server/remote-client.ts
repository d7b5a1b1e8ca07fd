/**
 * The remote client: how the desktop app on another PC (its main process) reaches the office
 * server — the same protocol the browser uses (core/protocol.ts), over TLS, trusting the
 * server's certificate only by the SHA-256 fingerprint a person confirmed (trust on first use).
 * A changed certificate is refused before anything is sent. Reconnects by itself with backoff;
 * after a blip the session resumes, after a server restart the window is asked to log in again.
 * Also used by the tests and the load bench as "another PC".
 */
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import WebSocket from 'ws';
import type { Hello } from '../core/protocol.js';
import { createProtocolClient, type ProtocolClient, type SocketLike } from '../core/protocol-client.js';
import { formatFingerprint, sameFingerprint } from './tls.js';

export interface ServerIdentity {
  /** 'AB12 CD34 …' */
  fingerprint: string;
  /** The certificate itself (PEM), trusted as its own authority once its fingerprint was confirmed. */
  certPem: string;
}

export class FingerprintMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `服务器的证书指纹与上次确认的不一致（上次：${expected}；这次：${actual}）。` +
        '可能是服务器重新安装或更换了电脑，也可能有人在冒充服务器。请先向管理员核对服务器上显示的指纹，确认无误后在 网络设置 中重新连接。',
    );
  }
}

/** 'office-pc', 'office-pc:5180', 'https://192.168.1.20:5179/' → https URL of the server. */
export function serverUrl(address: string, defaultPort = 5179): URL {
  const text = address.trim();
  const url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  if (url.protocol !== 'https:') throw new Error('办公室服务器的地址应以 https:// 开头');
  if (!url.port) url.port = String(defaultPort);
  url.pathname = '/';
  url.search = '';
  url.hash = '';
  return url;
}

/** Connects once over TLS without trusting anything, to read the server's certificate. */
export function probeServer(address: string, timeoutMs = 5000): Promise<ServerIdentity & { url: string }> {
  const url = serverUrl(address);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port),
      servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const done = (err: Error | null, value?: ServerIdentity & { url: string }) => {
      socket.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate(false)?.raw;
      if (!raw) return done(new Error('服务器没有提供证书'));
      const cert = new X509Certificate(raw);
      done(null, { url: url.href, fingerprint: formatFingerprint(cert.fingerprint256), certPem: cert.toString() });
    });
    socket.once('timeout', () =>
      done(new Error(`连接 ${url.host} 超时：请检查地址、服务器是否开着、防火墙是否放行端口 ${url.port}`)),
    );
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(
        new Error(
          err.code === 'ECONNREFUSED'
            ? `无法连接 ${url.host}：服务器没有开启，或没有打开 允许其他电脑连接`
            : err.code === 'ENOTFOUND'
              ? `找不到电脑 ${url.hostname}：请检查地址`
              : `无法连接 ${url.host}：${err.message}`,
        ),
      ),
    );
  });
}

export interface RemoteOptions {
  /** ws://127.0.0.1:…/crm (browser mode, tests) or the https address of the office server. */
  url: string;
  /** Required for https: the confirmed identity; the connection is refused on any other certificate. */
  trust?: ServerIdentity;
  /** Sent as Origin (a browser would); absent for the desktop app. */
  origin?: string;
  /** Reconnect with backoff when the connection drops (default true). */
  reconnect?: boolean;
  /** What the client says it is (tests pretend to be another version). */
  hello?: Partial<Hello>;
}

export type RemoteClient = ProtocolClient;

/** The socket URL of a server address: wss://host:port/crm for https, the given ws:// URL as is. */
export function socketUrl(address: string): string {
  if (/^wss?:\/\//.test(address)) return address;
  return `wss://${serverUrl(address).host}/crm`;
}

export function connectRemote(opts: RemoteOptions): RemoteClient {
  const url = socketUrl(opts.url);
  const secure = url.startsWith('wss:');
  const trust = opts.trust;
  if (secure && !trust) throw new Error('连接办公室服务器前，需要先确认服务器的证书指纹');
  const tlsOptions =
    secure && trust
      ? {
          ca: [trust.certPem],
          // The certificate is trusted for what it is, not for a host name: compare fingerprints.
          checkServerIdentity: (_host: string, cert: tls.PeerCertificate) =>
            sameFingerprint(cert.fingerprint256, trust.fingerprint)
              ? undefined
              : new FingerprintMismatch(trust.fingerprint, formatFingerprint(cert.fingerprint256)),
        }
      : {};
  return createProtocolClient({
    reconnect: opts.reconnect,
    hello: opts.hello,
    // ws passes the TLS options (ca, checkServerIdentity) on to tls.connect.
    open: () =>
      new WebSocket(url, {
        origin: opts.origin,
        perMessageDeflate: false,
        handshakeTimeout: 10_000,
        ...tlsOptions,
      } as WebSocket.ClientOptions) as unknown as SocketLike,
    fatal: (e) => {
      const err = (e as { error?: unknown }).error ?? e;
      return err instanceof FingerprintMismatch ? err.message : null;
    },
  });
}
