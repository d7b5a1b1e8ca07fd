/**
 * 导出 through the router and the real worker thread: the same rows as the grid (filter, search,
 * sort, visibility), the chosen columns, every grid's headers, permissions, the split into sheets,
 * cancelling, the desktop's save dialog and the browser's one-time download.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportProgress, ExportRequest } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { dialectOf } from '../engine/dialect.js';
import { fold } from '../../core/fold.js';
import { configureJobs, jobsOf } from '../jobs/registry.js';
import { createOffice, newCustomer, type Office } from '../testing.js';
import { exportHeaders } from './specs.js';
import { setManyHits } from '../customers/grid.js';

// Each export or import check starts a worker thread (about a second from source under tsx).
vi.setConfig({ testTimeout: 30_000 });
let { app, adminId, wangId, liId, admin, wang, li } = {} as Office;
beforeEach(() => {
  ({ app, adminId, wangId, liId, admin, wang, li } = createOffice());
});
afterEach(async () => {
  await jobsOf(app.db).close();
  app.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(conn: Connection, jobId: string, states = ['done', 'failed', 'cancelled']) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const p = app.ok(conn, 'export.progress', { jobId });
    if (states.includes(p.state)) return p;
    if (Date.now() > deadline) throw new Error(`export still ${p.state}`);
    await sleep(30);
  }
}

/** Exports in browser mode and returns the progress and the downloaded workbook. */
async function exportGrid(conn: Connection, request: ExportRequest) {
  const { jobId, fileName } = app.ok(conn, 'export.start', request);
  const progress = await until(conn, jobId);
  expect(progress, progress.error ?? '').toMatchObject({ state: 'done', fileName });
  const token = progress.download!.replace('/download/', '');
  const file = jobsOf(app.db).exports.takeDownload(token)!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file.file);
  fs.rmSync(file.file);
  return { progress, wb, ws: wb.worksheets[0], fileName: file.fileName };
}

const columnA = (ws: ExcelJS.Worksheet) =>
  ws
    .getColumn(1)
    .values.slice(2)
    .map((v) => String(v));

function addCustomers(conn: Connection, ownerId: number, names: [string, string, string][]) {
  return names.map(([name, keyword, createdOn], i) =>
    app.ok(
      conn,
      'customers.create',
      newCustomer(ownerId, { name, keyword, createdOn, statusId: (i % 2) + 1, phone: `0755-8000000${i}` }),
    ),
  );
}

/** Many customers straight into the table (the triggers keep the search index). */
/** `n` customers of `ownerId`, written a few thousand to a statement (one round trip each on PostgreSQL). */
function bulkCustomers(n: number, ownerId: number) {
  const d = dialectOf(app.db);
  const insert = app.db.prepare(
    `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
     SELECT ${['name', 'keyword', 'nf', 'kf'].map((f) => d.jsonField('j', f)).join(', ')}, 1, @owner, '2025-01-01', 'x', 'x'
     FROM ${d.jsonRows('@rows', 'j')} ORDER BY j.key`,
  );
  app.db.transaction(() => {
    for (let from = 0; from < n; from += 5000) {
      const rows = [];
      for (let i = from; i < Math.min(n, from + 5000); i++) {
        const name = `批量导入测试有限公司${i}`;
        rows.push({ name, keyword: `批量${i}`, nf: fold(name), kf: fold(`批量${i}`) });
      }
      insert.run({ rows: JSON.stringify(rows), owner: ownerId });
    }
  })();
}

