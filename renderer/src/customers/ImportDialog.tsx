import type { ColDef } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import {
  importFields,
  importLabels,
  MAX_IMPORT_BYTES,
  requiredImportFields,
  type ImportField,
  type ImportMapping,
  type ImportPreview,
  type ImportPreviewRow,
  type ImportProgress,
  type ImportReport,
} from '../../../core/contract';
import { call, errorText } from '../api/client';
import { gridTheme } from '../components/grid';
import { Modal } from '../components/Modal';
import { useMessages } from '../messages/messagesStore';

/** Whether the 导入客户 dialog is open (客户管理 › 导入客户…). */
export const useImportDialog = create<{ open: boolean; setOpen(open: boolean): void }>((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

const POLL_MS = 250;
/** The fields' names as the customer form shows them. */
const FIELD_LABEL = importLabels as Record<ImportField, string>;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('无法读取文件'));
    reader.readAsDataURL(file);
  });
}

type RowKind = 'ok' | 'error' | 'duplicate';
const kindOf = (r: ImportPreviewRow): RowKind =>
  Object.keys(r.errors).length ? 'error' : r.duplicates.length || r.sameAsRow !== null ? 'duplicate' : 'ok';

/**
 * 导入客户 (the manual's 补录历史客户): choose an .xlsx, check how its columns map to the customer
 * fields, look at every row's errors and keyword duplicates, then import them in one go — with the
 * 创建日期 from the file. Nothing is written before '导入'.
 */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [importId, setImportId] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [skipErrors, setSkipErrors] = useState(false);
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [poll, setPoll] = useState(0);
  const fileRef = useRef<HTMLInputElement>(null);
  const openId = useRef<string | null>(null);

  // Follows the reading and checking of the file until its preview is ready.
  useEffect(() => {
    if (!importId || poll === 0) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      call('import.progress', { importId })
        .then((p) => {
          if (!live) return;
          setProgress(p);
          if (p.state === 'reading' || p.state === 'checking') timer = setTimeout(step, POLL_MS);
          else if (p.state === 'failed') setProblem(p.error ?? '');
        })
        .catch((err: unknown) => live && setProblem(errorText(err)));
    };
    step();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [importId, poll]);

  // Closing forgets the file on the main side.
  useEffect(
    () => () => {
      if (openId.current) void call('import.close', { importId: openId.current }).catch(() => undefined);
    },
    [],
  );

  const choose = async (file: File | undefined) => {
    setProblem('');
    setReport(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) return setProblem(t('import.tooLarge'));
    if (!/\.xlsx$/i.test(file.name)) return setProblem(t('import.notXlsx'));
    setBusy(true);
    try {
      if (openId.current) await call('import.close', { importId: openId.current }).catch(() => undefined);
      const fileBase64 = await readBase64(file);
      const started = await call('import.open', { fileName: file.name, fileBase64 });
      openId.current = started.importId;
      setProgress(null);
      setImportId(started.importId);
      setPoll((n) => n + 1);
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const preview: ImportPreview | null = progress?.state === 'ready' ? progress.preview : null;

  const remap = async (field: ImportField, value: string) => {
    if (!importId || !preview) return;
    const mapping: ImportMapping = { ...preview.mapping, [field]: value === '' ? null : Number(value) };
    setProblem('');
    try {
      await call('import.preview', { importId, mapping });
      setProgress((p) => (p ? { ...p, state: 'checking', preview: null, done: 0 } : p));
      setPoll((n) => n + 1);
    } catch (err) {
      setProblem(errorText(err));
    }
  };

  const submit = async () => {
    if (!importId || !preview || !progress) return;
    setBusy(true);
    setProblem('');
    const action = t('import.action', { file: progress.fileName });
    try {
      const done = await call('import.commit', {
        importId,
        mapping: preview.mapping,
        skipRowsWithErrors: skipErrors,
        skipDuplicates,
      });
      openId.current = null;
      setReport(done);
      setImportId(null);
      setProgress(null);
      const summary = t('import.report', { imported: done.imported, skipped: done.skipped.length });
      useMessages.getState().add(`${action}：${summary}`, true);
    } catch (err) {
      setProblem(errorText(err));
      useMessages.getState().add(action, false, errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const columns = useMemo<ColDef<ImportPreviewRow>[]>(() => {
    const value = (f: ImportField): ColDef<ImportPreviewRow> => ({
      colId: f,
      headerName: FIELD_LABEL[f],
      valueGetter: (p) => p.data?.values[f] ?? '',
      cellClassRules: { 'import-error': (p) => !!p.data?.errors[f] },
      tooltipValueGetter: (p) => p.data?.errors[f],
      width: f === 'name' ? 220 : 100,
    });
    return [
      { colId: 'row', headerName: t('import.row'), valueGetter: (p) => p.data?.row, width: 70, pinned: 'left' },
      {
        colId: 'result',
        headerName: t('import.result'),
        width: 100,
        valueGetter: (p) => (p.data ? t(`import.${kindOf(p.data)}`) : ''),
        cellClassRules: {
          'import-error': (p) => !!p.data && kindOf(p.data) === 'error',
          'import-duplicate': (p) => !!p.data && kindOf(p.data) === 'duplicate',
          'import-ok': (p) => !!p.data && kindOf(p.data) === 'ok',
        },
      },
      value('name'),
      value('keyword'),
      value('statusName'),
      value('ownerName'),
      value('createdOn'),
      value('phone'),
      {
        colId: 'problems',
        headerName: t('import.problems'),
        flex: 1,
        minWidth: 260,
        valueGetter: (p) => {
          const r = p.data;
          if (!r) return '';
          const parts = importFields.filter((f) => r.errors[f]).map((f) => `${FIELD_LABEL[f]}：${r.errors[f]}`);
          if (r.sameAsRow !== null) parts.push(t('import.sameAsRow', { row: r.sameAsRow }));
          if (r.duplicates.length) {
            parts.push(
              t('import.duplicateOf', {
                names: r.duplicates
                  .slice(0, 3)
                  .map((m) => `${m.name}（${m.ownerName}）`)
                  .join('、'),
              }),
            );
          }
          return parts.join('；');
        },
        tooltipValueGetter: (p) => (p.value ? String(p.value) : undefined),
      },
    ];
  }, [t]);

  const rows = useMemo(
    () => (preview ? (onlyProblems ? preview.rows.filter((r) => kindOf(r) !== 'ok') : preview.rows) : []),
    [preview, onlyProblems],
  );

  const counts = preview?.counts;
  const importable = counts ? counts.ok + counts.duplicates : 0;
  const blockedByErrors = !!counts && counts.errors > 0 && !skipErrors;
  const canImport = !!preview && !preview.mappingError && importable > 0 && !blockedByErrors && !busy;
  const working = progress?.state === 'reading' || progress?.state === 'checking';

  return (
    <Modal
      title={t('import.title')}
      onClose={onClose}
      width={1100}
      footer={
        <>
          <span className="spacer" />
          {!report && (
            <button type="button" className="primary" onClick={() => void submit()} disabled={!canImport}>
              {busy && preview ? t('import.importing') : t('import.submit')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <div className="import-window">
        <div>
          {/* The label is the visible, translated button; the browser's own file input (whose
              'Choose File' text follows the system language) stays hidden but labelled. */}
          <label className={`import-pick button-like${busy ? ' disabled' : ''}`}>
            {t('import.pick')}…
            <input
              ref={fileRef}
              className="visually-hidden"
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={busy}
              onChange={(e) => void choose(e.target.files?.[0])}
            />
          </label>
          <p className="import-hint">{t('import.pickHint')}</p>
        </div>

        {problem && (
          <div className="form-error" role="alert">
            {problem}
          </div>
        )}

        {working && progress && (
          <p role="status">
            {progress.state === 'reading' || progress.total === null
              ? t('import.reading')
              : t('import.checking', { done: progress.done, total: progress.total })}
          </p>
        )}

        {preview && progress && (
          <>
            <p className="import-hint">{t('import.file', { file: progress.fileName, sheet: preview.sheetName })}</p>
            <fieldset className="import-mapping">
              <legend>{t('import.mapping')}</legend>
              {importFields.map((f) => {
                const own = f === 'ownerName' && !preview.ownerMappable;
                const required = requiredImportFields.includes(f);
                const col = preview.mapping[f];
                return (
                  <label key={f}>
                    <span className={required ? 'required' : undefined}>{FIELD_LABEL[f]}</span>
                    {own ? (
                      <span className="muted">{t('import.ownOwner')}</span>
                    ) : (
                      <select
                        aria-label={FIELD_LABEL[f]}
                        value={col === null || col === undefined ? '' : String(col)}
                        onChange={(e) => void remap(f, e.target.value)}
                      >
                        <option value="">{t('import.notImported')}</option>
                        {preview.headers.map((h, i) => (
                          <option key={i} value={i}>
                            {h}
                          </option>
                        ))}
                      </select>
                    )}
                  </label>
                );
              })}
            </fieldset>
            {preview.mappingError && (
              <p className="import-note" role="alert">
                {preview.mappingError}
              </p>
            )}
            <div className="import-summary">
              <strong role="status">{t('import.summary', { ...counts })}</strong>
              <label>
                <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />{' '}
                {t('import.onlyProblems')}
              </label>
              <label>
                <input type="checkbox" checked={skipErrors} onChange={(e) => setSkipErrors(e.target.checked)} />{' '}
                {t('import.skipErrors')}
              </label>
              <label>
                <input type="checkbox" checked={skipDuplicates} onChange={(e) => setSkipDuplicates(e.target.checked)} />{' '}
                {t('import.skipDuplicates')}
              </label>
            </div>
            {blockedByErrors && <p className="import-note">{t('import.errorsBlock', { n: counts!.errors })}</p>}
            {!blockedByErrors && importable === 0 && <p className="import-note">{t('import.nothing')}</p>}
            <div className="import-grid" role="region" aria-label={t('import.title')}>
              <AgGridReact<ImportPreviewRow>
                theme={gridTheme}
                rowData={rows}
                columnDefs={columns}
                defaultColDef={{ resizable: true, sortable: true, suppressHeaderMenuButton: true }}
                getRowId={(p) => String(p.data.row)}
                tooltipShowDelay={300}
              />
            </div>
          </>
        )}

        {report && (
          <div className="import-report" role="status">
            <p>
              <strong>{t('import.report', { imported: report.imported, skipped: report.skipped.length })}</strong>
            </p>
            {report.skipped.length > 0 && (
              <>
                <p>{t('import.skipped')}</p>
                <ul>
                  {report.skipped.map((s) => (
                    <li key={s.row}>{t('import.skippedRow', { row: s.row, reason: s.reason })}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
    </Modal>
  );
}
