/**
 * 交接 (issue 21, item 4): the preview of what moves, the move to one colleague or several in turn
 * (one transaction, chunked, all or nothing), the 操作日志 on every customer, the delegations, the
 * 交接单 — and who may do it: an administrator for anyone, a 销售经理 within their 部门. Both engines.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { insertCustomers } from '../customers/write.js';
import { HANDOVER_CHUNK } from '../handover/move.js';
import { verifyLogChain } from '../oplog-chain.js';
import {
  createOffice,
  ctxOf,
  failure,
  importRow,
  newCustomer,
  planOf,
  recordStatements,
  testEngine,
  writeState,
} from '../testing.js';
import { seedProduct, seedPurchase } from './fees.fixtures.js';

let office: ReturnType<typeof createOffice>;
let zhaoId: number;
beforeEach(() => {
  office = createOffice();
  zhaoId = office.app.addStaff('赵六', 'zhao');
});
afterEach(() => office.app.close());

const mk = (conn: Connection, ownerId: number, name: string, keyword: string, statusId = 1) =>
  office.app.ok(conn, 'customers.create', newCustomer(ownerId, { name, keyword, statusId })).id;

type NewRecord = NonNullable<Input<'records.save'>['created']>[number];
function addRecord(conn: Connection, customerId: number, r: Partial<NewRecord>) {
  const token = office.app.ok(conn, 'records.list', { customerId }).token;
  office.app.ok(conn, 'records.save', {
    customerId,
    token,
    created: [{ at: office.app.clock.now().toISOString(), method: '电话', content: '电话回访', ...r }],
  });
}
const ownerOf = (id: number) =>
  office.app.db.prepare('SELECT owner_id FROM customer WHERE id = ?').pluck().get(id) as number;

/** 王伟's book: five customers over three statuses (one deleted), a follow-up overdue and one ahead, a quote, arrears, delegations both ways. */
function wangsBook() {
  const { app, admin, wang, li, wangId, liId } = office;
  const a = mk(wang, wangId, '深圳市甲科技有限公司', '甲科技', 1);
  const b = mk(wang, wangId, '深圳市乙贸易有限公司', '乙贸易', 1);
  const c = mk(wang, wangId, '广州市丙电子有限公司', '丙电子', 2);
  const d = mk(wang, wangId, '东莞市丁实业有限公司', '丁实业', 3);
  const e = mk(wang, wangId, '佛山市戊机械有限公司', '戊机械', 2);
  app.ok(admin, 'customers.delete', { ids: [e] });
  addRecord(wang, a, { content: '报价已发', nextOn: '2026-11-20' });
  addRecord(wang, c, { content: '约了演示', nextOn: '2026-12-03' });
  const at = app.clock.now().toISOString();
  app.db
    .prepare(
      `INSERT INTO quote (customer_id, product_id, quoted_on, quantity, price_cents, created_at, updated_at)
       VALUES (?, ?, '2026-11-20', 1, 1280000, ?, ?)`,
    )
    .run(b, seedProduct(app), at, at);
  seedPurchase(app, d, { paidCents: 280000 }); // 欠款 ¥10,000.00
  app.ok(wang, 'delegations.grant', { customerIds: [a], toId: liId });
  const lis = mk(li, liId, '珠海市己软件有限公司', '己软件', 1);
  app.ok(li, 'delegations.grant', { customerIds: [lis], toId: wangId });
  return { a, b, c, d, e, lis };
}