describe('export of the customer grid', () => {
  beforeEach(() => {
    addCustomers(wang, wangId, [
      ['深圳市中兴通讯股份有限公司', '中兴', '2026-03-01'],
      ['华为技术有限公司', '华为', '2026-01-15'],
    ]);
    addCustomers(li, liId, [
      ['腾讯科技（深圳）有限公司', '腾讯', '2025-12-31'],
      ['北京百度网讯科技有限公司', '百度', '2026-06-30'],
    ]);
  });

  it('writes every customer the administrator sees, newest first, with Chinese headers and Excel dates', async () => {
    const { ws, wb, progress, fileName } = await exportGrid(admin, { grid: 'customers', query: {} });
    expect(fileName).toBe('客户资料_20261126.xlsx');
    expect(progress).toMatchObject({ done: 4, total: 4, sheets: 1, title: '客户资料' });
    expect(wb.worksheets.map((s) => s.name)).toEqual(['客户资料']);
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '客户名称',
      '关键字',
      '客户状态',
      '业务员',
      '创建日期',
      '电话',
      '地区',
    ]);
    expect(ws.rowCount).toBe(5);
    expect(columnA(ws)).toEqual([
      '北京百度网讯科技有限公司',
      '深圳市中兴通讯股份有限公司',
      '华为技术有限公司',
      '腾讯科技（深圳）有限公司',
    ]);
    const created = ws.getCell('E2');
    expect(created.value).toEqual(new Date(Date.UTC(2026, 5, 30)));
    expect(created.numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('D2').value).toBe('李娜');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('holds exactly the rows and order of customers.page for the same status, search and sort', async () => {
    const query = { statusId: 1, search: '有限公司', sort: { field: 'name' as const, dir: 'asc' as const } };
    // Few hits (fetched and sorted) and many (the grid walks the name index against a bitset of
    // the hits that only its own connection knows: the worker gets SQL of its own).
    for (const many of [2000, 0]) {
      const old = setManyHits(many);
      try {
        const page = app.ok(admin, 'customers.page', { ...query, limit: 1000 });
        const { ws } = await exportGrid(admin, { grid: 'customers', query });
        expect(page.rows.length).toBeGreaterThan(0);
        expect(columnA(ws)).toEqual(page.rows.map((r) => r.name));
      } finally {
        setManyHits(old);
      }
    }
  });

  it('gives a salesperson only their own customers and those delegated to them', async () => {
    const mine = await exportGrid(wang, { grid: 'customers', query: {} });
    expect(columnA(mine.ws).sort()).toEqual(['华为技术有限公司', '深圳市中兴通讯股份有限公司'].sort());

    const tencent = app.ok(li, 'customers.page', { search: '腾讯', limit: 10 }).rows[0];
    app.db
      .prepare(
        `INSERT INTO delegation (customer_id, from_id, to_id, start_on, granted_by, granted_at) VALUES (?, ?, ?, '2026-11-01', ?, 'x')`,
      )
      .run(tencent.id, liId, wangId, liId);
    const withDelegated = await exportGrid(wang, { grid: 'customers', query: {} });
    expect(columnA(withDelegated.ws)).toContain('腾讯科技（深圳）有限公司');
    expect(columnA(withDelegated.ws)).not.toContain('北京百度网讯科技有限公司');
  });

  it('writes only the visible columns, in the order of the grid', async () => {
    const { ws } = await exportGrid(admin, {
      grid: 'customers',
      query: { search: '华为' },
      columns: ['createdOn', 'name', 'ownerName'],
    });
    expect(ws.getRow(1).values).toEqual([undefined, '创建日期', '客户名称', '业务员']);
    expect(ws.getRow(2).values).toEqual([undefined, new Date(Date.UTC(2026, 0, 15)), '华为技术有限公司', '王伟']);
  });

  it('exports the recycle bin for the administrator only', async () => {
    const huawei = app.ok(wang, 'customers.page', { search: '华为', limit: 10 }).rows[0];
    app.ok(wang, 'customers.delete', { ids: [huawei.id] });
    const bin = await exportGrid(admin, { grid: 'customers', query: { deleted: true } });
    expect(columnA(bin.ws)).toEqual(['华为技术有限公司']);
    const refused = app.call(wang, 'export.start', { grid: 'customers', query: { deleted: true } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses an unknown grid, column or sort with a message naming it', () => {
    const grid = app.call(admin, 'export.start', { grid: 'secrets', query: {} } as never);
    expect(grid).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const column = app.call(admin, 'export.start', {
      grid: 'customers',
      query: {},
      columns: ['name', 'password'],
    } as never);
    expect(column).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringContaining('导出的列') },
    });
    const unauthenticated = app.call({ session: null }, 'export.start', { grid: 'customers', query: {} });
    expect(unauthenticated).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('continues on further sheets past the row limit', async () => {
    configureJobs(app.db, { rowLimit: 3 });
    bulkCustomers(4, adminId);
    const { wb, progress } = await exportGrid(admin, { grid: 'customers', query: {} });
    expect(progress).toMatchObject({ done: 8, total: 8, sheets: 3 });
    expect(wb.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
      ['客户资料', 4],
      ['客户资料 (2)', 4],
      ['客户资料 (3)', 3],
    ]);
    expect(wb.worksheets[2].getCell('A1').value).toBe('客户名称');
  });
});

