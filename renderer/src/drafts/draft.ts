/**
 * The draft of an editable tab (explicit save, DESIGN.md): the rows as loaded, plus what the user
 * did to them — new rows, edited cells, rows marked deleted — until '保存' sends it as one batch
 * (core/contract/batch.ts). Plain state and functions, no React: the grid and the hook sit on top.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BatchRows } from '../../../core/contract';

export interface DraftRow<T> {
  /** Stable id for the grid: 'id:12' for a loaded row, 'new:3' for an added one. */
  key: string;
  id: number | null;
  version: number | null;
  values: T;
  /** The values as loaded; null for a new row. */
  original: T | null;
  /** Marked by '删除': still shown (struck through) until '保存' removes it. */
  deleted: boolean;
  /** Why the row can be neither edited nor deleted (e.g. an 操作日志), or null. */
  locked: string | null;
  /** Field → what is wrong with it (live checks, or the last refused save). '_row': the whole row. */
  errors: Record<string, string>;
}

/** A row as the list method returns it. */
export interface LoadedRow<T> {
  id: number;
  version: number;
  values: T;
  locked?: string | null;
}

/** What '保存' sends, and which draft row each entry came from (to place errors on cells). */
export interface DraftBatch<P> extends BatchRows<P> {
  keys: { created: string[]; updated: string[]; deleted: string[] };
}

export interface DraftState<T> {
  rows: DraftRow<T>[];
  /** The list's fingerprint, sent back with the save; null before the first load. */
  token: string | null;
  load(rows: LoadedRow<T>[], token: string): void;
  /** Adds a new row and returns its key. */
  add(values: T, at?: 'top' | 'bottom'): string;
  edit(key: string, field: keyof T & string, value: unknown): void;
  /**
   * '删除' on the selected rows: marks them deleted, or — when every one of them already is —
   * takes the mark off again. Locked rows are left alone and returned.
   */
  toggleDeleted(keys: string[]): { changed: number; locked: DraftRow<T>[] };
  /** Forgets every pending change ('不保存'). */
  revert(): void;
  /** Errors of a refused save, by row key and field. */
  setErrors(byKey: Record<string, Record<string, string>>): void;
}

export type DraftStore<T> = StoreApi<DraftState<T>>;

/** Two cell values are the same; empty text and no value count as the same. */
export function same(a: unknown, b: unknown): boolean {
  return a === b || ((a ?? '') === '' && (b ?? '') === '');
}

/** The fields of a loaded row whose values differ from what was loaded. */
export function changedFields<T>(row: DraftRow<T>, fields: readonly (keyof T & string)[]): (keyof T & string)[] {
  const original = row.original;
  if (!original) return [];
  return fields.filter((f) => !same(row.values[f], original[f]));
}

export function rowState<T>(
  row: DraftRow<T>,
  fields: readonly (keyof T & string)[],
): 'new' | 'deleted' | 'changed' | 'clean' {
  if (row.deleted) return 'deleted';
  if (row.id === null) return 'new';
  return changedFields(row, fields).length ? 'changed' : 'clean';
}

/** Whether '保存' would send anything. */
export function isDirty<T>(rows: DraftRow<T>[], fields: readonly (keyof T & string)[]): boolean {
  return rows.some((r) =>
    r.id === null ? !r.deleted : r.deleted || (!r.locked && changedFields(r, fields).length > 0),
  );
}

const pick = <T>(values: T, fields: readonly (keyof T & string)[]) =>
  Object.fromEntries(fields.map((f) => [f, values[f]])) as Pick<T, (typeof fields)[number]>;

/** The batch of a draft, in grid order: new rows (not deleted), changed rows, deleted rows. */
export function toBatch<T, F extends keyof T & string>(
  rows: DraftRow<T>[],
  fields: readonly F[],
): DraftBatch<Pick<T, F>> {
  const b: DraftBatch<Pick<T, F>> = {
    created: [],
    updated: [],
    deleted: [],
    keys: { created: [], updated: [], deleted: [] },
  };
  for (const r of rows) {
    if (r.id === null) {
      if (r.deleted) continue;
      b.created.push(pick(r.values, fields));
      b.keys.created.push(r.key);
    } else if (r.deleted) {
      b.deleted.push({ id: r.id, version: r.version as number });
      b.keys.deleted.push(r.key);
    } else if (!r.locked && changedFields(r, fields).length) {
      b.updated.push({ ...pick(r.values, fields), id: r.id, version: r.version as number });
      b.keys.updated.push(r.key);
    }
  }
  return b;
}

/**
 * Places a refused save's field errors ('created.1.email' → message) on the draft rows they came
 * from; an error on a whole row ('deleted.0') is kept under '_row'.
 */
export function errorsByRow(
  fields: Record<string, string>,
  keys: DraftBatch<unknown>['keys'],
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [path, message] of Object.entries(fields)) {
    const [kind, index, field] = path.split('.');
    const key = keys[kind as keyof typeof keys]?.[Number(index)];
    if (!key) continue;
    (out[key] ??= {})[field && field !== 'id' && field !== 'version' ? field : '_row'] = message;
  }
  return out;
}

export interface DraftOptions<T> {
  /** Live check of a row's values: field → message (e.g. the contract's zod schema). */
  validate?(values: T): Record<string, string>;
}

export function createDraftStore<T>(opts: DraftOptions<T> = {}): DraftStore<T> {
  let seq = 0;
  const check = (values: T) => opts.validate?.(values) ?? {};
  return createStore<DraftState<T>>((set, get) => ({
    rows: [],
    token: null,
    load: (rows, token) =>
      set({
        token,
        rows: rows.map((r) => ({
          key: `id:${r.id}`,
          id: r.id,
          version: r.version,
          values: r.values,
          original: r.values,
          deleted: false,
          locked: r.locked ?? null,
          errors: {},
        })),
      }),
    add(values, at = 'bottom') {
      const row: DraftRow<T> = {
        key: `new:${++seq}`,
        id: null,
        version: null,
        values,
        original: null,
        deleted: false,
        locked: null,
        errors: {},
      };
      set({ rows: at === 'top' ? [row, ...get().rows] : [...get().rows, row] });
      return row.key;
    },
    edit: (key, field, value) =>
      set({
        rows: get().rows.map((r) => {
          if (r.key !== key || r.locked || r.deleted) return r;
          const values = { ...r.values, [field]: value };
          const { _row: _dropped, ...rest } = r.errors;
          const { [field]: _old, ...others } = rest;
          // Live checks replace this field's message; other fields keep theirs until edited.
          const live = check(values);
          return { ...r, values, errors: { ...others, ...(live[field] ? { [field]: live[field] } : {}) } };
        }),
      }),
    toggleDeleted(keys) {
      const chosen = get().rows.filter((r) => keys.includes(r.key));
      const locked = chosen.filter((r) => r.locked);
      const target = chosen.filter((r) => !r.locked);
      const undo = target.length > 0 && target.every((r) => r.deleted);
      const keySet = new Set(target.map((r) => r.key));
      set({ rows: get().rows.map((r) => (keySet.has(r.key) ? { ...r, deleted: !undo, errors: {} } : r)) });
      return { changed: target.length, locked };
    },
    revert: () =>
      set({
        rows: get()
          .rows.filter((r) => r.original !== null)
          .map((r) => ({ ...r, values: r.original as T, deleted: false, errors: {} })),
      }),
    setErrors: (byKey) => set({ rows: get().rows.map((r) => ({ ...r, errors: byKey[r.key] ?? {} })) }),
  }));
}
