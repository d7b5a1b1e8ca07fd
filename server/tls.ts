/**
 * The office server's certificate: made on first use (selfsigned, an EC P-256 key, ten years),
 * kept in the data folder (`tls/server.key`, `tls/server.crt`, the key readable by its owner
 * only). Clients trust it by its SHA-256 fingerprint, confirmed by a person on first connect.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface ServerCertificate {
  key: string;
  cert: string;
  /** 'AB12 CD34 …': the SHA-256 of the certificate in groups of four hex digits. */
  fingerprint: string;
}

/** '9F:3A:…' (Node's fingerprint256) or plain hex → '9F3A 0B…' in groups of four, upper case. */
export function formatFingerprint(raw: string): string {
  const hex = raw.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** Fingerprints compared whatever their spacing or case. */
export const sameFingerprint = (a: string, b: string) =>
  a.replace(/[^0-9a-fA-F]/g, '').toUpperCase() === b.replace(/[^0-9a-fA-F]/g, '').toUpperCase() && a.trim() !== '';

export function fingerprintOf(certPem: string): string {
  return formatFingerprint(new X509Certificate(certPem).fingerprint256);
}

export async function loadOrCreateCertificate(dataDir: string): Promise<ServerCertificate> {
  const dir = path.join(dataDir, 'tls');
  const keyFile = path.join(dir, 'server.key');
  const certFile = path.join(dir, 'server.crt');
  if (fs.existsSync(keyFile) && fs.existsSync(certFile)) {
    const key = fs.readFileSync(keyFile, 'utf8');
    const cert = fs.readFileSync(certFile, 'utf8');
    return { key, cert, fingerprint: fingerprintOf(cert) };
  }
  fs.mkdirSync(dir, { recursive: true });
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: `Kehu CRM ${os.hostname()}`.slice(0, 64) }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 86400_000),
    notAfterDate: new Date(now.getTime() + 10 * 365 * 86400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: os.hostname() },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  fs.writeFileSync(keyFile, pems.private, { mode: 0o600 });
  fs.writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert, fingerprint: fingerprintOf(pems.cert) };
}