describe('the preview', () => {
  it('counts what would move, from the counters and indexes', () => {
    wangsBook();
    const p = office.app.ok(office.admin, 'handover.preview', { fromId: office.wangId });
    expect(p.staff).toMatchObject({ id: office.wangId, name: '王伟', role: 'sales', active: true });
    expect(p.counts).toEqual({
      byStatus: [
        { statusId: 1, statusName: '潜在客户', n: 2 },
        { statusId: 2, statusName: '意向客户', n: 1 },
        { statusId: 3, statusName: '正式客户', n: 1 },
        { statusId: 4, statusName: '流失客户', n: 0 },
      ],
      customers: 4,
      deletedCustomers: 1,
      followups: { open: 2, overdue: 1 },
      quotes: 1,
      arrears: { customers: 1, purchases: 1, cents: 1000000 },
      delegationsGiven: 1,
      delegationsReceived: 1,
    });
  });

  it('reads indexes only: no statement of the preview scans a table', () => {
    wangsBook();
    const seen = new Map<string, unknown[]>();
    recordStatements(office.app.db, seen);
    office.app.ok(office.admin, 'handover.preview', { fromId: office.wangId });
    const mine = [...seen].filter(([sql]) =>
      /customer_count|followup_due|arrears_count|FROM quote|FROM delegation|customer_deleted/.test(sql),
    );
    expect(mine).toHaveLength(7);
    for (const [sql, args] of mine) {
      const plan = planOf(office.app.db, sql, ...args);
      expect(plan, sql).not.toMatch(
        testEngine() === 'pg'
          ? /Seq Scan/
          : /\bSCAN (quote|customer|delegation|followup_due|arrears_count)\b(?! USING)/,
      );
    }
  });
});

