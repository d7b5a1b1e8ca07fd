/**
 * 导入客户 (Excel): administrators and salespeople (a salesperson imports into their own name;
 * an administrator may map a 业务员 column). The file is read and checked in the background;
 * the commit checks every row again and writes them in this one transaction.
 */
import { MAX_IMPORT_BYTES } from '../../core/contract.js';
import { today } from '../context.js';
import { badField } from '../errors.js';
import { commitImport } from '../import/customers.js';
import { jobsOf } from '../jobs/registry.js';
import type { HandlersOf } from '../router.js';

export const importHandlers: HandlersOf<'import'> = {
  'import.open': (ctx, input) => {
    const file = Buffer.from(input.fileBase64, 'base64');
    if (file.length === 0) throw badField('fileBase64', '文件', '文件是空的');
    if (file.length > MAX_IMPORT_BYTES) {
      throw badField('fileBase64', '文件', `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
    }
    // An .xlsx is a zip file: anything else is refused before a worker starts.
    if (file[0] !== 0x50 || file[1] !== 0x4b) {
      throw badField('fileBase64', '文件', '不是 Excel 工作簿（.xlsx）；旧版 .xls 请先在 Excel 中另存为 .xlsx');
    }
    const importId = jobsOf(ctx.db).imports.open(ctx.conn, ctx.user, input.fileName, new Uint8Array(file), today(ctx));
    return { importId };
  },

  'import.preview': (ctx, input) => {
    jobsOf(ctx.db).imports.preview(ctx.conn, input.importId, input.mapping, today(ctx));
    return { importId: input.importId };
  },

  'import.progress': (ctx, input) => jobsOf(ctx.db).imports.progress(ctx.conn, input.importId),

  'import.commit': (ctx, input) => {
    const imports = jobsOf(ctx.db).imports;
    const { table, fileName } = imports.table(ctx.conn, input.importId, ctx.user.id);
    const report = commitImport(ctx, table, {
      fileName,
      mapping: input.mapping,
      skipRowsWithErrors: input.skipRowsWithErrors,
      skipDuplicates: input.skipDuplicates,
    });
    // Imported: the same file cannot be imported twice by a second click.
    imports.forget(ctx.conn, input.importId);
    return report;
  },

  'import.close': (ctx, input) => {
    jobsOf(ctx.db).imports.forget(ctx.conn, input.importId);
    return null;
  },
};
