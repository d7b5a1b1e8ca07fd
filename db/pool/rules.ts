/**
 * 系统 › 公海规则 (administrator): stored as one JSON value in the setting table, read back through
 * the contract's schema, so a value written by an older or a damaged client reads as the defaults
 * rather than breaking the sweep.
 */
import { z } from 'zod';
import { poolRuleFields, type PoolRules } from '../../core/contract.js';
import type { Ctx } from '../context.js';

const KEY = 'pool.rules';
const schema = z.strictObject(poolRuleFields);

const cache = new WeakMap<object, PoolRules>();

/** The office's pool rules (once per call: the masking and the checks of one call read them often). */
export function readPoolRules(ctx: Pick<Ctx, 'db'>): PoolRules {
  const known = cache.get(ctx);
  if (known) return known;
  const raw = ctx.db.prepare<[string], string>('SELECT value FROM setting WHERE key = ?').pluck().get(KEY);
  let rules = schema.parse({});
  if (raw !== undefined) {
    try {
      const parsed = schema.safeParse(JSON.parse(raw));
      if (parsed.success) rules = parsed.data;
    } catch {
      // not JSON: the defaults (nothing returns to the pool)
    }
  }
  cache.set(ctx, rules);
  return rules;
}

/** Saves the rules (the caller is an administrator, the input parsed by the contract). */
export function writePoolRules(ctx: Pick<Ctx, 'db'>, rules: PoolRules): void {
  // Rules for statuses that no longer exist are dropped; the others are kept in the tree's order.
  const statuses = new Set(ctx.db.prepare<[], number>('SELECT id FROM customer_status').pluck().all());
  const kept = { ...rules, statusDays: rules.statusDays.filter((r) => statuses.has(r.statusId)) };
  ctx.db
    .prepare(`INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
    .run(KEY, JSON.stringify(kept));
  cache.delete(ctx);
}
