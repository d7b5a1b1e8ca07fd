import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dateCell, dateTimeCell, toCell, type ExportColumn } from './columns.js';
import { EXCEL_MAX_DATA_ROWS, writeXlsx } from './writer.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-writer-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const columns: ExportColumn[] = [
  { key: 'name', header: '客户名称', type: 'text', width: 36 },
  { key: 'createdOn', header: '创建日期', type: 'date', width: 12 },
  { key: 'amount', header: '应付金额', type: 'money', width: 13 },
  { key: 'count', header: '数量', type: 'number', width: 8 },
  { key: 'primary', header: '主联系人', type: 'bool', width: 9 },
];

function* rows(n: number) {
  for (let i = 1; i <= n; i++) {
    yield {
      name: `客户${i}`,
      createdOn: `2026-11-${String(i).padStart(2, '0')}`,
      amount: i * 10001,
      count: i,
      primary: i % 2,
    };
  }
}

async function read(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('writeXlsx', () => {
  it('writes a bold, frozen header with Chinese names, typed cells and the column widths', async () => {
    const file = path.join(dir, 'a.xlsx');
    const progress: number[] = [];
    const result = await writeXlsx({
      file,
      title: '客户资料',
      columns,
      rows: rows(3),
      onProgress: (n) => progress.push(n),
    });
    expect(result).toEqual({ rows: 3, sheets: 1 });
    expect(progress.at(-1)).toBe(3);

    const wb = await read(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['客户资料']);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(4);
    expect(ws.getRow(1).values).toEqual([undefined, '客户名称', '创建日期', '应付金额', '数量', '主联系人']);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).width).toBe(36);

    const date = ws.getCell('B2');
    expect(date.value).toEqual(new Date(Date.UTC(2026, 10, 1)));
    expect(date.numFmt).toBe('yyyy-mm-dd');
    const money = ws.getCell('C3');
    expect(money.value).toBe(200.02);
    expect(money.numFmt).toBe('#,##0.00');
    expect(ws.getCell('D3').value).toBe(2);
    expect(ws.getCell('E2').value).toBe('是');
    expect(ws.getCell('E3').value).toBe('否');
  });

  it('continues on a second and third sheet past the row limit, each with its header', async () => {
    const file = path.join(dir, 'split.xlsx');
    const result = await writeXlsx({ file, title: '客户资料', columns, rows: rows(7), rowLimit: 3 });
    expect(result).toEqual({ rows: 7, sheets: 3 });

    const wb = await read(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['客户资料', '客户资料 (2)', '客户资料 (3)']);
    expect(wb.worksheets.map((s) => s.rowCount)).toEqual([4, 4, 2]);
    for (const ws of wb.worksheets) {
      expect(ws.getCell('A1').value).toBe('客户名称');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    expect(wb.worksheets[1].getCell('A2').value).toBe('客户4');
    expect(wb.worksheets[2].getCell('A2').value).toBe('客户7');
  });

  it("uses Excel's own limit by default and refuses a limit Excel cannot hold", async () => {
    expect(EXCEL_MAX_DATA_ROWS).toBe(1_048_576 - 1);
    await expect(
      writeXlsx({
        file: path.join(dir, 'x.xlsx'),
        title: 't',
        columns,
        rows: rows(1),
        rowLimit: EXCEL_MAX_DATA_ROWS + 1,
      }),
    ).rejects.toThrow(RangeError);
  });

  it('writes a header-only sheet when there are no rows', async () => {
    const file = path.join(dir, 'empty.xlsx');
    expect(await writeXlsx({ file, title: '联系人', columns, rows: [] })).toEqual({ rows: 0, sheets: 1 });
    const ws = (await read(file)).worksheets[0];
    expect(ws.rowCount).toBe(1);
    expect(ws.getCell('A1').value).toBe('客户名称');
  });

  it('keeps sheet names within what Excel accepts', async () => {
    const file = path.join(dir, 'name.xlsx');
    await writeXlsx({ file, title: '年费催缴/欠款统计:[2026]', columns, rows: rows(2), rowLimit: 1 });
    const names = (await read(file)).worksheets.map((s) => s.name);
    expect(names[0]).not.toMatch(/[[\]:*?/\\]/);
    expect(names[1]).toMatch(/ \(2\)$/);
  });
});

describe('cell conversion', () => {
  it('turns dates into UTC midnight and leaves what is not a date as text', () => {
    expect(dateCell('2026-11-26')).toEqual(new Date(Date.UTC(2026, 10, 26)));
    expect(dateCell(null)).toBeNull();
    expect(dateCell('')).toBeNull();
    expect(dateCell('明天')).toBe('明天');
  });

  it("shows an instant at this computer's wall-clock time, to the minute", () => {
    const d = dateTimeCell('2026-11-26T02:05:42.123Z') as Date;
    const local = new Date('2026-11-26T02:05:42.123Z');
    expect(d.getUTCHours()).toBe(local.getHours());
    expect(d.getUTCMinutes()).toBe(local.getMinutes());
    expect(d.getUTCSeconds()).toBe(0);
  });

  it('writes cents as yuan, flags as 是/否, and strips characters XML cannot hold', () => {
    expect(toCell('money', 123456)).toBe(1234.56);
    expect(toCell('money', 5)).toBe(0.05);
    expect(toCell('money', null)).toBeNull();
    expect(toCell('bool', 1)).toBe('是');
    expect(toCell('bool', 0)).toBe('否');
    expect(toCell('text', 'a\u0001b\u0000')).toBe('ab');
    expect(toCell('text', null)).toBe('');
    expect((toCell('text', 'x'.repeat(40000)) as string).length).toBe(32767);
  });
});
