/**
 * The explicit-save batch of an editable customer tab (联系人, 日志及维护记录, and later 售前报价,
 * 购买情况): the tab's draft is sent as one batch of new, changed and deleted rows, applied in one
 * transaction or not at all (db/batch.ts). Pure zod, no Node: the renderer imports it too.
 */
import { z } from 'zod';
import { id, version, type Labels } from './common.js';

/** At most this many rows of each kind in one save. */
export const MAX_BATCH_ROWS = 2000;

/** An existing row as the client loaded it. */
export interface Versioned {
  id: number;
  version: number;
}

/**
 * What a draft tab sends on '保存'. `token` is the fingerprint the list method returned: when the
 * customer's editable rows changed since (someone else saved), the save is refused as a conflict.
 */
export interface Batch<Row> extends BatchRows<Row> {
  customerId: number;
  token: string;
}

/** The rows of a batch: new ones, changed ones (with the version loaded), deleted ones. */
export interface BatchRows<Row> {
  created: Row[];
  updated: (Row & Versioned)[];
  deleted: Versioned[];
}

/** How many rows a save applied. */
export interface BatchCounts {
  created: number;
  updated: number;
  deleted: number;
}

/** The customer a tab shows: its name (for messages) and whether its rows may be changed. */
export interface TabCustomer {
  id: number;
  name: string;
  /** False for a deleted customer (the administrator may look, nobody may change). */
  editable: boolean;
}

/** What a list method of a draft tab returns. */
export interface BatchList<R> {
  customer: TabCustomer;
  rows: R[];
  /** Fingerprint of the customer's editable rows (ids and versions), sent back with the save. */
  token: string;
}

/** What a save returns: the fresh list (new ids and versions) and what was applied. */
export type BatchSaved<L> = L & { saved: BatchCounts };

/**
 * Labels of the batch envelope. Keys ending in '[]' name the rows of an array in error messages:
 * the router writes '新增第 2 行 姓名：不能为空' for path created.1.name.
 */
export const batchLabels: Labels = {
  customerId: '客户',
  token: '数据版本',
  'created[]': '新增',
  'updated[]': '修改',
  'deleted[]': '删除',
  id: '编号',
  version: '版本',
};

/** The input schema of a save: the batch envelope around an area's row fields. */
export function batchInput<S extends z.ZodRawShape>(row: S) {
  const tooMany = `一次最多保存 ${MAX_BATCH_ROWS} 行`;
  return z
    .strictObject({
      customerId: id,
      token: z.string({ error: '缺少数据版本' }).max(100),
      created: z.array(z.strictObject(row)).max(MAX_BATCH_ROWS, tooMany).default([]),
      updated: z
        .array(z.strictObject({ ...row, id, version }))
        .max(MAX_BATCH_ROWS, tooMany)
        .default([]),
      deleted: z.array(z.strictObject({ id, version })).max(MAX_BATCH_ROWS, tooMany).default([]),
    })
    .superRefine((b, ctx) => {
      // A row may appear once: changed, or deleted, not both or twice.
      const seen = new Set<number>();
      const check = (kind: 'updated' | 'deleted', rows: Versioned[]) =>
        rows.forEach((r, i) => {
          if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [kind, i, 'id'], message: '同一行出现了两次' });
          seen.add(r.id);
        });
      check('deleted', b.deleted);
      check('updated', b.updated as Versioned[]);
    });
}
