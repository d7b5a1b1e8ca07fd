/**
 * Where a desktop export is saved: the save dialog, over the window that asked, opening in the
 * user's 下载 folder with the export's default name (e.g. 客户资料_20261126.xlsx). Kept apart from
 * main.ts so it can be tested with a fake dialog.
 */
import path from 'node:path';
import type { Connection } from '../db/context.js';

/** The parts of Electron's dialog.showSaveDialog result we read. */
export interface SaveDialogResult {
  canceled: boolean;
  filePath?: string;
}

export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  buttonLabel: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

export interface ExportTargetDeps<W> {
  /** dialog.showSaveDialog, modal over `window` when there is one. */
  showSaveDialog(window: W | null, options: SaveDialogOptions): Promise<SaveDialogResult>;
  /** app.getPath('downloads'). */
  downloadsDir(): string;
  /** The open window a connection (its login) belongs to. */
  windowOf(conn: Connection): W | null;
}

/** The `chooseTarget` of the desktop's jobs (db/jobs/registry.ts): a path, or null if cancelled. */
export function exportTarget<W>(deps: ExportTargetDeps<W>) {
  return async (conn: Connection, defaultName: string): Promise<string | null> => {
    const result = await deps.showSaveDialog(deps.windowOf(conn), {
      title: '导出到 Excel',
      defaultPath: path.join(deps.downloadsDir(), defaultName),
      buttonLabel: '保存',
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return result.canceled || !result.filePath ? null : result.filePath;
  };
}
