/**
 * The exports as a real spreadsheet program reads them: every grid is exported by the real export
 * jobs, LibreOffice (headless) opens each .xlsx and saves it as CSV, and the CSV must show the
 * Chinese headers, the Chinese text intact, dates as dates (number cells shown yyyy-mm-dd, not
 * text), money as numbers with two decimals, and every row. Then a customer list that LibreOffice
 * saved as .xlsx goes through the real import.
 *
 * LibreOffice is required, not optional: `.ci/run` installs Debian's libreoffice-calc-nogui.
 */
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportGrid, ExportRequest } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { jobsOf } from '../jobs/registry.js';
import { createOffice, newCustomer, type TestApp } from '../testing.js';
import type { ColumnType } from './columns.js';
import { exportColumnTypes, exportHeaders } from './specs.js';

const run = promisify(execFile);

const SOFFICE_HINT =
  '找不到 LibreOffice（soffice）：这个测试用它检查导出的 .xlsx。请安装 Debian 的 libreoffice-calc-nogui：' +
  'apt-get install -y --no-install-recommends libreoffice-calc-nogui';

/** soffice on the PATH (or $SOFFICE_PATH); null when there is none. */
function findSoffice(): string | null {
  if (process.env.SOFFICE_PATH) return fs.existsSync(process.env.SOFFICE_PATH) ? process.env.SOFFICE_PATH : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, 'soffice');
    if (dir && fs.existsSync(file)) return file;
  }
  return null;
}

/**
 * The CSV filter: ';' between fields (a shown amount like 12,345.50 needs no quotes), '"' around
 * text, UTF-8 (76), and — tokens 7 and 9 — every text cell quoted and every cell as shown. So a
 * date cell reads 2026-11-26 unquoted while the text '2026-11-26' would read "2026-11-26".
 */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,true,true,true';

let work: string;
let profile = 0;

/** Fails the test when LibreOffice is missing: CI installs it, and a silent skip would hide the check. */
function requireSoffice(): string {
  const bin = findSoffice();
  if (!bin) throw new Error(SOFFICE_HINT);
  return bin;
}

/** One soffice run converting all the files (each start costs seconds), with a private profile. */
async function soffice(args: string[], files: string[], outDir: string) {
  const bin = requireSoffice();
  const userDir = path.join(work, `profile-${++profile}`);
  await run(
    bin,
    [`-env:UserInstallation=file://${userDir}`, '--headless', '--norestore', ...args, '--outdir', outDir, ...files],
    { timeout: 90_000 },
  );
  for (const f of files) {
    const out = path.join(outDir, path.basename(f).replace(/\.\w+$/, '.' + args.at(-1)!.split(':')[0]));
    if (!fs.existsSync(out)) throw new Error(`LibreOffice 没有写出 ${out}`);
  }
}

interface Field {
  text: string;
  quoted: boolean;
}

/** RFC 4180 with ';', keeping whether each field was quoted (text) or not (a number or date). */
function parseCsv(src: string): Field[][] {
  const rows: Field[][] = [];
  let row: Field[] = [];
  let i = 0;
  const s = src.replace(/^\uFEFF/, '');
  while (i < s.length) {
    let text = '';
    let quoted = false;
    if (s[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= s.length) throw new Error('CSV: unterminated quote');
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            text += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += s[i++];
      }
    } else {
      while (i < s.length && s[i] !== ';' && s[i] !== '\n' && s[i] !== '\r') text += s[i++];
    }
    row.push({ text, quoted });
    if (s[i] === ';') {
      i++;
      continue;
    }
    if (s[i] === '\r') i++;
    if (s[i] === '\n') i++;
    rows.push(row);
    row = [];
  }
  return rows;
}

