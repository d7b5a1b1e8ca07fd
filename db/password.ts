import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords: scrypt with OWASP's current parameters (N = 2^17, r = 8, p = 1), stored as
 * scrypt$N$r$p$salt$hash (salt and hash in base64), so older hashes (N = 2^14) still verify and
 * are upgraded at the next login (auth.login).
 *
 * Hashing is slow on purpose (~0.3 s, 128 MiB): the data host runs it on libuv's thread pool
 * (`PasswordWork.prepare…`, awaited before the call's transaction), never on the thread that
 * answers everyone else's calls. The synchronous functions remain for tests, the seed and the
 * fallback when nothing was prepared.
 *
 * KEHU_SCRYPT_LOG2N lowers the cost for the unit tests only (vitest.config.ts); nothing else sets it.
 */
export function scryptCost(env: NodeJS.ProcessEnv = process.env): number {
  const log2 = Number(env.KEHU_SCRYPT_LOG2N);
  return 2 ** (Number.isInteger(log2) && log2 >= 10 && log2 <= 20 ? log2 : 17);
}

const R = 8;
const P = 1;
const KEYLEN = 64;

const options = (n: number, r = R, p = P): ScryptOptions => ({ N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parse(stored: string | null): Parsed | null {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, hash] = parts;
  const parsed = {
    n: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
  if (![parsed.n, parsed.r, parsed.p].every((x) => Number.isInteger(x) && x > 0) || parsed.n > 2 ** 20) return null;
  return parsed;
}

const format = (n: number, salt: Buffer, hash: Buffer) =>
  ['scrypt', n, R, P, salt.toString('base64'), hash.toString('base64')].join('$');

const scryptAsync = (password: string, salt: Buffer | string, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** Whether a stored hash uses weaker parameters than today's (rehash at the next login). */
export function needsRehash(stored: string | null): boolean {
  const p = parse(stored);
  return !p || p.n < scryptCost() || p.r !== R || p.p !== P;
}

export function hashPassword(password: string): string {
  const n = scryptCost();
  const salt = randomBytes(16);
  return format(n, salt, scryptSync(password.normalize('NFKC'), salt, KEYLEN, options(n)));
}

export async function hashPasswordAsync(password: string): Promise<string> {
  const n = scryptCost();
  const salt = randomBytes(16);
  return format(n, salt, await scryptAsync(password.normalize('NFKC'), salt, KEYLEN, options(n)));
}

const matches = (p: Parsed, actual: Buffer) => actual.length === p.hash.length && timingSafeEqual(actual, p.hash);

export function verifyPassword(password: string, stored: string | null): boolean {
  const p = parse(stored);
  if (!p) {
    // Spend the same time as a real check, so a missing account is not told apart by timing.
    scryptSync(password, 'no-account', KEYLEN, options(scryptCost()));
    return false;
  }
  return matches(p, scryptSync(password.normalize('NFKC'), p.salt, p.hash.length, options(p.n, p.r, p.p)));
}

export async function verifyPasswordAsync(password: string, stored: string | null): Promise<boolean> {
  const p = parse(stored);
  if (!p) {
    await scryptAsync(password, 'no-account', KEYLEN, options(scryptCost()));
    return false;
  }
  return matches(p, await scryptAsync(password.normalize('NFKC'), p.salt, p.hash.length, options(p.n, p.r, p.p)));
}

/**
 * The password work of one call, done before its transaction: the handler's `hash` / `verify`
 * then find the answer here instead of computing it on the data host's thread.
 */
export class PasswordWork {
  private readonly hashes = new Map<string, string>();
  private readonly verdicts = new Map<string, boolean>();

  async prepareHash(password: string): Promise<void> {
    this.hashes.set(password, await hashPasswordAsync(password));
  }

  async prepareVerify(password: string, stored: string | null): Promise<void> {
    this.verdicts.set(`${stored ?? ''}\u0000${password}`, await verifyPasswordAsync(password, stored));
  }

  hash(password: string): string {
    return this.hashes.get(password) ?? hashPassword(password);
  }

  verify(password: string, stored: string | null): boolean {
    return this.verdicts.get(`${stored ?? ''}\u0000${password}`) ?? verifyPassword(password, stored);
  }
}
