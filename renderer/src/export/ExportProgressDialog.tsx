import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportProgress } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { downloadFile } from '../components/download';
import { Modal } from '../components/Modal';
import { shellCall } from '../api/shell';
import { useMessages } from '../messages/messagesStore';
import { useSession } from '../session/sessionStore';
import { useExport, type RunningExport } from './exportStore';

const POLL_MS = 250;

/**
 * '正在导出… 已完成 n / m 行' with '取消': follows the running export until it is saved (desktop)
 * or downloaded (browser), reports the outcome to Message, and closes.
 */
export function ExportProgressDialog({ job }: { job: RunningExport }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const finished = useRef(false);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const action = t('export.action', { title: job.title });
    const end = async (p: ExportProgress | null, error?: string) => {
      finished.current = true;
      const messages = useMessages.getState();
      if (p?.state === 'done') {
        const what =
          t('export.done', { title: job.title, n: p.done }) + (p.sheets > 1 ? t('export.sheets', { n: p.sheets }) : '');
        let savedTo = p.savedTo;
        if (p.download && useSession.getState().connection?.mode === 'client') {
          // The desktop app on a client PC: the server wrote the file; it is saved on this PC.
          try {
            savedTo = (await shellCall<{ savedTo: string | null }>('saveExport', p)).savedTo;
          } catch (err) {
            messages.add(action, false, (err as Error).message);
            useExport.getState().show(null);
            return;
          }
          if (!savedTo) {
            messages.add(action, false, t('export.cancelled'));
            useExport.getState().show(null);
            return;
          }
        } else if (p.download) downloadFile(p.download, p.fileName);
        const where = savedTo ? t('export.savedTo', { path: savedTo }) : t('export.downloaded', { file: p.fileName });
        messages.add(`${what}（${where}）`, true);
      } else if (p?.state === 'cancelled') {
        messages.add(action, false, t('export.cancelled'));
      } else {
        messages.add(action, false, error ?? p?.error ?? '');
      }
      useExport.getState().show(null);
    };
    const poll = () => {
      call('export.progress', { jobId: job.jobId })
        .then((p) => {
          if (!live) return;
          setProgress(p);
          if (p.state === 'choosing' || p.state === 'running') timer = setTimeout(poll, POLL_MS);
          else void end(p);
        })
        .catch((err: unknown) => {
          if (live) void end(null, errorText(err));
        });
    };
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job, t]);

  const cancel = () => {
    if (finished.current) return;
    // The poll sees the cancelled state, reports it and closes the dialog.
    call('export.cancel', { jobId: job.jobId }).catch(() => undefined);
  };

  const state = progress?.state ?? 'running';
  const total = progress?.total ?? null;
  const done = progress?.done ?? 0;
  return (
    <Modal title={t('export.title')} onClose={cancel} width={440}>
      <div className="export-progress">
        <p className="export-file">{job.fileName}</p>
        <p role="status" aria-live="polite">
          {state === 'choosing'
            ? t('export.choosing')
            : total === null
              ? t('export.counting')
              : t('export.running', { done: done.toLocaleString(), total: total.toLocaleString() })}
        </p>
        <progress
          aria-label={t('export.title')}
          max={total || 1}
          value={total === null ? undefined : Math.min(done, total)}
        />
        <div className="modal-footer inline">
          <button type="button" onClick={cancel}>
            {t('export.cancel')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
