/**
 * The one writer of a customer's child rows — 联系人, 维护记录, 报价, 购买记录: each DELETE and
 * UPDATE is guarded by the row's version (someone else's change in between is a conflict, and the
 * whole save rolls back), each change writes its 操作日志 line on the customer. The tabs' handlers
 * say what their table is, which fields map to which columns and how a row is worded in the log;
 * the batch checks before it are in batch.ts.
 */
import type { Versioned } from '../core/contract/batch.js';
import { nowIso, type Ctx } from './context.js';
import { expectOne } from './batch.js';
import { describeChanges, writeLog } from './oplog.js';

export interface ChildTable<K extends string> {
  table: string;
  /** Field → column of what the tab edits. */
  columns: Record<K, string>;
  /** Rows of the table this tab may touch, e.g. `kind = 'followup'` (操作日志 rows are not the tab's). */
  only?: string;
  /** Refusal when the row changed since it was loaded. */
  conflict: string;
  /** Field labels for the log's '字段: 旧 → 新' list. */
  labels: Record<string, string>;
  /** How a value reads in the log. */
  show?: (key: string, value: unknown) => string;
}

/** SQLite has no booleans: flags are stored as 0 / 1. */
const bind = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

export interface ChildRows<K extends string> {
  /** Deletes a loaded row (by id and version) and logs `line`. */
  remove(before: Versioned, line: string): void;
  /**
   * Writes the fields that differ from the loaded row (plus `also`: columns that follow from them,
   * e.g. 应付) and logs `${title}：字段: 旧 → 新；…`. Returns false when nothing differed.
   */
  update(
    before: Versioned & Record<K, unknown>,
    after: Record<K, unknown>,
    title: string,
    opts?: { also?: Record<string, unknown>; logged?: Record<string, unknown> },
  ): boolean;
  /** Inserts a row of the customer with the tab's fields and `also` (columns it does not edit); logs `line`. */
  insert(fields: Record<K, unknown>, also: Record<string, unknown>, line: string): void;
}

/** The writer of one tab's rows of one customer, inside the save's transaction. */
export function childRows<K extends string>(ctx: Ctx, customerId: number, t: ChildTable<K>): ChildRows<K> {
  const keys = Object.keys(t.columns) as K[];
  const only = t.only ? ` AND ${t.only}` : '';
  const at = nowIso(ctx);
  return {
    remove(before, line) {
      const res = ctx.db
        .prepare(`DELETE FROM ${t.table} WHERE id = ? AND customer_id = ? AND version = ?${only}`)
        .run(before.id, customerId, before.version);
      expectOne(res.changes, t.conflict);
      writeLog(ctx, customerId, line);
    },

    update(before, after, title, opts = {}) {
      const changed = keys.filter((k) => before[k] !== after[k]);
      if (changed.length === 0) return false;
      const sets = [
        ...changed.map((k) => [t.columns[k], bind(after[k])] as const),
        ...Object.entries(opts.also ?? {}).map(([c, v]) => [c, bind(v)] as const),
      ];
      const res = ctx.db
        .prepare(
          `UPDATE ${t.table} SET ${sets.map(([c]) => `${c} = ?`).join(', ')}, updated_at = ?, version = version + 1
           WHERE id = ? AND customer_id = ? AND version = ?${only}`,
        )
        .run(...sets.map(([, v]) => v), at, before.id, customerId, before.version);
      expectOne(res.changes, t.conflict);
      const changes = describeChanges(
        before as unknown as Record<string, unknown>,
        { ...after, ...opts.logged },
        t.labels,
        t.show,
      );
      writeLog(ctx, customerId, `${title}：${changes.join('；')}`);
      return true;
    },

    insert(fields, also, line) {
      const cols = [
        ...keys.map((k) => [t.columns[k], bind(fields[k])] as const),
        ...Object.entries(also).map(([c, v]) => [c, bind(v)] as const),
      ];
      ctx.db
        .prepare(
          `INSERT INTO ${t.table} (customer_id, ${cols.map(([c]) => c).join(', ')}, created_at, updated_at)
           VALUES (?, ${cols.map(() => '?').join(', ')}, ?, ?)`,
        )
        .run(customerId, ...cols.map(([, v]) => v), at, at);
      writeLog(ctx, customerId, line);
    },
  };
}
