/**
 * The wire protocol between a window (browser page, desktop app's remote client) and the office
 * server, over one WebSocket:
 *   client → server  {hello: {app, contract, resume?}}    first, once (version check; resume a session)
 *                    {id, name, input}                     a call
 *   server → client  {hello: {app, contract, resumed}}    or {hello: {error}} and the socket closes
 *                    {id, result}                          the answer ({ok, value} | {ok:false, error})
 *                    {event, payload}                      a change event, a session that ended
 *                    {resume: token}                       after a sign-in: resumes it after a blip
 * No 'node:' imports: the renderer uses it too.
 */
import { contract, type AppErrorShape } from './contract.js';
import pkg from '../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;

/** A short fingerprint of the contract (method names, read/write, fields): same app, same API. */
export const CONTRACT_HASH: string = (() => {
  const text = Object.entries(contract)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, m]) => `${name}:${m.write ? 'w' : 'r'}:${Object.keys(m.labels).sort().join(',')}`)
    .join(';');
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
})();

export interface Hello {
  app: string;
  contract: string;
  resume?: string;
}

/** Largest frame a connection may send (an import file of 20 MB is ~27 MB in base64). */
export const MAX_FRAME_BYTES = 30 * 1024 * 1024;
/** Calls one connection may have waiting for an answer at once. */
export const MAX_IN_FLIGHT = 16;
/** Sustained calls per second per connection, with bursts up to RATE_BURST. */
export const RATE_PER_SECOND = 50;
export const RATE_BURST = 200;

export const versionMismatch = (server: Hello, client: Partial<Hello>): AppErrorShape => ({
  code: 'version_mismatch',
  message:
    server.app === client.app
      ? `本程序与服务器的接口不一致（版本 ${server.app}，接口 ${client.contract ?? '未知'} / ${server.contract}），请在两台电脑上安装同一版本`
      : `版本不一致：本程序为 ${client.app ?? '未知版本'}，服务器为 ${server.app}。请在两台电脑上安装同一版本的客户关系管理系统`,
});

/** Whether a call's id is one we can echo back safely (a small number or a short string). */
export function isCallId(id: unknown): id is number | string {
  return (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length <= 64);
}
