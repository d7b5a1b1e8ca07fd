import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../context.js';
import { countDuplicates, findDuplicates } from './duplicates.js';
import { setFewVisible } from './grid.js';
import { setNewestWindow } from './search-sql.js';
import { createOffice, newCustomer, type TestApp, ctxOf } from '../testing.js';

let app: TestApp;
let wangId: number;
let liId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
const ids: Record<string, number> = {};

const rows: [string, string, 'wang' | 'li', number, string, string][] = [
  // name, keyword, owner, status, phone, region
  ['深圳市中兴通讯股份有限公司', '中兴', 'wang', 3, '0755-86001234', '广东省深圳市'],
  ['中兴物流有限公司', '中兴物流', 'li', 1, '020-1234567', '广东省广州市'],
  ['上海华为技术有限公司', '华为', 'wang', 2, '021-50001111', '上海市'],
  ['北京中华网络科技有限公司', '中华网络', 'li', 1, '13800138000', '北京市'],
  ['ＺＴＥ（香港）有限公司', 'ＺＴＥ', 'wang', 4, '+852 2677 0000', '香港'],
  ['武汉光谷联合集团', '光谷', 'li', 2, '027-87654321', '湖北省武汉市'],
  ['兴华贸易商行', '兴华', 'wang', 1, '0755-26543210', '广东省深圳市'],
];

