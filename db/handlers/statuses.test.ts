import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { createOffice, failure, newCustomer, type Office } from '../testing.js';

let { app, wangId, liId, admin, wang } = {} as Office;
beforeEach(() => {
  ({ app, wangId, liId, admin, wang } = createOffice());
});
afterEach(() => app.close());

let n = 0;
function create(ownerId: number, statusId: number, over: Partial<Input<'customers.create'>> = {}) {
  n++;
  return app.ok(admin, 'customers.create', {
    ...newCustomer(ownerId),
    name: `测试客户${n}号有限公司`,
    keyword: `测试${n}`,
    statusId,
    confirmDuplicates: true,
    ...over,
  });
}

const countsOf = (conn: Connection) => {
  const tree = app.ok(conn, 'statuses.tree');
  return { total: tree.total, ...Object.fromEntries(tree.statuses.map((s) => [s.name, s.count])) };
};

describe('statuses.tree', () => {
  it('lists the seeded statuses in order with zero counts', () => {
    expect(app.ok(admin, 'statuses.tree')).toEqual({
      total: 0,
      statuses: [
        { id: 1, name: '潜在客户', sortOrder: 1, count: 0 },
        { id: 2, name: '意向客户', sortOrder: 2, count: 0 },
        { id: 3, name: '正式客户', sortOrder: 3, count: 0 },
        { id: 4, name: '流失客户', sortOrder: 4, count: 0 },
      ],
      pool: 0,
    });
  });

  it('counts the customers each user may see, per status, without deleted ones', () => {
    create(wangId, 1);
    create(wangId, 1);
    create(wangId, 3);
    const lis = create(liId, 3);
    create(liId, 4);
    const gone = create(wangId, 2);
    app.ok(admin, 'customers.delete', { ids: [gone.id] });

    expect(countsOf(admin)).toEqual({ total: 5, 潜在客户: 2, 意向客户: 0, 正式客户: 2, 流失客户: 1 });
    expect(countsOf(wang)).toEqual({ total: 3, 潜在客户: 2, 意向客户: 0, 正式客户: 1, 流失客户: 0 });

    // A customer delegated to wang counts for wang too.
    app.db
      .prepare(
        `INSERT INTO delegation (customer_id, from_id, to_id, start_on, granted_by, granted_at)
         VALUES (?, ?, ?, '2020-01-01', ?, '2020-01-01T00:00:00Z')`,
      )
      .run(lis.id, liId, wangId, liId);
    expect(countsOf(wang)).toEqual({ total: 4, 潜在客户: 2, 意向客户: 0, 正式客户: 2, 流失客户: 0 });
  });
});

describe('statuses.create and statuses.rename', () => {
  it('adds a status at the end of the tree', () => {
    const s = app.ok(admin, 'statuses.create', { name: '  重点客户 ' });
    expect(s).toMatchObject({ name: '重点客户', sortOrder: 5, count: 0 });
    expect(app.ok(admin, 'statuses.tree').statuses.at(-1)).toEqual(s);
  });

  it('refuses an empty name, naming 状态名称', () => {
    for (const r of [
      app.call(admin, 'statuses.create', { name: '   ' }),
      app.call(admin, 'statuses.rename', { id: 1, name: '' }),
    ]) {
      const e = failure(r);
      expect(e.code).toBe('bad_input');
      expect(e.message).toContain('状态名称');
    }
    expect(app.ok(admin, 'statuses.tree').statuses.map((s) => s.name)).toEqual([
      '潜在客户',
      '意向客户',
      '正式客户',
      '流失客户',
    ]);
  });

  it('refuses a name already taken, naming 状态名称', () => {
    const a = failure(app.call(admin, 'statuses.create', { name: ' 正式客户 ' }));
    expect(a).toMatchObject({ code: 'bad_input', fields: { name: '“正式客户”已存在' } });
    expect(a.message).toContain('状态名称');
    const b = failure(app.call(admin, 'statuses.rename', { id: 1, name: '正式客户' }));
    expect(b.code).toBe('bad_input');
    expect(b.message).toContain('状态名称');
    expect(app.ok(admin, 'statuses.tree').statuses).toHaveLength(4);
  });

  it('renames, and customers show the new name', () => {
    const c = create(wangId, 2);
    create(liId, 2);
    const r = app.ok(admin, 'statuses.rename', { id: 2, name: '跟进中' });
    expect(r).toEqual({ id: 2, name: '跟进中', sortOrder: 2, count: 2 });
    expect(app.ok(wang, 'customers.get', { id: c.id }).statusName).toBe('跟进中');
    expect(app.ok(admin, 'statuses.rename', { id: 2, name: '跟进中' }).name).toBe('跟进中');
    expect(failure(app.call(admin, 'statuses.rename', { id: 99, name: '无' })).code).toBe('not_found');
  });
});

describe('statuses.delete', () => {
  it('deletes an empty status', () => {
    const s = app.ok(admin, 'statuses.create', { name: '重点客户' });
    expect(app.ok(admin, 'statuses.delete', { id: s.id })).toBeNull();
    expect(app.ok(admin, 'statuses.tree').statuses.map((x) => x.id)).toEqual([1, 2, 3, 4]);
    expect(failure(app.call(admin, 'statuses.delete', { id: s.id })).code).toBe('not_found');
  });

  it('refuses while a customer has it, even a soft-deleted one', () => {
    const c = create(wangId, 4);
    const e = failure(app.call(admin, 'statuses.delete', { id: 4 }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toContain('流失客户');
    app.ok(admin, 'customers.delete', { ids: [c.id] });
    expect(app.ok(admin, 'statuses.tree').statuses.find((s) => s.id === 4)?.count).toBe(0);
    expect(failure(app.call(admin, 'statuses.delete', { id: 4 })).code).toBe('forbidden');
    expect(app.db.prepare('SELECT count(*) FROM customer_status WHERE id = 4').pluck().get()).toBe(1);
  });
});

describe('permissions', () => {
  it('lets only an administrator add, rename or delete statuses', () => {
    for (const r of [
      app.call(wang, 'statuses.create', { name: '重点客户' }),
      app.call(wang, 'statuses.rename', { id: 1, name: '潜在' }),
      app.call(wang, 'statuses.delete', { id: 4 }),
    ]) {
      const e = failure(r);
      expect(e.code).toBe('forbidden');
      expect(e.message).toContain('只有管理员');
    }
    expect(app.ok(wang, 'statuses.tree').statuses.map((s) => s.name)).toEqual([
      '潜在客户',
      '意向客户',
      '正式客户',
      '流失客户',
    ]);
  });
});