describe('the move', () => {
  it('hands over to two colleagues in turn, logs every customer, revokes the delegations, disables the leaver', () => {
    const { app, admin, wangId, liId } = office;
    const { a, b, c, d, e, lis } = wangsBook();
    const head = app.ok(admin, 'handover.commit', { fromId: wangId, toIds: [liId, zhaoId] });
    // Live ones by 客户状态 then 创建日期 (a b | e* c | d), then the deleted e: a→李, b→赵, c→李, d→赵, e→李.
    expect([a, b, c, d, e].map(ownerOf)).toEqual([liId, zhaoId, liId, zhaoId, liId]);
    expect(head).toMatchObject({
      fromName: '王伟',
      byName: '张经理',
      mode: 'colleagues',
      customers: 5,
      to: [
        { id: liId, name: '李娜', customers: 3 },
        { id: zhaoId, name: '赵六', customers: 2 },
      ],
    });
    expect(head.counts.customers).toBe(4);
    expect(app.logsOf(b).at(-1)).toBe('交接：王伟 → 赵六');
    expect(app.logsOf(e).at(-1)).toBe('交接：王伟 → 李娜');
    // The delegation 王伟 gave on a ended with the move; the one he received on 李娜's customer too.
    expect(app.logsOf(a).slice(-2)).toEqual(['交接：王伟 → 李娜', '收回授权：李娜（交接：王伟 → 李娜）']);
    expect(app.logsOf(lis).at(-1)).toBe('收回授权：王伟（王伟交接离职）');
    expect(app.count('SELECT count(*) FROM delegation WHERE revoked_at IS NULL')).toBe(0);
    const wang = app.ok(admin, 'staff.list').find((s) => s.id === wangId)!;
    expect(wang).toMatchObject({ active: false, customerCount: 0 });
    // The counters followed: the tree, 待跟进 and 欠款 are 李娜's and 赵六's now.
    expect(app.count('SELECT coalesce(sum(n), 0) FROM customer_count WHERE owner_id = ?', wangId)).toBe(0);
    expect(app.count('SELECT count(*) FROM followup_due WHERE owner_id = ?', liId)).toBe(2);
    expect(app.count('SELECT customers FROM arrears_count WHERE owner_id = ? AND live = 1', zhaoId)).toBe(1);
    expect(verifyLogChain(app.db)).toMatchObject({ ok: true });
    // The 交接单: its head again, and the customers per recipient.
    const sheet = app.ok(admin, 'handover.sheet', { handoverId: head.id });
    expect(sheet.head).toEqual(head);
    expect(sheet.rows.map((r) => `${r.toName}:${r.customerName}${r.deleted ? '（已删除）' : ''}`)).toEqual([
      '李娜:深圳市甲科技有限公司',
      '李娜:广州市丙电子有限公司',
      '李娜:佛山市戊机械有限公司（已删除）',
      '赵六:深圳市乙贸易有限公司',
      '赵六:东莞市丁实业有限公司',
    ]);
  });

  it('to one colleague: everything to them', () => {
    const { app, admin, wangId, liId } = office;
    const { a, b, c, d, e } = wangsBook();
    const head = app.ok(admin, 'handover.commit', { fromId: wangId, toIds: [liId] });
    expect([a, b, c, d, e].map(ownerOf)).toEqual([liId, liId, liId, liId, liId]);
    expect(head.to).toEqual([{ id: liId, name: '李娜', customers: 5 }]);
  });

  it(`moves thousands in chunks of ${HANDOVER_CHUNK}, and a failure in the last chunk leaves everything as it was`, () => {
    const { app, admin, wangId, liId } = office;
    const n = HANDOVER_CHUNK * 2 + 7;
    const ids = app.db.transaction(() =>
      insertCustomers(
        ctxOf(app, admin),
        Array.from({ length: n }, (_, i) =>
          importRow(wangId, { name: `客户${i}有限公司`, keyword: `客户${i}`, statusId: (i % 4) + 1 }),
        ),
      ),
    )();
    const last = ids.at(-1)!;
    const fail =
      testEngine() === 'pg'
        ? `CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN RAISE EXCEPTION '磁盘故障（测试）'; END $$;
           CREATE TRIGGER test_fail BEFORE INSERT ON record FOR EACH ROW WHEN (new.customer_id = ${last})
             EXECUTE FUNCTION test_fail()`
        : `CREATE TRIGGER test_fail BEFORE INSERT ON record WHEN new.customer_id = ${last}
             BEGIN SELECT RAISE(ABORT, '磁盘故障（测试）'); END`;
    app.db.exec(fail);
    const before = writeState(app.db).checksum;
    const r = app.call(admin, 'handover.commit', { fromId: wangId, toIds: [liId, zhaoId] });
    expect(failure(r).message).toContain('磁盘故障（测试）');
    expect(writeState(app.db).checksum).toBe(before);
    app.db.exec(
      testEngine() === 'pg' ? 'DROP TRIGGER test_fail ON record; DROP FUNCTION test_fail()' : 'DROP TRIGGER test_fail',
    );

    const head = app.ok(admin, 'handover.commit', { fromId: wangId, toIds: [liId, zhaoId] });
    expect(head.to.map((t) => t.customers)).toEqual([Math.ceil(n / 2), Math.floor(n / 2)]);
    expect(app.count(`SELECT count(*) FROM record WHERE kind = 'log' AND content = '交接：王伟 → 李娜'`)).toBe(
      Math.ceil(n / 2),
    );
    // Every status split evenly between the two.
    const split = app.db
      .prepare('SELECT owner_id, status_id, n FROM customer_count WHERE deleted = 0 AND n > 0 ORDER BY 1, 2')
      .all() as { owner_id: number; status_id: number; n: number }[];
    for (const s of [1, 2, 3, 4]) {
      const li = split.find((x) => x.owner_id === liId && x.status_id === s)!.n;
      const zhao = split.find((x) => x.owner_id === zhaoId && x.status_id === s)!.n;
      expect(Math.abs(li - zhao), `客户状态 ${s}`).toBeLessThanOrEqual(1);
    }
    expect(verifyLogChain(app.db)).toMatchObject({ ok: true });
    // The 交接单 pages through them.
    const page = app.ok(admin, 'handover.sheet', { handoverId: head.id, offset: 1000, limit: 1000 });
    expect(page.rows).toHaveLength(n - 1000);
  }, 120_000);

  it('refuses bad input naming the field, and writes nothing', () => {
    const { app, admin, wangId, liId } = office;
    wangsBook();
    const before = writeState(app.db).checksum;
    expect(failure(app.call(admin, 'handover.commit', { fromId: wangId, toIds: [] })).message).toBe(
      '接收人：请至少选择一位接收人',
    );
    expect(failure(app.call(admin, 'handover.commit', { fromId: wangId, toIds: [liId, liId] })).message).toBe(
      '接收人：同一位接收人不能选择两次',
    );
    expect(failure(app.call(admin, 'handover.commit', { fromId: wangId, toIds: [wangId] })).message).toBe(
      '接收人：不能交接给王伟本人',
    );
    app.db.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(zhaoId);
    const zhaoGone = writeState(app.db).checksum;
    expect(failure(app.call(admin, 'handover.commit', { fromId: wangId, toIds: [liId, zhaoId] })).message).toBe(
      '接收人：赵六已停用',
    );
    expect(failure(app.call(admin, 'handover.commit', { fromId: 999, toIds: [liId] })).message).toBe('交接人：不存在');
    expect(writeState(app.db).checksum).toBe(zhaoGone);
    expect(before).not.toBe(zhaoGone);
  });
});

