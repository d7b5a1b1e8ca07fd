/**
 * Login throttling, per account and per address: after 5 failures in a row, each further try
 * must wait — 1 s, 2 s, 4 s … up to 15 minutes — counted from the last failure. A success
 * clears the account's and the address's counts. Failures are forgotten after a quiet day.
 */
export const FREE_FAILURES = 5;
const MAX_WAIT_MS = 15 * 60_000;
const FORGET_MS = 24 * 3600_000;

interface Failures {
  count: number;
  last: number;
}

export class LoginThrottle {
  private readonly byKey = new Map<string, Failures>();

  constructor(private readonly now: () => number = Date.now) {}

  private keys(login: string, address: string) {
    return [`login:${login.trim().toLowerCase()}`, `addr:${address}`];
  }

  /** How long this attempt must still wait (ms); 0 = may try now. */
  waitMs(login: string, address: string): number {
    const now = this.now();
    let wait = 0;
    for (const key of this.keys(login, address)) {
      const f = this.byKey.get(key);
      if (!f) continue;
      if (now - f.last > FORGET_MS) {
        this.byKey.delete(key);
        continue;
      }
      if (f.count < FREE_FAILURES) continue;
      const delay = Math.min(MAX_WAIT_MS, 1000 * 2 ** (f.count - FREE_FAILURES));
      wait = Math.max(wait, f.last + delay - now);
    }
    return Math.max(0, wait);
  }

  failed(login: string, address: string): number {
    let worst = 0;
    for (const key of this.keys(login, address)) {
      const f = this.byKey.get(key) ?? { count: 0, last: 0 };
      f.count++;
      f.last = this.now();
      this.byKey.set(key, f);
      worst = Math.max(worst, f.count);
    }
    if (this.byKey.size > 100_000) this.byKey.clear(); // a flood of made-up names must not grow memory
    return worst;
  }

  succeeded(login: string, address: string): void {
    for (const key of this.keys(login, address)) this.byKey.delete(key);
  }
}

/** '请 30 秒后再试' / '请 2 分钟后再试'. */
export function waitText(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `${s} 秒` : `${Math.ceil(s / 60)} 分钟`;
}