/** What a cell of this type must look like in the CSV LibreOffice writes (empty is fine). */
const SHOWN: Record<ColumnType, { quoted: boolean; re: RegExp }> = {
  text: { quoted: true, re: /[\s\S]*/ },
  bool: { quoted: true, re: /^[是否]$/ },
  date: { quoted: false, re: /^\d{4}-\d{2}-\d{2}$/ },
  datetime: { quoted: false, re: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ },
  money: { quoted: false, re: /^-?\d{1,3}(,\d{3})*\.\d{2}$/ },
  number: { quoted: false, re: /^-?\d+$/ },
};

let app: TestApp;
let admin: Connection;
let wang: Connection;
let wangId: number;
let liId: number;
let customerId: number;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exports through the router and the worker (browser mode) and moves the file to `file`. */
async function exportTo(conn: Connection, request: ExportRequest, file: string) {
  const { jobId } = app.ok(conn, 'export.start', request);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const p = app.ok(conn, 'export.progress', { jobId });
    if (p.state === 'done') {
      const taken = jobsOf(app.db).exports.takeDownload(p.download!.replace('/download/', ''))!;
      fs.copyFileSync(taken.file, file);
      fs.rmSync(taken.file);
      return p.done;
    }
    if (p.state !== 'running') throw new Error(`export ${request.grid}: ${p.state} ${p.error}`);
    if (Date.now() > deadline) throw new Error(`export ${request.grid} still ${p.state}`);
    await sleep(30);
  }
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-sheet-'));
  let li: Connection;
  ({ app, wangId, liId, admin, wang, li } = createOffice());
  const create = (conn: Connection, ownerId: number, name: string, keyword: string, createdOn: string, i: number) =>
    app.ok(
      conn,
      'customers.create',
      newCustomer(ownerId, { name, keyword, createdOn, statusId: (i % 2) + 1, phone: `0755-8000000${i}` }),
    ).id;
  customerId = create(wang, wangId, '深圳市中兴通讯股份有限公司', '中兴', '2026-03-01', 0);
  create(wang, wangId, '华为技术有限公司', '华为', '2026-01-15', 1);
  create(li, liId, '腾讯科技（深圳）有限公司', '腾讯', '2025-12-31', 2);

  const contacts = app.ok(wang, 'contacts.list', { customerId });
  app.ok(wang, 'contacts.save', {
    customerId,
    token: contacts.token,
    created: [
      { name: '张三', title: '财务总监', mobile: '13800138000', birthday: '1990-05-04', note: '喜欢喝茶' },
      { name: '李四', isPrimary: true },
    ],
    updated: [],
    deleted: [],
  });
  const records = app.ok(wang, 'records.list', { customerId });
  app.ok(wang, 'records.save', {
    customerId,
    token: records.token,
    created: [
      { at: '2026-11-20T01:30:00.000Z', method: '电话', content: '介绍新产品；客户很满意', nextOn: '2026-12-01' },
    ],
    updated: [],
    deleted: [],
  });

  const supplier = app.ok(admin, 'suppliers.create', { name: '深圳市某某软件有限公司', shortName: '某某' });
  const category = app.ok(admin, 'categories.create', { name: '软件' });
  const product = app.ok(admin, 'products.create', {
    code: 'RJ-001',
    name: '财务软件',
    categoryId: category.id,
    unit: '套',
    guidePriceCents: 1280000,
    annualFeeCents: 199990,
    supplierId: supplier.id,
  });
  app.ok(admin, 'products.create', { name: '进销存软件', categoryId: category.id, guidePriceCents: 99, onSale: false });
  app.db.prepare(`UPDATE staff SET department = '销售部', hired_on = '2020-03-01' WHERE id = ?`).run(wangId);

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
         amount_paid_cents, annual_fee_cents, annual_fee_remind, service_end_on, salesperson_id, note, created_at, updated_at)
       VALUES (?, ?, '2025-12-10', 3, 1280000, 3840000, 1000000, 199990, 1, '2026-12-10', ?, '分期付款', ?, ?)`,
    )
    .run(customerId, product.id, wangId, at, at);
});

afterAll(async () => {
  await jobsOf(app.db).close();
  app.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Each grid: who exports it, the request, its rows, and cells to look at (row 1 = first data row). */
const GRIDS: {
  grid: ExportGrid;
  /** Who exports it (a window of their own each). */
  as: 'admin' | 'wang';
  request: () => ExportRequest;
  rows: number;
  cells: [row: number, header: string, shown: string][];
}[] = [
  {
    grid: 'customers',
    as: 'admin',
    request: () => ({ grid: 'customers', query: {} }),
    rows: 3,
    cells: [
      [1, '客户名称', '深圳市中兴通讯股份有限公司'],
      [1, '创建日期', '2026-03-01'],
      [1, '业务员', '王伟'],
      [3, '客户名称', '腾讯科技（深圳）有限公司'],
      [3, '创建日期', '2025-12-31'],
    ],
  },
  {
    grid: 'contacts',
    as: 'wang',
    request: () => ({ grid: 'contacts', query: { customerId } }),
    rows: 2,
    cells: [
      [1, '姓名', '李四'],
      [1, '主联系人', '是'],
      [2, '职务', '财务总监'],
      [2, '手机', '13800138000'],
      [2, '生日', '1990-05-04'],
      [2, '备注', '喜欢喝茶'],
    ],
  },
  {
    grid: 'records',
    as: 'wang',
    request: () => ({ grid: 'records', query: { customerId, kind: 'followup' } }),
    rows: 1,
    cells: [
      [1, '属性', '维护记录'],
      [1, '内容', '介绍新产品；客户很满意'],
      [1, '下次跟进', '2026-12-01'],
      [1, '记录人', '王伟'],
    ],
  },
  {
    grid: 'products',
    as: 'wang',
    request: () => ({ grid: 'products', query: { sort: { field: 'guidePriceCents', dir: 'desc' } } }),
    rows: 2,
    cells: [
      [1, '商品名称', '财务软件'],
      [1, '指导价', '12,800.00'],
      [1, '年服务费', '1,999.90'],
      [1, '供应商', '深圳市某某软件有限公司'],
      [2, '指导价', '0.99'],
      [2, '在售', '否'],
    ],
  },
  {
    grid: 'suppliers',
    as: 'wang',
    request: () => ({ grid: 'suppliers', query: {} }),
    rows: 1,
    cells: [
      [1, '供应商名称', '深圳市某某软件有限公司'],
      [1, '简称', '某某'],
      [1, '商品数', '1'],
    ],
  },
  {
    grid: 'staff',
    as: 'admin',
    request: () => ({ grid: 'staff', query: { sort: { field: 'name', dir: 'asc' } } }),
    rows: 3,
    cells: [],
  },
  {
    grid: 'quotes',
    as: 'wang',
    request: () => ({ grid: 'quotes', query: { customerId } }),
    rows: 1,
    cells: [
      [1, '商品名称', '财务软件'],
      [1, '报价日期', '2026-11-01'],
      [1, '数量', '3'],
      [1, '报价', '12,500.50'],
      [1, '金额', '37,501.50'],
      [1, '备注', '含安装'],
    ],
  },
  {
    grid: 'purchases',
    as: 'wang',
    request: () => ({ grid: 'purchases', query: { customerId } }),
    rows: 1,
    cells: [
      [1, '购买日期', '2025-12-10'],
      [1, '单价', '12,800.00'],
      [1, '应付金额', '38,400.00'],
      [1, '已付金额', '10,000.00'],
      [1, '欠款', '28,400.00'],
      [1, '年服务费', '1,999.90'],
      [1, '年服务费催缴标志', '是'],
      [1, '服务截止期限', '2026-12-10'],
      [1, '备注', '分期付款'],
    ],
  },
  {
    grid: 'feesDue',
    as: 'wang',
    request: () => ({ grid: 'feesDue', query: { days: 30 } }),
    rows: 1,
    cells: [
      [1, '客户名称', '深圳市中兴通讯股份有限公司'],
      [1, '年服务费', '1,999.90'],
      [1, '服务截止期限', '2026-12-10'],
      [1, '剩余天数', '14'],
    ],
  },
  {
    grid: 'arrears',
    as: 'wang',
    request: () => ({ grid: 'arrears', query: {} }),
    rows: 1,
    cells: [
      [1, '客户名称', '深圳市中兴通讯股份有限公司'],
      [1, '应付合计', '38,400.00'],
      [1, '已付合计', '10,000.00'],
      [1, '欠款合计', '28,400.00'],
      [1, '最早欠款日期', '2025-12-10'],
    ],
  },
];

describe('exports opened by LibreOffice', () => {
  it('every grid: Chinese headers and text, dates as dates, money with two decimals, every row', async () => {
    requireSoffice();
    const xlsxDir = path.join(work, 'xlsx');
    const csvDir = path.join(work, 'csv');
    fs.mkdirSync(xlsxDir);
    const done: Record<string, number> = {};
    // Three at a time, each from its own window (a worker thread takes a few seconds to start).
    for (let i = 0; i < GRIDS.length; i += 3) {
      await Promise.all(
        GRIDS.slice(i, i + 3).map(async (g) => {
          const conn = app.login(g.as);
          done[g.grid] = await exportTo(conn, g.request(), path.join(xlsxDir, `${g.grid}.xlsx`));
        }),
      );
    }

    await soffice(
      ['--convert-to', CSV_FILTER],
      GRIDS.map((g) => path.join(xlsxDir, `${g.grid}.xlsx`)),
      csvDir,
    );

    for (const g of GRIDS) {
      const rows = parseCsv(fs.readFileSync(path.join(csvDir, `${g.grid}.csv`), 'utf8'));
      const columns = exportColumnTypes(g.grid);
      const headers = exportHeaders(g.grid);
      expect(rows[0], g.grid).toEqual(headers.map((text) => ({ text, quoted: true })));
      expect(rows.length - 1, `${g.grid}: rows`).toBe(g.rows);
      expect(done[g.grid], `${g.grid}: rows exported`).toBe(g.rows);
      for (const [r, row] of rows.slice(1).entries()) {
        expect(row.length, `${g.grid} row ${r + 1}: fields`).toBeLessThanOrEqual(headers.length);
        row.forEach((field, c) => {
          if (field.text === '' && !field.quoted) return;
          const want = SHOWN[columns[c].type];
          const where = `${g.grid} row ${r + 1} ${headers[c]} (${columns[c].type}): ${JSON.stringify(field)}`;
          expect(field.quoted, where).toBe(want.quoted);
          expect(field.text, where).toMatch(want.re);
        });
      }
      for (const [r, header, shown] of g.cells) {
        const c = headers.indexOf(header);
        expect(c, `${g.grid}: no column ${header}`).toBeGreaterThanOrEqual(0);
        expect(rows[r][c]?.text, `${g.grid} row ${r} ${header}`).toBe(shown);
      }
    }

    // 人员: the Chinese of the roles, and 入职日期 as a date.
    const staff = parseCsv(fs.readFileSync(path.join(csvDir, 'staff.csv'), 'utf8'));
    const wangRow = staff.find((r) => r[0].text === '王伟')!;
    expect(wangRow.map((f) => f.text).slice(2, 4)).toEqual(['业务员', '销售部']);
    expect(wangRow[exportHeaders('staff').indexOf('入职日期')]).toEqual({ text: '2020-03-01', quoted: false });
    expect(staff.map((r) => r[0].text).sort()).toEqual(['姓名', '张经理', '李娜', '王伟'].sort());

    // 日志及维护记录's 时间: an Excel date and time, shown in this computer's time zone.
    const records = parseCsv(fs.readFileSync(path.join(csvDir, 'records.csv'), 'utf8'));
    const at = new Date('2026-11-20T01:30:00.000Z');
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60000).toISOString();
    expect(records[1][1]).toEqual({ text: `${local.slice(0, 10)} ${local.slice(11, 16)}`, quoted: false });
  }, 120_000);
});

describe('import of a file LibreOffice saved', () => {
  it('a customer list typed as CSV and saved as .xlsx by LibreOffice imports every row', async () => {
    requireSoffice();
    requireSoffice();
    const dir = path.join(work, 'import');
    fs.mkdirSync(dir);
    const csv = [
      '客户名称*,关键字,客户状态,创建日期,电话,邮箱,备注',
      '深圳市大疆创新科技有限公司,大疆,正式客户,2019-03-05,0755-26656677,,无人机；老客户',
      '"比亚迪股份有限公司, 深圳",比亚迪,,2018-07-01,13800138000,info@byd.com,',
      '美的集团股份有限公司,美的,潜在客户,2020-12-31,,,"第一行',
      '第二行"',
    ].join('\r\n');
    fs.writeFileSync(path.join(dir, '历史客户.csv'), csv + '\r\n', 'utf8');
    const out = path.join(dir, 'out');
    await soffice(
      [
        '--infilter=Text - txt - csv (StarCalc):44,34,76,1,,0,false,true',
        '--convert-to',
        'xlsx:Calc MS Excel 2007 XML',
      ],
      [path.join(dir, '历史客户.csv')],
      out,
    );
    const file = path.join(out, '历史客户.xlsx');

    // LibreOffice made the dates real dates (what a user's own workbook holds).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets[0].getCell('D2').value).toEqual(new Date(Date.UTC(2019, 2, 5)));

    const { importId } = app.ok(wang, 'import.open', {
      fileName: '历史客户.xlsx',
      fileBase64: fs.readFileSync(file).toString('base64'),
    });
    const deadline = Date.now() + 30_000;
    let progress = app.ok(wang, 'import.progress', { importId });
    while (progress.state !== 'ready' && progress.state !== 'failed') {
      if (Date.now() > deadline) throw new Error(`import still ${progress.state}`);
      await sleep(30);
      progress = app.ok(wang, 'import.progress', { importId });
    }
    expect(progress.state, progress.error ?? '').toBe('ready');
    const preview = progress.preview!;
    expect(preview.headers).toEqual(['客户名称*', '关键字', '客户状态', '创建日期', '电话', '邮箱', '备注']);
    expect(preview.counts).toEqual({ rows: 3, ok: 3, errors: 0, duplicates: 0 });
    const report = app.ok(wang, 'import.commit', { importId, mapping: preview.suggested });
    expect(report).toMatchObject({ imported: 3, skipped: [] });
    const imported = app.db
      .prepare(
        `SELECT c.name, c.keyword, s.name AS status, c.created_on AS createdOn, c.phone, c.email, c.note, c.owner_id AS ownerId
         FROM customer c JOIN customer_status s ON s.id = c.status_id WHERE c.keyword IN ('大疆', '比亚迪', '美的')
         ORDER BY c.id`,
      )
      .all();
    expect(imported).toEqual([
      {
        name: '深圳市大疆创新科技有限公司',
        keyword: '大疆',
        status: '正式客户',
        createdOn: '2019-03-05',
        phone: '0755-26656677',
        email: '',
        note: '无人机；老客户',
        ownerId: wangId,
      },
      {
        name: '比亚迪股份有限公司, 深圳',
        keyword: '比亚迪',
        status: '潜在客户',
        createdOn: '2018-07-01',
        phone: '13800138000',
        email: 'info@byd.com',
        note: '',
        ownerId: wangId,
      },
      {
        name: '美的集团股份有限公司',
        keyword: '美的',
        status: '潜在客户',
        createdOn: '2020-12-31',
        phone: '',
        email: '',
        note: '第一行\n第二行',
        ownerId: wangId,
      },
    ]);
  }, 120_000);
});
