import { afterEach, describe, expect, it } from 'vitest';
import { childRows } from './child-rows.js';
import { createOffice, ctxOf, newCustomer } from './testing.js';

let office: ReturnType<typeof createOffice>;
afterEach(() => office?.app.close());

const table = {
  table: 'record',
  columns: { content: 'content', nextOn: 'next_on' },
  only: `kind = 'followup'`,
  conflict: '已被其他人修改',
  labels: { content: '内容', nextOn: '下次跟进' },
};

describe('childRows: the one writer of a tab’s rows', () => {
  it('inserts, updates only what changed, deletes — each with its 操作日志 line, versions guarded', () => {
    office = createOffice();
    const { app, wang, wangId } = office;
    const customer = app.ok(wang, 'customers.create', newCustomer(wangId));
    const ctx = ctxOf(app, wang);
    const rows = childRows(ctx, customer.id, table);
    const logs = () =>
      app.db
        .prepare(`SELECT content FROM record WHERE customer_id = ? AND kind = 'log' ORDER BY id`)
        .pluck()
        .all(customer.id) as string[];
    const before = logs().length;

    app.db.transaction(() =>
      rows.insert(
        { content: '电话回访', nextOn: null },
        { kind: 'followup', at: '2026-11-26T02:00:00.000Z', method: '电话', author_id: wangId },
        '新增维护记录 电话回访',
      ),
    )();
    const row = app.db
      .prepare(`SELECT id, version, content, next_on AS nextOn FROM record WHERE kind = 'followup'`)
      .get() as { id: number; version: number; content: string; nextOn: string | null };
    expect(row).toMatchObject({ content: '电话回访', nextOn: null, version: 1 });

    expect(rows.update(row, { content: '电话回访', nextOn: null }, '修改维护记录')).toBe(false);
    expect(rows.update(row, { content: '电话回访', nextOn: '2026-12-01' }, '修改维护记录')).toBe(true);
    expect(logs().slice(before)).toEqual(['新增维护记录 电话回访', '修改维护记录：下次跟进: （空） → 2026-12-01']);

    // The loaded version is stale now: a second writer's change is a conflict, nothing written.
    expect(() => rows.update(row, { content: '上门拜访', nextOn: null }, '修改维护记录')).toThrow('已被其他人修改');
    expect(() => rows.remove(row, '删除维护记录')).toThrow('已被其他人修改');
    rows.remove({ id: row.id, version: 2 }, '删除维护记录 电话回访');
    expect(app.db.prepare(`SELECT count(*) FROM record WHERE kind = 'followup'`).pluck().get()).toBe(0);
  });

  it('touches only the rows of its kind: an 操作日志 line is never the tab’s to delete', () => {
    office = createOffice();
    const { app, wang, wangId } = office;
    const customer = app.ok(wang, 'customers.create', newCustomer(wangId));
    const log = app.db
      .prepare(`SELECT id, version FROM record WHERE customer_id = ? AND kind = 'log'`)
      .get(customer.id) as { id: number; version: number };
    const rows = childRows(ctxOf(app, wang), customer.id, table);
    expect(() => rows.remove(log, '删除')).toThrow('已被其他人修改');
    expect(app.db.prepare(`SELECT count(*) FROM record WHERE id = ?`).pluck().get(log.id)).toBe(1);
  });
});
