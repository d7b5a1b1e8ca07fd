import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyPlan, planBatch, rowError, tokenOf } from './batch.js';
import { batchInput, batchLabels } from '../core/contract/batch.js';
import { requiredText } from '../core/contract/common.js';
import { AppError } from './errors.js';
import { validationError } from './router.js';

const rows = [
  { id: 3, version: 1, name: 'c' },
  { id: 1, version: 2, name: 'a' },
];

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('tokenOf', () => {
  it('fingerprints ids and versions, whatever their order', () => {
    expect(tokenOf(rows)).toBe(tokenOf([...rows].reverse()));
    expect(tokenOf(rows)).toMatch(/^[0-9a-f]{40}$/);
    expect(tokenOf([])).not.toBe(tokenOf(rows));
    // A new version, a new row or a removed row all change it.
    expect(tokenOf([{ id: 3, version: 2 }, rows[1]])).not.toBe(tokenOf(rows));
    expect(tokenOf([...rows, { id: 4, version: 1 }])).not.toBe(tokenOf(rows));
    expect(tokenOf([rows[0]])).not.toBe(tokenOf(rows));
  });
});

describe('planBatch and applyPlan', () => {
  const opts = { existing: rows, conflictMessage: '已被其他人修改', what: '联系人' };
  const batch = (over: object = {}) => ({
    customerId: 1,
    token: tokenOf(rows),
    created: [] as { name: string }[],
    updated: [] as { id: number; version: number; name: string }[],
    deleted: [] as { id: number; version: number }[],
    ...over,
  });

  it('refuses a stale token as a conflict before looking at any row', () => {
    const err = thrown(() => planBatch(batch({ token: tokenOf([]) }), opts));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('已被其他人修改');
  });

  it('names a row that is not one of the customer’s rows, and refuses a stale version', () => {
    const err = thrown(() => planBatch(batch({ deleted: [rows[0], { id: 99, version: 1 }] }), opts));
    expect(err.toShape()).toEqual({
      code: 'bad_input',
      message: '删除第 2 行 编号：联系人不存在，或不属于该客户',
      fields: { 'deleted.1.id': '联系人不存在，或不属于该客户' },
    });
    expect(thrown(() => planBatch(batch({ updated: [{ id: 1, version: 1, name: 'x' }] }), opts)).code).toBe('conflict');
  });

  it('applies deletions, then changes, then new rows, and counts only real changes', () => {
    const plan = planBatch(
      batch({
        created: [{ name: 'n' }],
        updated: [
          { id: 1, version: 2, name: 'a2' },
          { id: 3, version: 1, name: 'c' },
        ],
      }),
      opts,
    );
    const done: string[] = [];
    const counts = applyPlan(plan, {
      remove: (b) => done.push(`remove ${b.id}`),
      update: (b, r) => (done.push(`update ${b.id}`), b.name !== r.name),
      create: (r) => done.push(`create ${r.name}`),
    });
    expect(done).toEqual(['update 1', 'update 3', 'create n']);
    expect(counts).toEqual({ created: 1, updated: 1, deleted: 0 });

    const order: string[] = [];
    applyPlan(planBatch(batch({ created: [{ name: 'n' }], deleted: [rows[1]] }), opts), {
      remove: (b) => order.push(`remove ${b.id}`),
      update: () => true,
      create: (r) => order.push(`create ${r.name}`),
    });
    expect(order).toEqual(['remove 1', 'create n']);
  });

  it('rowError names the row and field the way the router names zod errors', () => {
    const e = rowError('updated', 0, '不是该客户的联系人', { key: 'contactId', label: '联系人' });
    expect(e.toShape()).toEqual({
      code: 'bad_input',
      message: '修改第 1 行 联系人：不是该客户的联系人',
      fields: { 'updated.0.contactId': '不是该客户的联系人' },
    });
    expect(rowError('deleted', 2, '不能删除', undefined, 'forbidden').toShape()).toMatchObject({
      code: 'forbidden',
      message: '删除第 3 行：不能删除',
    });
  });
});

describe('batchInput', () => {
  const schema = batchInput({ name: requiredText(10) });
  const labels = { ...batchLabels, name: '姓名' };

  it('defaults the three lists to empty', () => {
    expect(schema.parse({ customerId: 1, token: 't' })).toEqual({
      customerId: 1,
      token: 't',
      created: [],
      updated: [],
      deleted: [],
    });
  });

  it('its errors name each row of each list and the field, through the router’s wording', () => {
    const r = schema.safeParse({
      customerId: 1,
      token: 't',
      created: [{ name: 'ok' }, { name: '' }],
      updated: [{ id: 1, version: 1, name: '太长太长太长太长太长太长' }],
      deleted: [{ id: 2 }, { id: 1, version: 3 }],
    });
    expect(r.success).toBe(false);
    const shape = validationError(r.error as z.ZodError, labels);
    expect(shape.message.split('；')).toEqual([
      '新增第 2 行 姓名：不能为空',
      '修改第 1 行 姓名：不能超过 10 个字',
      '删除第 1 行 版本：缺少版本号',
    ]);
    expect(shape.fields).toMatchObject({ 'created.1.name': '不能为空', 'deleted.0.version': '缺少版本号' });
  });

  it('refuses unknown fields and the same row in two lists', () => {
    const unknown = schema.safeParse({ customerId: 1, token: 't', created: [{ name: 'a', extra: 1 }] });
    expect(validationError(unknown.error as z.ZodError, labels).message).toMatch(/^新增第 1 行：.*extra/);
    const twice = schema.safeParse({
      customerId: 1,
      token: 't',
      updated: [{ id: 1, version: 1, name: 'a' }],
      deleted: [{ id: 1, version: 1 }],
    });
    expect(validationError(twice.error as z.ZodError, labels).message).toBe('修改第 1 行 编号：同一行出现了两次');
  });
});
