import { DEFAULT_FEE_WINDOW_DAYS, MAX_FEE_WINDOW_DAYS, type Settings } from '../../core/contract.js';
import type { Ctx } from '../context.js';
import type { HandlersOf } from '../router.js';

/** Each setting's key in the `setting` table (0001_init.sql). */
const KEYS: Record<keyof Settings, string> = {
  companyName: 'company.name',
  companyAddress: 'company.address',
  companyPhone: 'company.phone',
  companyEmail: 'company.email',
  companyBank: 'company.bank',
  companyAccount: 'company.account',
  feeWindowDays: 'fees.window_days',
  supportPhone: 'support.phone',
  supportContact: 'support.contact',
  supportWeb: 'support.web',
};

const FIELDS = Object.keys(KEYS) as (keyof Settings)[];

/** The office's settings; what was never set reads as empty (or the default window). */
export function readSettings(ctx: Pick<Ctx, 'db'>): Settings {
  const stored = new Map(
    ctx.db
      .prepare<[], { key: string; value: string }>(`SELECT key, value FROM setting WHERE key IN (${placeholders()})`)
      .all(...(Object.values(KEYS) as []))
      .map((r) => [r.key, r.value]),
  );
  const days = Number(stored.get(KEYS.feeWindowDays));
  return {
    companyName: stored.get(KEYS.companyName) ?? '',
    companyAddress: stored.get(KEYS.companyAddress) ?? '',
    companyPhone: stored.get(KEYS.companyPhone) ?? '',
    companyEmail: stored.get(KEYS.companyEmail) ?? '',
    companyBank: stored.get(KEYS.companyBank) ?? '',
    companyAccount: stored.get(KEYS.companyAccount) ?? '',
    feeWindowDays:
      Number.isInteger(days) && days >= 0 && days <= MAX_FEE_WINDOW_DAYS && stored.has(KEYS.feeWindowDays)
        ? days
        : DEFAULT_FEE_WINDOW_DAYS,
    supportPhone: stored.get(KEYS.supportPhone) ?? '',
    supportContact: stored.get(KEYS.supportContact) ?? '',
    supportWeb: stored.get(KEYS.supportWeb) ?? '',
  };
}

function placeholders() {
  return FIELDS.map(() => '?').join(', ');
}

export const settingsHandlers: HandlersOf<'settings'> = {
  'settings.get': (ctx) => readSettings(ctx),

  'settings.update': (ctx, input) => {
    const put = ctx.db.prepare(
      `INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    for (const f of FIELDS) put.run(KEYS[f], String(input[f]));
    return readSettings(ctx);
  },
};
