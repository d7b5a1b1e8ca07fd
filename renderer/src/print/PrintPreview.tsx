import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { docTitle, PrintSheets } from './sheets';
import { usePrint } from './printStore';
import './print.css';

/**
 * The print preview: the document laid out for A4 over the whole window. '打印' calls
 * window.print(), which opens the system print dialog in Electron and the browser's in the browser
 * mode. It is drawn beside the application's root (a portal into <body>), so the print styles can
 * hide the application and print only the document — page numbers come from @page (print.css).
 */
export function PrintPreview() {
  const { t } = useTranslation();
  const doc = usePrint((s) => s.doc);
  const printButton = useRef<HTMLButtonElement>(null);
  const title = doc ? docTitle(doc, t) : '';

  useEffect(() => {
    if (!doc) return;
    // The document's title is what the print dialog offers as the PDF's file name.
    const before = document.title;
    document.title = title;
    printButton.current?.focus();
    return () => {
      document.title = before;
    };
  }, [doc, title]);

  useEffect(() => () => usePrint.getState().close(), []);

  if (!doc) return null;
  const close = () => usePrint.getState().close();
  return createPortal(
    <div
      className="print-root"
      role="dialog"
      aria-modal="true"
      aria-label={t('print.preview')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <div className="print-toolbar" role="toolbar" aria-label={t('print.preview')}>
        <span className="print-toolbar-title">{title}</span>
        <span className="print-toolbar-hint">{t('print.hint')}</span>
        <button ref={printButton} type="button" className="primary" onClick={() => window.print()}>
          {t('print.print')}
        </button>
        <button type="button" onClick={close}>
          {t('common.close')}
        </button>
      </div>
      <div className="print-pages" role="document" aria-label={title}>
        <PrintSheets doc={doc} />
      </div>
    </div>,
    document.body,
  );
}
