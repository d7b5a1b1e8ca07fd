import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { ImportDialog, useImportDialog } from '../customers/ImportDialog';
import { ExportProgressDialog } from './ExportProgressDialog';
import { useExport } from './exportStore';
import './export.css';

/**
 * The export progress dialog and the 导入客户 dialog, drawn at the end of the page so they stay
 * above the window they were started from (商品注册, 人员管理 …). Mounted once, beside the menu bar.
 */
export function ExportHost() {
  const running = useExport((s) => s.running);
  const importOpen = useImportDialog((s) => s.open);
  // Leaving the screen (退出登录): the next user starts without them.
  useEffect(
    () => () => {
      useExport.getState().show(null);
      useImportDialog.getState().setOpen(false);
    },
    [],
  );
  return createPortal(
    <>
      {importOpen && <ImportDialog onClose={() => useImportDialog.getState().setOpen(false)} />}
      {running && <ExportProgressDialog key={running.jobId} job={running} />}
    </>,
    document.body,
  );
}
