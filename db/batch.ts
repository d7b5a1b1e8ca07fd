/**
 * The server half of explicit save (DESIGN.md, "Explicit save"): a tab's draft arrives as one
 * batch (core/contract/batch.ts) and is checked whole — the token against the customer's current
 * rows, every id and version — before any row is written. The router runs the handler in one
 * transaction, so an error thrown at any row leaves nothing written.
 *
 * An area's handler: loads the customer's editable rows, `planBatch`, checks its own rules (naming
 * rows with `rowError`), then `applyPlan` with its insert/update/delete and 操作日志 lines.
 */
import { createHash } from 'node:crypto';
import type { Batch, BatchCounts, Versioned } from '../core/contract/batch.js';
import { AppError } from './errors.js';

export type BatchKind = 'created' | 'updated' | 'deleted';

const KIND_WORDS: Record<BatchKind, string> = { created: '新增', updated: '修改', deleted: '删除' };

/** Fingerprint of a customer's editable rows: sha1 of the sorted 'id:version' pairs. */
export function tokenOf(rows: readonly Versioned[]): string {
  const pairs = rows
    .map((r) => [r.id, r.version] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([i, v]) => `${i}:${v}`)
    .join(',');
  return createHash('sha1').update(pairs).digest('hex');
}

/** '新增第 2 行' — the same words the router uses for a zod error at created.1. */
export function rowLabel(kind: BatchKind, index: number): string {
  return `${KIND_WORDS[kind]}第 ${index + 1} 行`;
}

/**
 * A refusal of one row (and field): '新增第 2 行 联系人：不是该客户的联系人', with the field key
 * 'created.1.contactId' so the client can mark the cell.
 */
export function rowError(
  kind: BatchKind,
  index: number,
  message: string,
  field?: { key: string; label: string },
  code: 'bad_input' | 'forbidden' = 'bad_input',
): AppError {
  const where = rowLabel(kind, index);
  return new AppError(code, field ? `${where} ${field.label}：${message}` : `${where}：${message}`, {
    [field ? `${kind}.${index}.${field.key}` : `${kind}.${index}`]: message,
  });
}

export interface BatchPlan<Row, Existing extends Versioned> {
  created: { row: Row; index: number }[];
  updated: { before: Existing; row: Row & Versioned; index: number }[];
  deleted: { before: Existing; index: number }[];
}

export interface PlanOptions<Existing extends Versioned> {
  /** The customer's editable rows now (inside the save's transaction). */
  existing: readonly Existing[];
  /** Refusal when someone else changed these rows since the client loaded them. */
  conflictMessage: string;
  /** What a row is called: '联系人', '维护记录'. */
  what: string;
}

/**
 * Checks a batch against the current rows: the token must match (else 'conflict'); each changed or
 * deleted row must be one of them (else a row error) with the version the client loaded.
 */
export function planBatch<Row, Existing extends Versioned>(
  batch: Batch<Row>,
  opts: PlanOptions<Existing>,
): BatchPlan<Row, Existing> {
  if (tokenOf(opts.existing) !== batch.token) throw new AppError('conflict', opts.conflictMessage);
  const byId = new Map(opts.existing.map((r) => [r.id, r]));
  const find = (kind: BatchKind, ref: Versioned, index: number): Existing => {
    const before = byId.get(ref.id);
    if (!before) throw rowError(kind, index, `${opts.what}不存在，或不属于该客户`, { key: 'id', label: '编号' });
    if (before.version !== ref.version) throw new AppError('conflict', opts.conflictMessage);
    return before;
  };
  return {
    created: batch.created.map((row, index) => ({ row, index })),
    updated: batch.updated.map((row, index) => ({ before: find('updated', row, index), row, index })),
    deleted: batch.deleted.map((ref, index) => ({ before: find('deleted', ref, index), index })),
  };
}

export interface ApplyHandlers<Row, Existing extends Versioned> {
  remove(before: Existing, index: number): void;
  /** Returns false when nothing changed (the row is then not counted). */
  update(before: Existing, row: Row & Versioned, index: number): boolean;
  create(row: Row, index: number): void;
}

/** Applies a checked plan: deletions first (they free unique values), then changes, then new rows. */
export function applyPlan<Row, Existing extends Versioned>(
  plan: BatchPlan<Row, Existing>,
  handlers: ApplyHandlers<Row, Existing>,
): BatchCounts {
  for (const d of plan.deleted) handlers.remove(d.before, d.index);
  let updated = 0;
  for (const u of plan.updated) if (handlers.update(u.before, u.row, u.index)) updated++;
  for (const c of plan.created) handlers.create(c.row, c.index);
  return { created: plan.created.length, updated, deleted: plan.deleted.length };
}

/** Throws a conflict unless an UPDATE/DELETE guarded by `version = ?` touched exactly one row. */
export function expectOne(changes: number, conflictMessage: string): void {
  if (changes !== 1) throw new AppError('conflict', conflictMessage);
}
