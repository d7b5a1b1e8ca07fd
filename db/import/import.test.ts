/**
 * 导入客户 through the router and the real worker thread: mapping by Chinese headers, per-row
 * errors and keyword duplicates in the preview, the commit in one transaction (all or nothing),
 * 创建日期 from the file, 操作日志, and who may import into whose name.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportMapping, ImportProgress } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { jobsOf } from '../jobs/registry.js';
import { createOffice, newCustomer, type Office } from '../testing.js';
import { PREVIEW_CELL_CHARS } from './check.js';
import { cellDate, cellText, suggestMapping } from './customers.js';

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

/** An .xlsx with this header row and these rows, as base64. */
async function xlsx(rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function ready(conn: Connection, importId: string): Promise<ImportProgress> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const p = app.ok(conn, 'import.progress', { importId });
    if (p.state === 'ready' || p.state === 'failed') return p;
    if (Date.now() > deadline) throw new Error(`import still ${p.state}`);
    await sleep(30);
  }
}

async function open(conn: Connection, rows: unknown[][], fileName = '历史客户.xlsx') {
  const { importId } = app.ok(conn, 'import.open', { fileName, fileBase64: await xlsx(rows) });
  const progress = await ready(conn, importId);
  expect(progress.state, progress.error ?? '').toBe('ready');
  return { importId, preview: progress.preview! };
}

const HEADERS = ['客户名称*', '关键字', '客户状态', '创建日期', '电话', '邮箱', '备注'];
const GOOD: unknown[][] = [
  HEADERS,
  ['深圳市中兴通讯股份有限公司', '中兴', '正式客户', new Date(Date.UTC(2019, 2, 5)), '0755-26770000', '', '老客户'],
  ['华为技术有限公司', '华为', '', '2018/7/1', 13800138000, 'info@huawei.com', ''],
];

describe('mapping and values', () => {
  it('matches Chinese headers to fields, each column once; a salesperson has no 业务员 column', () => {
    const headers = [
      '序号',
      '客户名称（必填）',
      '关键字 *',
      '状态',
      '业务员',
      '建档日期',
      'E-mail',
      '公司地址',
      '名称',
    ];
    expect(suggestMapping(headers, 'admin')).toMatchObject({
      name: 1,
      keyword: 2,
      statusName: 3,
      ownerName: 4,
      createdOn: 5,
      email: 6,
      address: 7,
      phone: null,
    });
    expect(suggestMapping(headers, 'sales').ownerName).toBeUndefined();
  });

  it('reads dates from Excel dates, serial numbers and the usual ways of writing them', () => {
    expect(cellDate(new Date(Date.UTC(2019, 2, 5)))).toBe('2019-03-05');
    expect(cellDate(43529)).toBe('2019-03-05');
    expect(cellDate(20190305)).toBe('2019-03-05');
    expect(cellDate('2019/3/5')).toBe('2019-03-05');
    expect(cellDate('2019-3-5')).toBe('2019-03-05');
    expect(cellDate('2019.03.05')).toBe('2019-03-05');
    expect(cellDate('2019年3月5日')).toBe('2019-03-05');
    expect(cellDate('2019-03-05 10:20:00')).toBe('2019-03-05');
    expect(cellDate('上个月')).toBe('上个月');
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(1.1 + 2.2)).toBe('3.3');
  });
});

