import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it, vi } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../core/contract.js';
import { startWorker, WORKER_LIMITS, workerFailure } from '../jobs/spawn.js';
import { clip, PREVIEW_CELL_CHARS } from './check.js';
import { readTable } from './xlsx.js';

vi.setConfig({ testTimeout: 60_000 });

/** An .xlsx whose first sheet has a header and `rows` rows (streamed, as Excel-sized files are). */
async function bigWorkbook(rows: number, secondSheet = false): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.addRow(['客户名称', '关键字', '电话']);
  for (let i = 1; i <= rows; i++)
    ws.addRow([`深圳市客户${i}有限公司`, `客户${i}`, `0755-${String(i).padStart(8, '0')}`]);
  if (secondSheet) wb.addWorksheet('其他').addRow(['不会被读取']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same file with its second sheet's XML broken: parsing it would fail. */
async function breakSecondSheet(file: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(file);
  expect(zip.file('xl/worksheets/sheet2.xml')).not.toBeNull();
  zip.file('xl/worksheets/sheet2.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>');
  // Deflated, as Excel writes every part (the streaming unzipper cannot find the end of a stored
  // part written with a data descriptor; readTable reads such small files whole instead).
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('reading an import file', () => {
  it('reads the first sheet with data, counting its rows as they stream by', async () => {
    const seen: number[] = [];
    const table = await readTable(await bigWorkbook(3, true), (n) => seen.push(n));
    expect(table.sheetName).toBe('客户');
    expect(table.headers).toEqual(['客户名称', '关键字', '电话']);
    expect(table.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(table.rows[2].cells).toEqual(['深圳市客户3有限公司', '客户3', '0755-00000003']);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('keeps long Chinese cells intact (the streaming reader alone would garble characters split across chunks)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['客户名称', '备注']);
    const long = '很长的备注'.repeat(60_000);
    const names = Array.from({ length: 3000 }, (_, i) => `深圳市第${i}号客户科技有限公司`);
    for (const name of names) ws.addRow([name, long.slice(0, 7 + (names.indexOf(name) % 50))]);
    ws.addRow(['最后一个客户', long]);
    const table = await readTable(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(table.rows.at(-1)!.cells[1]).toBe(long);
    expect(table.rows.slice(0, -1).map((r) => r.cells[0])).toEqual(names);
  });

  it(`stops at row ${MAX_IMPORT_ROWS + 1} while streaming, without reading the rest of the file`, async () => {
    const file = await breakSecondSheet(await bigWorkbook(MAX_IMPORT_ROWS + 500, true));
    let last = 0;
    await expect(readTable(file, (n) => (last = n))).rejects.toThrow(
      `文件超过 ${MAX_IMPORT_ROWS} 行：每次最多导入 ${MAX_IMPORT_ROWS} 个客户，请分成几个文件导入`,
    );
    expect(last).toBe(MAX_IMPORT_ROWS);
  });

  it('accepts exactly the cap, and refuses what is not an .xlsx', async () => {
    const table = await readTable(await bigWorkbook(MAX_IMPORT_ROWS));
    expect(table.rows).toHaveLength(MAX_IMPORT_ROWS);
    await expect(readTable(Buffer.from('客户名称,关键字\n中兴,中兴\n'))).rejects.toThrow('无法读取这个文件');
  });

  it('reads a small file the streaming reader cannot unzip (stored parts) whole instead', async () => {
    const zip = await JSZip.loadAsync(await bigWorkbook(2));
    const stored = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
    for (let i = 0; i < 3; i++) {
      const table = await readTable(stored);
      expect(table.rows.map((r) => r.cells[1])).toEqual(['客户1', '客户2']);
    }
  });
});

describe('preview cells', () => {
  it('cuts long cells to their start and says how long they are', () => {
    expect(clip('短文本')).toBe('短文本');
    const long = '很'.repeat(100_000);
    const cut = clip(long);
    expect(cut).toBe(`${'很'.repeat(PREVIEW_CELL_CHARS)}…（共 100000 字）`);
    // Never halves a character outside the BMP.
    expect(clip('😀'.repeat(PREVIEW_CELL_CHARS + 1))).toBe(
      `${'😀'.repeat(PREVIEW_CELL_CHARS)}…（共 ${PREVIEW_CELL_CHARS + 1} 字）`,
    );
  });
});

describe('worker memory limits', () => {
  it('starts import and export workers with a heap limit, and words running out of it', async () => {
    const worker = startWorker({
      kind: 'import',
      dbFile: '/nonexistent/crm.db',
      user: { id: 1, name: '张经理', role: 'admin' },
      today: '2026-11-26',
      file: null,
      table: { sheetName: '客户', headers: ['客户名称'], rows: [] },
      mapping: null,
    });
    expect(worker.resourceLimits?.maxOldGenerationSizeMb).toBe(WORKER_LIMITS.import.maxOldGenerationSizeMb);
    await worker.terminate();
    expect(WORKER_LIMITS.export.maxOldGenerationSizeMb).toBeGreaterThan(0);
    const oom = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), {
      code: 'ERR_WORKER_OUT_OF_MEMORY',
    });
    expect(workerFailure(oom, '检查导入文件')).toBe(
      '检查导入文件时内存不足，已停止：文件太大或单元格内容过长，请分成几个较小的文件',
    );
    expect(workerFailure(new Error('别的原因'), '导出')).toBe('别的原因');
  });

  it('a worker that outgrows its limit stops with ERR_WORKER_OUT_OF_MEMORY, and the host lives on', async () => {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(`const a = []; for (;;) a.push(new Array(1e5).fill(Math.random()));`, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    const err = await new Promise<Error & { code?: string }>((resolve) => w.on('error', resolve));
    expect(err.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(workerFailure(err, '导出')).toContain('导出时内存不足');
  });
});
