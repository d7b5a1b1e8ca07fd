/**
 * Saves that fail for reasons outside the data: a full disk, a read-only file, text that cannot be
 * stored. Each leaves the data as it was and says why in Chinese, naming the field when it is one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkProblems } from './integrity.js';
import type { DB } from './open.js';
import { createOffice, failure, newCustomer, testEngine } from './testing.js';

let office: ReturnType<typeof createOffice>;
beforeEach(() => {
  office = createOffice();
});
afterEach(() => office.app.close());

const customers = () => office.app.db.prepare('SELECT count(*) FROM customer').pluck().get() as number;
const logs = () => office.app.db.prepare(`SELECT count(*) FROM record WHERE kind = 'log'`).pluck().get() as number;

/**
 * A full disk, per engine. SQLite: no page may be added to the file (max_page_count), so the saves
 * fill the free space left in its pages, then one needs a new page and fails. PostgreSQL: the disk
 * is the server's; what it answers when its disk is full (SQLSTATE 53100, 'could not extend file')
 * is raised by a trigger on the 操作日志, so the customer's row is written first and must be undone.
 */
function diskOf(db: DB): { fill(): void; free(): void } {
  if (testEngine() === 'pg') {
    return {
      fill: () =>
        db.exec(`CREATE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
                 CREATE TRIGGER test_disk_full BEFORE INSERT ON record FOR EACH ROW EXECUTE FUNCTION test_disk_full()`),
      free: () => db.exec('DROP TRIGGER test_disk_full ON record; DROP FUNCTION test_disk_full()'),
    };
  }
  return {
    fill: () => db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`),
    free: () => db.pragma('max_page_count = 1073741823'),
  };
}

describe('a full disk', () => {
  it('refuses the save with a clear message and writes nothing; the next save works once there is room', () => {
    const { app, admin, wangId } = office;
    app.ok(admin, 'customers.create', newCustomer(wangId));
    const [before, beforeLogs] = [customers(), logs()];
    const disk = diskOf(app.db);
    disk.fill();
    // Keywords no other contains ('客户1' is inside '客户10': the duplicate check would refuse first).
    const big = (n: number) =>
      newCustomer(wangId, { name: `深圳市甲${n}乙有限公司`, keyword: `甲${n}乙`, note: '很长的备注。'.repeat(80) });
    // Saves go on until one is refused (on SQLite when the file's free space is used up).
    let refused: { n: number; error: ReturnType<typeof failure>; before: number[]; after: number[] } | null = null;
    for (let n = 0; n < 500 && !refused; n++) {
      const counts = [customers(), logs()];
      const r = app.call(admin, 'customers.create', big(n));
      if (!r.ok) refused = { n, error: r.error, before: counts, after: [customers(), logs()] };
    }
    expect(refused).not.toBeNull();
    expect(refused!.error).toEqual({
      code: 'internal',
      message: '磁盘空间已满，这次操作没有写入，数据保持原样：请清理磁盘空间后再试',
    });
    expect(refused!.after).toEqual(refused!.before);
    expect(refused!.before[0]).toBeGreaterThanOrEqual(before);
    expect(app.db.inTransaction).toBe(false);
    expect(checkProblems(app.db, 'integrity_check')).toEqual([]);

    disk.free();
    app.ok(admin, 'customers.create', big(refused!.n));
    expect(customers()).toBe(refused!.before[0] + 1);
    expect(logs()).toBeGreaterThan(beforeLogs);
  });
});

describe('a read-only database', () => {
  it('refuses the save with a clear message and writes nothing', () => {
    const { app, admin, wangId } = office;
    const before = customers();
    app.db.pragma('query_only = ON');
    const err = failure(app.call(admin, 'customers.create', newCustomer(wangId)));
    expect(err.code).toBe('internal');
    expect(err.message).toBe(
      '数据库文件是只读的（没有写入权限，或磁盘被设为只读），这次操作没有写入，数据保持原样：请检查文件和文件夹的权限后再试',
    );
    app.db.pragma('query_only = OFF');
    expect(customers()).toBe(before);
    // Reading still works.
    expect(app.call(admin, 'statuses.tree', undefined).ok).toBe(true);
  });
});

describe('text with a lone surrogate', () => {
  const broken = 'A\ud800B';
  const message = '含有无法保存的残缺字符（不成对的 Unicode 代理项），请删除后重新输入';

  it('is refused in every text field, naming the field', () => {
    const { app, admin, wangId } = office;
    for (const [field, label] of [
      ['name', '客户名称'],
      ['keyword', '关键字'],
      ['address', '地址'],
      ['note', '备注'],
    ] as const) {
      const err = failure(app.call(admin, 'customers.create', newCustomer(wangId, { [field]: `深圳${broken}` })));
      expect(err.code).toBe('bad_input');
      expect(err.message).toBe(`${label}：${message}`);
      expect(err.fields).toEqual({ [field]: message });
    }
    expect(customers()).toBe(0);
  });

  it('is refused inside a tab’s batch, naming the row and the field', () => {
    const { app, admin, wangId } = office;
    const { id: customerId } = app.ok(admin, 'customers.create', newCustomer(wangId));
    const { token } = app.ok(admin, 'contacts.list', { customerId });
    const err = failure(
      app.call(admin, 'contacts.save', {
        customerId,
        token,
        created: [{ name: '李娜' }, { name: '王芳', note: broken }],
      }),
    );
    expect(err.message).toContain(`第 2 行 备注：${message}`);
    expect(app.ok(admin, 'contacts.list', { customerId }).rows).toEqual([]);
  });

  it('accepts a real pair (an emoji) and other CJK text', () => {
    const { app, admin, wangId } = office;
    const { id } = app.ok(admin, 'customers.create', newCustomer(wangId, { note: '重要客户 😀 𠮷野家' }));
    expect(app.db.prepare('SELECT note FROM customer WHERE id = ?').pluck().get(id)).toBe('重要客户 😀 𠮷野家');
  });
});
