import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDialogs, type Question } from './questionStore';
import { Modal } from './Modal';

function Prompt({ q }: { q: Extract<Question, { kind: 'prompt' }> }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(q.initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = () => {
    useDialogs.getState().done();
    q.resolve(false);
  };
  const submit = async () => {
    setBusy(true);
    const err = await q.submit(value);
    setBusy(false);
    if (err) setError(err);
    else {
      useDialogs.getState().done();
      q.resolve(true);
    }
  };
  return (
    <Modal
      title={q.title}
      onClose={cancel}
      width={380}
      footer={
        <>
          <button type="button" className="primary" disabled={busy} onClick={submit}>
            {t('common.ok')}
          </button>
          <button type="button" onClick={cancel}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span className="label">{q.label}</span>
          <input value={value} aria-invalid={!!error} onChange={(e) => setValue(e.target.value)} />
        </label>
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </form>
    </Modal>
  );
}

function Confirm({ q }: { q: Extract<Question, { kind: 'confirm' }> }) {
  const { t } = useTranslation();
  const answer = (ok: boolean) => {
    useDialogs.getState().done();
    q.resolve(ok);
  };
  return (
    <Modal
      title={q.title}
      onClose={() => answer(false)}
      width={400}
      footer={
        <>
          <button type="button" className="primary" onClick={() => answer(true)}>
            {q.okLabel ?? t('common.ok')}
          </button>
          <button type="button" onClick={() => answer(false)}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <p>{q.message}</p>
    </Modal>
  );
}

/** One of a few answers, each a button (the first is the default); Esc or 取消 answers null. */
function Choice({ q }: { q: Extract<Question, { kind: 'choice' }> }) {
  const { t } = useTranslation();
  const answer = (value: string | null) => {
    useDialogs.getState().done();
    q.resolve(value);
  };
  return (
    <Modal
      title={q.title}
      onClose={() => answer(null)}
      width={460}
      footer={
        <>
          {q.choices.map((c, i) => (
            <button
              key={c.value}
              type="button"
              className={i === 0 ? 'primary' : undefined}
              autoFocus={i === 0}
              onClick={() => answer(c.value)}
            >
              {c.label}
            </button>
          ))}
          <button type="button" onClick={() => answer(null)}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <p>{q.message}</p>
    </Modal>
  );
}

/** Shows the pending question, if any. */
export function QuestionDialog() {
  const q = useDialogs((s) => s.question);
  if (!q) return null;
  if (q.kind === 'choice') return <Choice q={q} />;
  return q.kind === 'confirm' ? <Confirm q={q} /> : <Prompt key={q.title} q={q} />;
}