beforeEach(() => {
  ({ app, wangId, liId, admin, wang, li } = createOffice());
  for (const [name, keyword, owner, statusId, phone, region] of rows) {
    ids[name] = app.ok(
      admin,
      'customers.create',
      newCustomer(owner === 'wang' ? wangId : liId, {
        name,
        keyword,
        statusId,
        phone,
        region,
        confirmDuplicates: true,
      }),
    ).id;
  }
  const at = '2026-11-26T02:00:00.000Z';
  const contact = app.db.prepare(
    'INSERT INTO contact (customer_id, name, mobile, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  contact.run(ids['武汉光谷联合集团'], '欧阳小明', '13912345678', '', at, at);
  contact.run(ids['上海华为技术有限公司'], '司马懿', '', '021-66668888', at, at);
});
afterEach(() => app.close());

const search = (conn: Connection, q: string, over: Record<string, unknown> = {}) =>
  app.ok(conn, 'customers.page', { search: q, limit: 100, withTotal: true, ...over });
const names = (conn: Connection, q: string, over: Record<string, unknown> = {}) =>
  search(conn, q, over).rows.map((r) => r.name);
const sorted = (list: string[]) => [...list].sort();

describe('quick search', () => {
  it('finds one Chinese character anywhere in name, keyword or region', () => {
    expect(sorted(names(admin, '华'))).toEqual(
      sorted(['上海华为技术有限公司', '北京中华网络科技有限公司', '兴华贸易商行']),
    );
    expect(sorted(names(admin, '讯'))).toEqual(['深圳市中兴通讯股份有限公司']);
    expect(sorted(names(admin, '港'))).toEqual(['ＺＴＥ（香港）有限公司']);
    expect(search(admin, '华').total).toBe(3);
  });

  it('finds two characters only where they are adjacent', () => {
    expect(sorted(names(admin, '中兴'))).toEqual(sorted(['深圳市中兴通讯股份有限公司', '中兴物流有限公司']));
    expect(names(admin, '兴华')).toEqual(['兴华贸易商行']);
    expect(names(admin, '华兴')).toEqual([]);
  });

  it('ranks the exact keyword first, then names starting with it, then the rest', () => {
    app.ok(
      admin,
      'customers.create',
      newCustomer(wangId, { name: '某某中兴配件厂', keyword: '配件', confirmDuplicates: true }),
    );
    const got = names(admin, '中兴');
    expect(got[0]).toBe('深圳市中兴通讯股份有限公司'); // keyword 中兴
    expect(got[1]).toBe('中兴物流有限公司'); // name starts with 中兴
    expect(got.slice(2)).toEqual(['某某中兴配件厂']);
    // Paging through the tiers: no gaps, no repeats.
    const paged = [0, 1, 2].flatMap((offset) => search(admin, '中兴', { offset, limit: 1 }).rows.map((r) => r.name));
    expect(paged).toEqual(got);
  });

  it('gives the same rows and pages newest first, whatever the newest window the engine reads first', () => {
    for (let i = 0; i < 6; i++) {
      app.ok(
        admin,
        'customers.create',
        newCustomer(i % 2 ? wangId : liId, {
          name: `中兴第${i}分厂`,
          keyword: `分${i}`,
          statusId: 1 + (i % 2),
          confirmDuplicates: true,
        }),
      );
    }
    const cases = [admin, wang, li].flatMap((conn) =>
      ['中', '中兴', '华', '0755', 'zx'].flatMap((q) => [null, 1].map((statusId) => ({ conn, q, statusId }))),
    );
    const reference = cases.map(({ conn, q, statusId }) => names(conn, q, { statusId }));
    expect(reference.some((r) => r.length > 3)).toBe(true);
    for (const [window, few] of [
      [3, 20_000],
      [1, 0],
      [0, 0],
    ]) {
      const old = setNewestWindow(window);
      const oldFew = setFewVisible(few);
      try {
        cases.forEach(({ conn, q, statusId }, i) => {
          expect(names(conn, q, { statusId }), `${q} window ${window}`).toEqual(reference[i]);
          const paged = reference[i].map((_, offset) => search(conn, q, { statusId, offset, limit: 1 }).rows[0]?.name);
          expect(paged, `${q} paged, window ${window}`).toEqual(reference[i]);
        });
      } finally {
        setNewestWindow(old);
        setFewVisible(oldFew);
      }
    }
  });

  it('finds names and keywords by full pinyin and initials', () => {
    expect(sorted(names(admin, 'zhongxing'))).toEqual(sorted(['深圳市中兴通讯股份有限公司', '中兴物流有限公司']));
    expect(sorted(names(admin, 'ZX'))).toEqual(sorted(['深圳市中兴通讯股份有限公司', '中兴物流有限公司']));
    expect(names(admin, 'huawei')).toEqual(['上海华为技术有限公司']);
    expect(names(admin, 'wuhan')).toEqual(['武汉光谷联合集团']);
  });

  it('finds phone numbers and contacts (name, mobile, phone)', () => {
    expect(sorted(names(admin, '0755'))).toEqual(sorted(['深圳市中兴通讯股份有限公司', '兴华贸易商行']));
    expect(names(admin, '138001')).toEqual(['北京中华网络科技有限公司']);
    expect(names(admin, '欧阳')).toEqual(['武汉光谷联合集团']);
    expect(names(admin, '1391234')).toEqual(['武汉光谷联合集团']);
    expect(names(admin, '司马懿')).toEqual(['上海华为技术有限公司']);
    expect(names(admin, '6666')).toEqual(['上海华为技术有限公司']);
  });

  it('follows a contact when it is renamed or deleted', () => {
    app.db.prepare(`UPDATE contact SET name = '诸葛亮' WHERE name = '司马懿'`).run();
    expect(names(admin, '司马')).toEqual([]);
    expect(names(admin, '诸葛')).toEqual(['上海华为技术有限公司']);
    app.db.prepare(`DELETE FROM contact WHERE name = '诸葛亮'`).run();
    expect(names(admin, '诸葛')).toEqual([]);
    expect(names(admin, '华为')).toEqual(['上海华为技术有限公司']);
  });

  it('folds full-width and case both ways', () => {
    expect(names(admin, 'zte')).toEqual(['ＺＴＥ（香港）有限公司']);
    expect(names(admin, 'ｚｔｅ')).toEqual(['ＺＴＥ（香港）有限公司']);
    expect(names(admin, 'Zt')).toEqual(['ＺＴＥ（香港）有限公司']);
  });

  it('shows a salesperson only what they may see, and only the selected status', () => {
    expect(sorted(names(wang, '中'))).toEqual(sorted(['深圳市中兴通讯股份有限公司']));
    expect(sorted(names(li, '中'))).toEqual(sorted(['中兴物流有限公司', '北京中华网络科技有限公司']));
    expect(search(li, '中').total).toBe(2);
    expect(names(li, 'zhongxing')).toEqual(['中兴物流有限公司']);
    expect(names(li, '0755')).toEqual([]);
    expect(names(li, '司马懿')).toEqual([]);
    expect(sorted(names(admin, '中', { statusId: 1 }))).toEqual(
      sorted(['中兴物流有限公司', '北京中华网络科技有限公司']),
    );
    expect(names(li, '华为')).toEqual([]);
    // Delegated to li: now found by her.
    app.ok(wang, 'delegations.grant', { customerIds: [ids['上海华为技术有限公司']], toId: liId });
    expect(names(li, '华为')).toEqual(['上海华为技术有限公司']);
    expect(names(li, '司马懿')).toEqual(['上海华为技术有限公司']);
  });

  it('follows transfer, delegation dates, revocation, delete and restore (visibility tokens, 0012)', () => {
    const hw = ids['上海华为技术有限公司'];
    const seen = (conn: Connection, q: string) => {
      const page = search(conn, q);
      expect(page.total).toBe(page.rows.length);
      return page.rows.map((r) => r.name);
    };
    expect(seen(li, '华为')).toEqual([]);
    // Transferred to li: the owner token moves with it.
    const c = app.ok(admin, 'customers.get', { id: hw });
    const { statusName: _s, ownerName: _o, delegated: _d, pool: _p, masked: _m, deletedAt: _a, ...fields } = c;
    app.ok(admin, 'customers.update', { ...fields, ownerId: liId, confirmDuplicates: true });
    expect(seen(li, '华为')).toEqual(['上海华为技术有限公司']);
    expect(seen(li, 'huawei')).toEqual(['上海华为技术有限公司']);
    expect(seen(wang, '华为')).toEqual([]);
    expect(sorted(seen(wang, '华'))).toEqual(['兴华贸易商行']);
    // Delegated back to wang from tomorrow until the day after: seen only within those dates.
    const today = app.clock.now().toISOString().slice(0, 10);
    const plus = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    app.ok(admin, 'delegations.grant', { customerIds: [hw], toId: wangId, startOn: plus(1), endOn: plus(2) });
    expect(seen(wang, '华为')).toEqual([]);
    app.clock.set(`${plus(1)}T03:00:00.000Z`);
    expect(seen(wang, '华为')).toEqual(['上海华为技术有限公司']);
    expect(sorted(seen(wang, '华'))).toEqual(sorted(['上海华为技术有限公司', '兴华贸易商行']));
    // Own and delegated hits merged newest first, block by block without gaps or repeats.
    const all = seen(wang, '华');
    expect(all).toEqual(['兴华贸易商行', '上海华为技术有限公司']); // by id, newest first
    expect([0, 1].flatMap((offset) => names(wang, '华', { offset, limit: 1 }))).toEqual(all);
    expect(seen(wang, '司马懿')).toEqual(['上海华为技术有限公司']);
    app.clock.set(`${plus(3)}T03:00:00.000Z`);
    expect(seen(wang, '华为')).toEqual([]);
    // An open-ended one, then revoked.
    app.ok(admin, 'delegations.grant', { customerIds: [hw], toId: wangId });
    expect(seen(wang, '华为')).toEqual(['上海华为技术有限公司']);
    const active = app
      .ok(admin, 'delegations.list', { customerId: hw })
      .rows.find((d) => d.revokedAt === null && !d.endOn);
    app.ok(admin, 'delegations.revoke', { id: active!.id });
    expect(seen(wang, '华为')).toEqual([]);
    // Deleted: gone from every live search, found in the 回收站; restored: back.
    app.ok(admin, 'customers.delete', { ids: [hw] });
    expect(seen(li, '华为')).toEqual([]);
    expect(seen(admin, '华为')).toEqual([]);
    expect(search(admin, '华为', { deleted: true }).rows.map((r) => r.name)).toEqual(['上海华为技术有限公司']);
    app.ok(admin, 'customers.restore', { ids: [hw] });
    expect(seen(li, '华为')).toEqual(['上海华为技术有限公司']);
    expect(seen(admin, '华为')).toEqual(['上海华为技术有限公司']);
  });

  it('cannot be asked for the visibility tokens themselves', () => {
    expect(search(wang, '\ue000l').rows).toEqual([]);
    expect(search(wang, `\ue000o${liId}`).rows).toEqual([]);
    expect(search(li, `o${liId}`).rows).toEqual([]);
  });

  it('finds nothing, rather than everything, for punctuation only', () => {
    expect(search(admin, '（）').rows).toEqual([]);
    expect(search(admin, '（）').total).toBe(0);
  });
});

describe('search totals', () => {
  it('are exact up to the cap and a bound beyond it, said so', { timeout: 60_000 }, () => {
    const insert = app.db.prepare(
      `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, '2026-01-01', 'x', 'x')`,
    );
    app.db.transaction(() => {
      for (let i = 0; i < 10_050; i++) insert.run(`批量${i}科技`, `批${i}`, `批量${i}科技`, `批${i}`, wangId);
    })();
    const many = search(admin, '科技');
    expect(many.totalIsBound).toBe(true);
    expect(many.total).toBe(10_000);
    expect(many.rows).toHaveLength(100);
    const few = search(admin, '中兴');
    expect(few).toMatchObject({ total: 2, totalIsBound: false });
    // The last block tells the exact end.
    const last = search(admin, '科技', { offset: 10_000, limit: 100 });
    expect(last).toMatchObject({ total: 10_051, totalIsBound: false });
    expect(last.rows).toHaveLength(51);
  });
});

describe('keyword duplicates', () => {
  const ctx = () => ctxOf(app, admin);
  it('looks both ways and counts past what it shows', () => {
    expect(findDuplicates(ctx(), '中兴配件厂', '配件', null).map((m) => m.name)).toEqual([
      '深圳市中兴通讯股份有限公司',
    ]);
    expect(findDuplicates(ctx(), '某公司', '光谷', null).map((m) => m.name)).toEqual(['武汉光谷联合集团']);
    expect(findDuplicates(ctx(), '某公司', '华', null).map((m) => m.name)).toEqual([
      '上海华为技术有限公司',
      '北京中华网络科技有限公司',
      '兴华贸易商行',
    ]);
    expect(findDuplicates(ctx(), '某公司', 'zhongxing', null)).toEqual([]);
    const insert = app.db.prepare(
      `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, '2026-01-01', 'x', 'x')`,
    );
    app.db.transaction(() => {
      for (let i = 0; i < 1_200; i++) insert.run(`批量${i}科技`, `批${i}`, `批量${i}科技`, `批${i}`, wangId);
    })();
    expect(findDuplicates(ctx(), '新科技', '科技', null)).toHaveLength(20);
    expect(countDuplicates(ctx(), '新科技', '科技', null)).toEqual({ count: 1000, bound: true });
    expect(countDuplicates(ctx(), '某公司', '光谷', null)).toEqual({ count: 1, bound: false });
  });
});