describe('export of the other grids', () => {
  let customerId: number;

  beforeEach(() => {
    customerId = addCustomers(wang, wangId, [['深圳市中兴通讯股份有限公司', '中兴', '2026-03-01']])[0].id;
  });

  it('联系人: the tab’s contacts, 主联系人 first, birthday as a date, for who may see the customer', async () => {
    const { token } = app.ok(wang, 'contacts.list', { customerId });
    app.ok(wang, 'contacts.save', {
      customerId,
      token,
      created: [
        { name: '张三', mobile: '13800138000', birthday: '1990-05-04' },
        { name: '李四', isPrimary: true },
      ],
      updated: [],
      deleted: [],
    });
    const { ws, fileName } = await exportGrid(wang, { grid: 'contacts', query: { customerId } });
    expect(fileName).toBe('联系人_深圳市中兴通讯股份有限公司_20261126.xlsx');
    expect(ws.getRow(1).values).toEqual([undefined, ...exportHeaders('contacts')]);
    expect(exportHeaders('contacts')).toEqual([
      '姓名',
      '性别',
      '职务',
      '手机',
      '电话',
      '邮箱',
      '微信/QQ',
      '生日',
      '主联系人',
      '备注',
    ]);
    expect(columnA(ws)).toEqual(['李四', '张三']);
    expect(ws.getCell('I2').value).toBe('是');
    expect(ws.getCell('H3').value).toEqual(new Date(Date.UTC(1990, 4, 4)));
    expect(app.call(li, 'export.start', { grid: 'contacts', query: { customerId } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('日志及维护记录: every row or one 属性, newest first, 时间 as an Excel date and time', async () => {
    const list = app.ok(wang, 'records.list', { customerId });
    app.ok(wang, 'records.save', {
      customerId,
      token: list.token,
      created: [{ at: '2026-11-20T01:30:00.000Z', method: '电话', content: '介绍新产品', nextOn: '2026-12-01' }],
      updated: [],
      deleted: [],
    });
    const all = await exportGrid(wang, { grid: 'records', query: { customerId } });
    expect(all.ws.getRow(1).values).toEqual([
      undefined,
      '属性',
      '时间',
      '方式',
      '联系人',
      '内容',
      '下次跟进',
      '记录人',
    ]);
    // The 操作日志 of the creation and of the new record, and the record itself.
    expect(all.ws.rowCount).toBe(4);
    const followups = await exportGrid(wang, { grid: 'records', query: { customerId, kind: 'followup' } });
    expect(followups.ws.rowCount).toBe(2);
    expect(followups.ws.getRow(2).getCell(1).value).toBe('维护记录');
    const at = followups.ws.getCell('B2');
    expect(at.value).toBeInstanceOf(Date);
    expect(at.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(followups.ws.getCell('F2').value).toEqual(new Date(Date.UTC(2026, 11, 1)));
    expect(followups.ws.getCell('G2').value).toBe('王伟');
    const logs = await exportGrid(wang, { grid: 'records', query: { customerId, kind: 'log' } });
    expect(logs.ws.getColumn(1).values.slice(2)).toEqual(['操作日志', '操作日志']);
  });

  it('商品资料: money as numbers with two decimals, under the grid’s filter and sort', async () => {
    const category = app.ok(admin, 'categories.create', { name: '软件' });
    app.ok(admin, 'products.create', { name: '财务软件', categoryId: category.id, guidePriceCents: 1234550 });
    app.ok(admin, 'products.create', {
      name: '进销存软件',
      categoryId: category.id,
      guidePriceCents: 99,
      onSale: false,
    });
    const { ws } = await exportGrid(wang, {
      grid: 'products',
      query: { sort: { field: 'guidePriceCents', dir: 'desc' } },
    });
    expect(ws.getRow(1).values).toEqual([undefined, ...exportHeaders('products')]);
    expect(ws.getRow(1).getCell(6).value).toBe('指导价');
    const price = ws.getCell('F2');
    expect(price.value).toBe(12345.5);
    expect(price.numFmt).toBe('#,##0.00');
    expect(ws.getCell('F3').value).toBe(0.99);
    expect(ws.getCell('I3').value).toBe('否');
    const onSale = await exportGrid(wang, { grid: 'products', query: { onSale: true } });
    expect(onSale.ws.rowCount).toBe(2);
  });

  it('供应商 and 人员: their headers; 人员 is the administrator’s', async () => {
    app.ok(admin, 'suppliers.create', { name: '深圳市某某软件有限公司', shortName: '某某' });
    const suppliers = await exportGrid(wang, { grid: 'suppliers', query: { search: '某某' } });
    expect(suppliers.ws.getRow(1).values).toEqual([undefined, ...exportHeaders('suppliers')]);
    expect(suppliers.ws.getCell('A2').value).toBe('深圳市某某软件有限公司');
    expect(suppliers.ws.getCell('D2').value).toBe(0);

    const staff = await exportGrid(admin, { grid: 'staff', query: { sort: { field: 'name', dir: 'asc' } } });
    expect(staff.ws.getRow(1).values).toEqual([undefined, ...exportHeaders('staff')]);
    expect(staff.ws.rowCount).toBe(4);
    const wangRow = staff.ws.getRow(columnA(staff.ws).indexOf('王伟') + 2);
    expect(wangRow.getCell(3).value).toBe('业务员');
    expect(wangRow.getCell(10).value).toBe(1);
    expect(app.call(wang, 'export.start', { grid: 'staff', query: {} })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('export of 售前报价, 购买情况 and tab 9', () => {
  let customerId: number;

  beforeEach(() => {
    customerId = addCustomers(wang, wangId, [['深圳市中兴通讯股份有限公司', '中兴', '2026-03-01']])[0].id;
    const category = app.ok(admin, 'categories.create', { name: '软件' });
    const product = app.ok(admin, 'products.create', {
      code: 'RJ-001',
      name: '财务软件',
      categoryId: category.id,
      unit: '套',
      guidePriceCents: 1280000,
    });
    const at = app.clock.now().toISOString();
    app.db
      .prepare(
        `INSERT INTO quote (customer_id, product_id, quoted_on, quantity, price_cents, note, quoted_by, created_at, updated_at)
         VALUES (?, ?, '2026-11-01', 3, 1250050, '含安装', ?, ?, ?)`,
      )
      .run(customerId, product.id, wangId, at, at);
    app.db
      .prepare(
        `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents, amount_due_cents,
           amount_paid_cents, annual_fee_cents, annual_fee_remind, service_end_on, salesperson_id, created_at, updated_at)
         VALUES (?, ?, '2025-12-10', 3, 1280000, 3840000, 1000000, 199990, 1, '2026-12-10', ?, ?, ?)`,
      )
      .run(customerId, product.id, wangId, at, at);
  });

  it('售前报价: the tab’s lines, 金额 = 数量 × 报价 as money', async () => {
    const { ws, fileName } = await exportGrid(wang, { grid: 'quotes', query: { customerId } });
    expect(fileName).toBe('售前报价_深圳市中兴通讯股份有限公司_20261126.xlsx');
    expect(ws.getRow(1).values).toEqual([undefined, ...exportHeaders('quotes')]);
    expect(ws.getRow(2).values).toEqual([
      undefined,
      'RJ-001',
      '财务软件',
      undefined, // an empty 规格型号 is an empty cell
      '套',
      new Date(Date.UTC(2026, 10, 1)),
      3,
      12500.5,
      37501.5,
      '含安装',
      '王伟',
    ]);
    expect(ws.getCell('H2').numFmt).toBe('#,##0.00');
  });

  it('购买情况: 应付, 已付 and 欠款 as money, the 催缴标志 as 是/否', async () => {
    const { ws } = await exportGrid(wang, { grid: 'purchases', query: { customerId } });
    expect(ws.getRow(1).values).toEqual([undefined, ...exportHeaders('purchases')]);
    const row = ws.getRow(2);
    expect(row.getCell(7).value).toBe(38400);
    expect(row.getCell(8).value).toBe(10000);
    expect(row.getCell(9).value).toBe(28400);
    expect(row.getCell(10).value).toBe(1999.9);
    expect(row.getCell(11).value).toBe('是');
    expect(row.getCell(12).value).toEqual(new Date(Date.UTC(2026, 11, 10)));
  });

  it('年费催缴 and 欠款统计: the same statements as tab 9, for whom it is visible', async () => {
    const due = await exportGrid(wang, { grid: 'feesDue', query: { days: 30 } });
    expect(due.fileName).toBe('年费催缴_20261126.xlsx');
    expect(due.ws.getRow(1).values).toEqual([undefined, ...exportHeaders('feesDue')]);
    expect(due.ws.rowCount).toBe(2);
    expect(due.ws.getCell('A2').value).toBe('深圳市中兴通讯股份有限公司');
    expect(due.ws.getCell('E2').value).toBe(1999.9);
    expect(due.ws.getCell('F2').value).toEqual(new Date(Date.UTC(2026, 11, 10)));
    expect(due.ws.getCell('G2').value).toBe(14);
    const tooSoon = await exportGrid(wang, { grid: 'feesDue', query: { days: 7 } });
    expect(tooSoon.ws.rowCount).toBe(1);

    const arrears = await exportGrid(wang, { grid: 'arrears', query: {} });
    expect(arrears.ws.getRow(1).values).toEqual([undefined, ...exportHeaders('arrears')]);
    expect(arrears.ws.getRow(2).values).toEqual([
      undefined,
      '深圳市中兴通讯股份有限公司',
      '王伟',
      1,
      38400,
      10000,
      28400,
      new Date(Date.UTC(2025, 11, 10)),
    ]);
    const none = await exportGrid(li, { grid: 'arrears', query: {} });
    expect(none.ws.rowCount).toBe(1);
    expect(app.call(li, 'export.start', { grid: 'purchases', query: { customerId } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('export jobs', () => {
  it('cancels a running export: the worker stops and no file is left behind', async () => {
    bulkCustomers(40_000, adminId);
    const dir = path.join(app.dir, 'exports');
    configureJobs(app.db, { tempDir: dir });
    const { jobId } = app.ok(admin, 'export.start', { grid: 'customers', query: {} });
    let p: ExportProgress;
    do {
      await sleep(20);
      p = app.ok(admin, 'export.progress', { jobId });
    } while (p.state === 'running' && p.done === 0);
    expect(p.state).toBe('running');
    expect(p.total).toBe(40_000);
    const cancelled = app.ok(admin, 'export.cancel', { jobId });
    expect(cancelled).toMatchObject({ state: 'cancelled', download: null });
    await sleep(300);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(app.ok(admin, 'export.progress', { jobId }).state).toBe('cancelled');
  }, 60_000);

  it('only the window that started an export sees it, and only ready downloads are handed out once', async () => {
    addCustomers(wang, wangId, [['华为技术有限公司', '华为', '2026-01-15']]);
    const { jobId } = app.ok(wang, 'export.start', { grid: 'customers', query: {} });
    expect(app.call(li, 'export.progress', { jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(app.call(li, 'export.cancel', { jobId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const done = await until(wang, jobId);
    const token = done.download!.split('/').pop()!;
    expect(jobsOf(app.db).exports.takeDownload('0'.repeat(48))).toBeNull();
    const file = jobsOf(app.db).exports.takeDownload(token);
    expect(file?.fileName).toBe('客户资料_20261126.xlsx');
    expect(fs.existsSync(file!.file)).toBe(true);
    expect(jobsOf(app.db).exports.takeDownload(token)).toBeNull();
  });

  it('refuses the download once the window has logged out', async () => {
    const { jobId } = app.ok(wang, 'export.start', { grid: 'customers', query: {} });
    const done = await until(wang, jobId);
    app.ok(wang, 'auth.logout');
    expect(jobsOf(app.db).exports.takeDownload(done.download!.split('/').pop()!)).toBeNull();
  });

  it('desktop: writes where the save dialog says; closing the dialog cancels', async () => {
    addCustomers(wang, wangId, [['华为技术有限公司', '华为', '2026-01-15']]);
    const asked: string[] = [];
    let answer: string | null = path.join(app.dir, '我的导出');
    configureJobs(app.db, {
      chooseTarget: async (conn, name) => {
        expect(conn).toBe(wang);
        asked.push(name);
        return answer;
      },
    });
    const first = app.ok(wang, 'export.start', { grid: 'customers', query: {} });
    const done = await until(wang, first.jobId);
    expect(asked).toEqual(['客户资料_20261126.xlsx']);
    expect(done).toMatchObject({ state: 'done', download: null, savedTo: path.join(app.dir, '我的导出.xlsx') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(done.savedTo!);
    expect(wb.worksheets[0].getCell('A2').value).toBe('华为技术有限公司');
    expect(fs.readdirSync(app.dir).filter((f) => f.endsWith('.part'))).toEqual([]);

    answer = null;
    const second = app.ok(wang, 'export.start', { grid: 'customers', query: {} });
    expect(await until(wang, second.jobId)).toMatchObject({ state: 'cancelled', savedTo: null });
  });

  it('runs at most two exports at once per window', async () => {
    let release: (v: string | null) => void = () => undefined;
    configureJobs(app.db, { chooseTarget: () => new Promise((r) => (release = r)) });
    app.ok(admin, 'export.start', { grid: 'customers', query: {} });
    app.ok(admin, 'export.start', { grid: 'customers', query: {} });
    expect(app.call(admin, 'export.start', { grid: 'customers', query: {} })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(app.call(wang, 'export.start', { grid: 'customers', query: {} })).toMatchObject({ ok: true });
    release(null);
  });
});