describe('preview', () => {
  it('suggests the mapping and shows every row as it would be imported', async () => {
    const { preview } = await open(wang, GOOD);
    expect(preview.headers).toEqual(HEADERS);
    expect(preview.suggested).toMatchObject({ name: 0, keyword: 1, statusName: 2, createdOn: 3, phone: 4, email: 5 });
    expect(preview.ownerMappable).toBe(false);
    expect(preview.mappingError).toBeNull();
    expect(preview.counts).toEqual({ rows: 2, ok: 2, errors: 0, duplicates: 0 });
    expect(preview.rows[0]).toMatchObject({
      row: 2,
      values: {
        name: '深圳市中兴通讯股份有限公司',
        statusName: '正式客户',
        ownerName: '王伟',
        createdOn: '2019-03-05',
      },
      errors: {},
    });
    // An empty 客户状态 is the first status; a phone typed as a number is text.
    expect(preview.rows[1].values).toMatchObject({
      statusName: '潜在客户',
      createdOn: '2018-07-01',
      phone: '13800138000',
    });
  });

  it('keeps each progress answer small: very long cells are cut in the preview, not in the check', async () => {
    const huge = '很长的备注'.repeat(60_000);
    const rows = [
      HEADERS,
      ...Array.from({ length: 40 }, (_, i) => [`深圳市客户${i}有限公司`, `客户${i}`, '', '', '', '', huge]),
    ];
    const { importId, preview } = await open(wang, rows);
    expect(preview.rows[0].values.note).toBe(`${huge.slice(0, PREVIEW_CELL_CHARS)}…（共 ${huge.length} 字）`);
    // The row is still checked on the whole cell: 备注 is too long to import.
    expect(preview.rows[0].errors.note).toMatch(/^不能超过 \d+ 个字$/);
    const answer = JSON.stringify(app.ok(wang, 'import.progress', { importId }));
    expect(answer.length).toBeLessThan(100_000);
    expect(huge.length * 40).toBeGreaterThan(10_000_000);
  });

  it('names what is wrong with each row, and the keyword duplicates, before anything is written', async () => {
    app.ok(li, 'customers.create', newCustomer(liId, { name: '中兴通讯（香港）有限公司', keyword: '中兴通讯' }));
    const before = app.count('SELECT count(*) FROM customer');
    const { preview } = await open(wang, [
      HEADERS,
      ['', '空名', '', '', '', '', ''],
      ['深圳市中兴通讯股份有限公司', '中兴', '重要客户', '2019-02-30', '', 'not-mail', ''],
      ['中兴通讯南京分公司', '中兴通讯', '', '', '', '', ''],
      ['小米科技有限责任公司', '小米', '', '2020-01-01', '', '', ''],
      ['小米通讯技术有限公司', '小米', '', '', '', '', ''],
      [],
    ]);
    expect(app.count('SELECT count(*) FROM customer')).toBe(before);
    expect(preview.counts).toEqual({ rows: 5, ok: 1, errors: 2, duplicates: 2 });
    const [empty, bad, dup, first, second] = preview.rows;
    expect(empty.errors).toEqual({ name: '不能为空' });
    expect(bad.errors).toMatchObject({
      statusName: '没有叫“重要客户”的客户状态',
      createdOn: '2019-02-30 不存在：2019 年 2 月只有 28 天',
      email: '邮箱格式不正确',
    });
    expect(dup.errors).toEqual({});
    expect(dup.duplicates).toEqual([{ name: '中兴通讯（香港）有限公司', ownerName: '李娜' }]);
    expect(first.sameAsRow).toBeNull();
    expect(second).toMatchObject({ row: 6, sameAsRow: 5 });
  });

  it('checks again with another mapping, without reading the file again', async () => {
    const { importId, preview } = await open(admin, [
      ['公司', '简写', '负责人'],
      ['深圳市中兴通讯股份有限公司', '中兴', '王伟'],
    ]);
    expect(preview.suggested).toMatchObject({ name: null, keyword: null, ownerName: 2 });
    expect(preview.mappingError).toMatch(/客户名称/);
    const mapping: ImportMapping = { name: 0, keyword: 1, ownerName: 2 };
    app.ok(admin, 'import.preview', { importId, mapping });
    const again = (await ready(admin, importId)).preview!;
    expect(again.mappingError).toBeNull();
    expect(again.mapping).toEqual(mapping);
    expect(again.rows[0].values).toMatchObject({ name: '深圳市中兴通讯股份有限公司', ownerName: '王伟' });
  });

  it('refuses what is not an .xlsx, and keeps an import to the window that opened it', async () => {
    const text = Buffer.from('客户名称,关键字\n中兴,中兴').toString('base64');
    expect(app.call(wang, 'import.open', { fileName: 'a.csv', fileBase64: text })).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringContaining('.xlsx') },
    });
    // A zip that is no workbook: the worker says so.
    const zip = Buffer.from('PK\u0003\u0004 not really a workbook').toString('base64');
    const { importId } = app.ok(wang, 'import.open', { fileName: 'b.xlsx', fileBase64: zip });
    expect(await ready(wang, importId)).toMatchObject({ state: 'failed', error: expect.stringContaining('.xlsx') });

    const ok = await open(wang, GOOD);
    expect(app.call(li, 'import.progress', { importId: ok.importId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(app.call(li, 'import.commit', { importId: ok.importId, mapping: ok.preview.suggested })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('commit', () => {
  it('imports every row in one go, with the 创建日期 of the file and an 操作日志 on each', async () => {
    const { importId, preview } = await open(wang, GOOD);
    const report = app.ok(wang, 'import.commit', { importId, mapping: preview.suggested });
    expect(report).toEqual({ fileName: '历史客户.xlsx', imported: 2, skipped: [] });
    const rows = app.db
      .prepare(
        `SELECT c.name, c.created_on AS createdOn, c.owner_id AS ownerId, s.name AS status, c.phone, c.note
         FROM customer c JOIN customer_status s ON s.id = c.status_id ORDER BY c.id`,
      )
      .all();
    expect(rows).toEqual([
      {
        name: '深圳市中兴通讯股份有限公司',
        createdOn: '2019-03-05',
        ownerId: wangId,
        status: '正式客户',
        phone: '0755-26770000',
        note: '老客户',
      },
      {
        name: '华为技术有限公司',
        createdOn: '2018-07-01',
        ownerId: wangId,
        status: '潜在客户',
        phone: '13800138000',
        note: '',
      },
    ]);
    const logs = app.db.prepare(`SELECT content FROM record WHERE kind = 'log' ORDER BY id`).pluck().all();
    expect(logs).toEqual([
      '导入客户：深圳市中兴通讯股份有限公司（关键字 中兴，正式客户，创建日期 2019-03-05，来自 历史客户.xlsx 第 2 行）',
      '导入客户：华为技术有限公司（关键字 华为，潜在客户，创建日期 2018-07-01，来自 历史客户.xlsx 第 3 行）',
    ]);
    // Imported customers are found by the grid's quick search (the search index was kept).
    expect(app.ok(wang, 'customers.page', { search: '华为', limit: 10 }).rows).toHaveLength(1);
    // The same import cannot be committed twice.
    expect(app.call(wang, 'import.commit', { importId, mapping: preview.suggested })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('imports hundreds of rows in chunks: each customer gets its own 操作日志 and is found by search', async () => {
    app.ok(li, 'customers.create', newCustomer(liId, { name: '已有客户有限公司', keyword: '已有' }));
    const rows: unknown[][] = [['客户名称', '关键字', '创建日期']];
    for (let i = 0; i < 230; i++) rows.push([`历史样例贸易有限公司${i}`, `样例${i}`, '2020-05-06']);
    const { importId, preview } = await open(wang, rows);
    expect(app.ok(wang, 'import.commit', { importId, mapping: preview.suggested }).imported).toBe(230);
    expect(app.count(`SELECT count(*) FROM customer WHERE owner_id = ${wangId} AND created_on = '2020-05-06'`)).toBe(
      230,
    );
    const mismatched = app.count(
      `SELECT count(*) FROM record r JOIN customer c ON c.id = r.customer_id
       WHERE r.content LIKE '导入客户：%' AND r.content NOT LIKE '导入客户：' || c.name || '（%'`,
    );
    expect(mismatched).toBe(0);
    expect(app.count(`SELECT count(*) FROM record WHERE content LIKE '导入客户：%'`)).toBe(230);
    const found = app.ok(wang, 'customers.page', { search: '样例贸易', limit: 1000, withTotal: true });
    expect(found.total).toBe(230);
    expect(app.ok(wang, 'customers.page', { search: '样例229', limit: 10 }).rows.map((r) => r.name)).toEqual([
      '历史样例贸易有限公司229',
    ]);
  });

  it('writes nothing at all when a row has errors, unless told to skip those rows', async () => {
    const rows = [...GOOD, ['', '无名', '', '', '', '', ''], ['腾讯科技', '腾讯', '', '明天', '', '', '']];
    const { importId, preview } = await open(wang, rows);
    const refused = app.call(wang, 'import.commit', { importId, mapping: preview.suggested });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'bad_input',
        message: expect.stringMatching(/^2 行有错误，没有导入任何客户：第 4 行 客户名称：不能为空；第 5 行 创建日期/),
      },
    });
    expect(app.count('SELECT count(*) FROM customer')).toBe(0);
    expect(app.count('SELECT count(*) FROM record')).toBe(0);

    const report = app.ok(wang, 'import.commit', { importId, mapping: preview.suggested, skipRowsWithErrors: true });
    expect(report.imported).toBe(2);
    expect(report.skipped).toEqual([
      { row: 4, reason: '客户名称：不能为空' },
      { row: 5, reason: expect.stringContaining('创建日期：') },
    ]);
    expect(app.count('SELECT count(*) FROM customer')).toBe(2);
  });

  it('checks every row again: what changed since the preview is not trusted', async () => {
    const { importId, preview } = await open(admin, [
      ['客户名称', '关键字', '业务员'],
      ['深圳市中兴通讯股份有限公司', '中兴', '王伟'],
      ['华为技术有限公司', '华为', '李娜'],
    ]);
    expect(preview.counts.errors).toBe(0);
    app.ok(admin, 'staff.setActive', { id: liId, active: false });
    const refused = app.call(admin, 'import.commit', { importId, mapping: preview.suggested });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringContaining('第 3 行 业务员：没有叫“李娜”的在职人员') },
    });
    expect(app.count('SELECT count(*) FROM customer')).toBe(0);
  });

  it('lets the administrator import into the names of the 业务员 column', async () => {
    const { importId, preview } = await open(admin, [
      ['客户名称', '关键字', '业务员'],
      ['深圳市中兴通讯股份有限公司', '中兴', '王伟'],
      ['华为技术有限公司', '华为', ''],
    ]);
    expect(preview.ownerMappable).toBe(true);
    app.ok(admin, 'import.commit', { importId, mapping: preview.suggested });
    expect(app.db.prepare('SELECT owner_id FROM customer ORDER BY id').pluck().all()).toEqual([wangId, adminId]);
  });

  it('refuses a 业务员 column from a salesperson, and a mapping without the required fields', async () => {
    const { importId } = await open(wang, [
      ['客户名称', '关键字', '业务员'],
      ['深圳市中兴通讯股份有限公司', '中兴', '李娜'],
    ]);
    expect(app.call(wang, 'import.commit', { importId, mapping: { name: 0, keyword: 1, ownerName: 2 } })).toMatchObject(
      {
        ok: false,
        error: { code: 'bad_input', message: expect.stringContaining('业务员只能把客户导入到自己名下') },
      },
    );
    expect(app.call(wang, 'import.commit', { importId, mapping: { name: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringContaining('关键字') },
    });
    expect(app.call(wang, 'import.commit', { importId, mapping: { name: 0, keyword: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    expect(app.count('SELECT count(*) FROM customer')).toBe(0);
  });

  it('imports keyword duplicates after the warning, or skips them when asked', async () => {
    app.ok(li, 'customers.create', newCustomer(liId, { name: '中兴通讯（香港）有限公司', keyword: '中兴通讯' }));
    const rows = [
      ['客户名称', '关键字'],
      ['中兴通讯南京分公司', '中兴通讯'],
      ['小米科技有限责任公司', '小米'],
      ['小米通讯技术有限公司', '小米'],
    ];
    const first = await open(wang, rows);
    const skipped = app.ok(wang, 'import.commit', {
      importId: first.importId,
      mapping: first.preview.suggested,
      skipDuplicates: true,
    });
    expect(skipped.imported).toBe(1);
    expect(skipped.skipped).toEqual([
      { row: 2, reason: '关键字与已有客户重复：中兴通讯（香港）有限公司（李娜）' },
      { row: 4, reason: '与文件第 3 行关键字相同' },
    ]);

    const second = await open(li, rows);
    const all = app.ok(li, 'import.commit', { importId: second.importId, mapping: second.preview.suggested });
    expect(all).toMatchObject({ imported: 3, skipped: [] });
  });
});
