/**
 * 销售统计 › 导出: one sheet per chart with its table, written in the window with exceljs (the
 * tables are a few hundred rows at most, so no background job is needed) and saved as a download.
 * Loaded only when 导出 is clicked, so exceljs stays out of the main bundle.
 */
import ExcelJS from 'exceljs';
import { downloadFile } from '../components/download';
import type { ChartSpec } from './statsSpecs';

export async function writeStatsXlsx(specs: ChartSpec[], fileName: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  for (const s of specs) {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ].
    const sheet = book.addWorksheet(s.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31));
    sheet.addRow(s.table.columns.map((c) => c.label)).font = { bold: true };
    for (const r of s.table.values) sheet.addRow(r);
    s.table.columns.forEach((c, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = c.num ? 16 : 22;
      if (c.num && /¥|元|销售额|收款|欠款|Sales|Collected|Arrears/.test(c.label)) col.numFmt = '"¥"#,##0.00';
    });
  }
  const buffer = await book.xlsx.writeBuffer();
  const url = URL.createObjectURL(
    new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  downloadFile(url, fileName);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