describe('who may', () => {
  /** 销售一部 › 一组 with 王伟 and 赵六, managed by 孙经理; 李娜 outside. */
  function team() {
    const { app, admin, wangId } = office;
    const dept = app.ok(admin, 'departments.create', { name: '销售一部' });
    const group = app.ok(admin, 'departments.create', { name: '一组', parentId: dept.id });
    app.db.prepare('UPDATE staff SET department_id = ? WHERE id IN (?, ?)').run(group.id, wangId, zhaoId);
    const sunId = app.addStaff('孙经理', 'sun', 'manager', dept.id);
    const otherId = app.addStaff('钱经理', 'qian', 'manager', group.id);
    return { sunId, otherId, sun: app.login('sun') };
  }

  it('a salesperson may not, not even preview', () => {
    wangsBook();
    const { app, li, wang, wangId, liId } = office;
    expect(failure(app.call(li, 'handover.preview', { fromId: wangId })).message).toBe(
      '只有管理员或销售经理可以办理交接',
    );
    expect(failure(app.call(wang, 'handover.commit', { fromId: liId, toIds: [wangId] })).code).toBe('forbidden');
  });

  it('a 销售经理 within their 部门: a 业务员 of it, to members of it; nobody else', () => {
    const { app, wangId, liId, adminId } = office;
    const { a } = wangsBook();
    const { sun, sunId, otherId } = team();
    expect(app.ok(sun, 'handover.preview', { fromId: wangId }).counts.customers).toBe(4);
    expect(failure(app.call(sun, 'handover.preview', { fromId: liId })).message).toBe(
      '李娜不在您的部门：销售经理只能为本部门的业务员办理交接',
    );
    expect(failure(app.call(sun, 'handover.preview', { fromId: adminId })).code).toBe('forbidden');
    expect(failure(app.call(sun, 'handover.preview', { fromId: otherId })).message).toBe(
      '钱经理是销售经理：销售经理只能为业务员办理交接，请由管理员办理',
    );
    expect(failure(app.call(sun, 'handover.preview', { fromId: sunId })).message).toBe(
      '不能为自己办理交接，请由管理员或您的销售经理办理',
    );
    expect(failure(app.call(sun, 'handover.commit', { fromId: wangId, toIds: [zhaoId, liId] })).message).toBe(
      '接收人：李娜不在您的部门：销售经理只能交接给本部门的人员',
    );
    const head = app.ok(sun, 'handover.commit', { fromId: wangId, toIds: [zhaoId, sunId] });
    expect(ownerOf(a)).toBe(zhaoId);
    expect(head.byName).toBe('孙经理');
    // The 交接单: the manager who did it and administrators; another manager or a salesperson never.
    expect(app.ok(sun, 'handover.sheet', { handoverId: head.id }).rows).toHaveLength(5);
    expect(app.ok(office.admin, 'handover.sheet', { handoverId: head.id }).head.id).toBe(head.id);
    expect(failure(app.call(app.login('qian'), 'handover.sheet', { handoverId: head.id })).code).toBe('not_found');
    expect(failure(app.call(office.li, 'handover.sheet', { handoverId: head.id })).code).toBe('not_found');
  });

  it('an administrator for anyone but themselves, and never the last administrator', () => {
    const { app, admin, adminId, liId, wangId } = office;
    expect(failure(app.call(admin, 'handover.commit', { fromId: adminId, toIds: [liId] })).message).toBe(
      '不能为自己办理交接，请由管理员或您的销售经理办理',
    );
    const otherAdmin = app.addStaff('周主任', 'zhou', 'admin');
    mk(admin, otherAdmin, '深圳市庚网络有限公司', '庚网络');
    const head = app.ok(admin, 'handover.commit', { fromId: otherAdmin, toIds: [wangId] });
    expect(head.customers).toBe(1);
    // 周主任 is disabled; 张经理 is the last administrator, and may not hand themselves over anyway.
    expect(app.ok(admin, 'staff.list').find((s) => s.id === otherAdmin)!.active).toBe(false);
  });
});
