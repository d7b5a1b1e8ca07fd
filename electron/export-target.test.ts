import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Connection } from '../db/context.js';
import { exportTarget, type SaveDialogOptions, type SaveDialogResult } from './export-target.js';

describe('exportTarget (the desktop save dialog of an export)', () => {
  const conn: Connection = { session: null };
  const win = { id: 7 };

  function setup(result: SaveDialogResult) {
    const showSaveDialog = vi.fn(async (_w: typeof win | null, _o: SaveDialogOptions) => result);
    const choose = exportTarget({
      showSaveDialog,
      downloadsDir: () => '/home/wang/下载',
      windowOf: (c) => (c === conn ? win : null),
    });
    return { showSaveDialog, choose };
  }

  it('opens over the asking window, in 下载, with the default name and .xlsx only', async () => {
    const { showSaveDialog, choose } = setup({ canceled: false, filePath: '/home/wang/桌面/客户.xlsx' });
    await expect(choose(conn, '客户资料_20261126.xlsx')).resolves.toBe('/home/wang/桌面/客户.xlsx');
    const [window, options] = showSaveDialog.mock.calls[0];
    expect(window).toBe(win);
    expect(options.defaultPath).toBe(path.join('/home/wang/下载', '客户资料_20261126.xlsx'));
    expect(options.filters).toEqual([{ name: 'Excel 工作簿', extensions: ['xlsx'] }]);
    expect(options.properties).toContain('showOverwriteConfirmation');
  });

  it('gives null when the dialog is cancelled (the export is then cancelled)', async () => {
    const { choose } = setup({ canceled: true, filePath: '' });
    await expect(choose(conn, '客户资料_20261126.xlsx')).resolves.toBeNull();
  });

  it('still asks, unparented, when the window is gone', async () => {
    const { showSaveDialog, choose } = setup({ canceled: false, filePath: '/tmp/a.xlsx' });
    await expect(choose({ session: null }, 'x.xlsx')).resolves.toBe('/tmp/a.xlsx');
    expect(showSaveDialog.mock.calls[0][0]).toBeNull();
  });
});
