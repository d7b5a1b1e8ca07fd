import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoverHead, HandoverPreview, StaffOption } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { Field } from '../components/Field';
import { confirmDialog } from '../components/questionStore';
import { useSubmit } from '../components/useSubmit';
import { Modal } from '../components/Modal';
import { printHandover } from '../print/actions';
import { useSession } from '../session/sessionStore';
import { roleLabel, teamOptions } from './departments';
import { HandoverPreviewTable } from './HandoverPreviewTable';
import type { HandoverRequest } from './staffDialogsStore';

/**
 * How the customers go. 'pool' (退回公海) joins when the 公海 lands on main (issue 21, item 2): add
 * it here and to handover.commit's `mode`, and offer the radio below once POOL_AVAILABLE is true.
 */
type Mode = 'one' | 'several';
const POOL_AVAILABLE = false;

/**
 * 离职交接 (administrator; a 销售经理 for the 业务员 of their 部门): who leaves, a preview of what
 * will move (handover.preview), one choice — one colleague, or several in turn — then one
 * handover.commit that moves everything and disables them; afterwards the 交接单 to print.
 */
export function HandoverDialog({ request, onClose }: { request: HandoverRequest; onClose(): void }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const [people, setPeople] = useState<StaffOption[] | null>(null);
  const [fromId, setFromId] = useState<number | ''>(request.fromId ?? '');
  const [preview, setPreview] = useState<HandoverPreview | null>(null);
  const [mode, setMode] = useState<Mode>('one');
  const [toId, setToId] = useState<number | ''>('');
  const [several, setSeveral] = useState<number[]>([]);
  const [done, setDone] = useState<HandoverHead | null>(null);
  const { errors, message, busy, run, setErrors, setMessage } = useSubmit();

  useEffect(() => {
    call('staff.options')
      .then((all) => (me?.role === 'manager' ? teamOptions(me.id, all) : all))
      .then(setPeople)
      .catch((err) => setMessage(errorText(err)));
  }, [me, setMessage]);

  useEffect(() => {
    setPreview(null);
    if (fromId === '') return;
    let live = true;
    call('handover.preview', { fromId })
      .then((p) => live && setPreview(p))
      .catch((err) => live && setMessage(errorText(err)));
    return () => {
      live = false;
    };
  }, [fromId, setMessage]);

  // Who may leave: a manager's 业务员; an administrator anyone but themselves.
  const leavers = useMemo(
    () => people?.filter((p) => p.id !== me?.id && (me?.role === 'admin' || p.role === 'sales')) ?? [],
    [people, me],
  );
  const colleagues = useMemo(() => people?.filter((p) => p.id !== fromId) ?? [], [people, fromId]);
  const chosen = mode === 'one' ? (toId === '' ? [] : [toId]) : several;
  const nameOf = (id: number) => people?.find((p) => p.id === id)?.name ?? '';
  const moving = preview ? preview.counts.customers + preview.counts.deletedCustomers : 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!preview) {
      setErrors({ fromId: t('handover.chooseFrom') });
      return;
    }
    if (mode === 'one' && toId === '') {
      setErrors({ toIds: t('handover.chooseTo') });
      return;
    }
    if (mode === 'several' && several.length < 2) {
      setErrors({ toIds: t('handover.chooseSeveral') });
      return;
    }
    const from = preview.staff.name;
    const to = chosen.map(nameOf).join('、');
    if (
      !(await confirmDialog(
        t('handover.confirmTitle'),
        t('handover.confirm', { from, to, n: moving }),
        t('handover.submit'),
      ))
    )
      return;
    const head = await run(() =>
      call(
        'handover.commit',
        { fromId: preview.staff.id, toIds: chosen },
        { action: t('handover.action', { from, to }) },
      ),
    );
    if (head) setDone(head);
  };

  if (done) {
    return (
      <Modal
        title={t('handover.doneTitle')}
        onClose={onClose}
        width={520}
        footer={
          <>
            <button type="button" className="primary" onClick={() => void printHandover(done.id)}>
              {t('handover.print')}
            </button>
            <button type="button" onClick={onClose}>
              {t('handover.close')}
            </button>
          </>
        }
      >
        <p role="status">{t('handover.done', { from: done.fromName, n: done.customers })}</p>
        <ul className="handover-done">
          {done.to.map((r) => (
            <li key={r.id}>{t('handover.doneLine', { name: r.name, n: r.customers })}</li>
          ))}
        </ul>
      </Modal>
    );
  }

  const toggle = (id: number, on: boolean) =>
    setSeveral((list) => (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id)));

  return (
    <Modal
      title={t('handover.title')}
      onClose={onClose}
      width={620}
      footer={
        <>
          <button type="submit" form="handover-form" className="primary" disabled={busy || !preview}>
            {t('handover.submit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <form id="handover-form" className="handover-form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('handover.from')} required error={errors.fromId}>
          {(p) => (
            <select
              {...p}
              value={fromId}
              disabled={request.fromId !== null}
              onChange={(e) => {
                setFromId(e.target.value ? Number(e.target.value) : '');
                setToId('');
                setSeveral([]);
              }}
            >
              <option value="" />
              {request.fromId !== null && preview && !leavers.some((l) => l.id === request.fromId) && (
                <option value={request.fromId}>{preview.staff.name}</option>
              )}
              {leavers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}（{roleLabel(t, s.role)}）
                </option>
              ))}
            </select>
          )}
        </Field>
        {people && !leavers.length && request.fromId === null && (
          <p className="muted small">{t('handover.noCandidates')}</p>
        )}
        {fromId !== '' &&
          (preview ? <HandoverPreviewTable preview={preview} /> : <p className="muted">{t('handover.loading')}</p>)}
        <fieldset className="handover-mode">
          <legend>{t('handover.mode')}</legend>
          <label>
            <input type="radio" name="handover-mode" checked={mode === 'one'} onChange={() => setMode('one')} />
            {t('handover.modeOne')}
          </label>
          <label>
            <input type="radio" name="handover-mode" checked={mode === 'several'} onChange={() => setMode('several')} />
            {t('handover.modeSeveral')}
          </label>
          {POOL_AVAILABLE && (
            <label>
              <input type="radio" name="handover-mode" disabled />
              {t('handover.modePool')}
            </label>
          )}
        </fieldset>
        {mode === 'one' ? (
          <Field label={t('handover.to')} required error={errors.toIds}>
            {(p) => (
              <select {...p} value={toId} onChange={(e) => setToId(e.target.value ? Number(e.target.value) : '')}>
                <option value="" />
                {colleagues.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}（{roleLabel(t, s.role)}）
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <fieldset className="handover-several" aria-invalid={!!errors.toIds}>
            <legend className="label required">{t('handover.toSeveral')}</legend>
            {colleagues.map((s) => (
              <label key={s.id}>
                <input
                  type="checkbox"
                  checked={several.includes(s.id)}
                  onChange={(e) => toggle(s.id, e.target.checked)}
                />
                {s.name}（{roleLabel(t, s.role)}）
                {several.includes(s.id) && (
                  <span className="handover-order" title={t('handover.order', { n: several.indexOf(s.id) + 1 })}>
                    {several.indexOf(s.id) + 1}
                  </span>
                )}
              </label>
            ))}
            {errors.toIds && (
              <div className="field-error" role="alert">
                {errors.toIds}
              </div>
            )}
            {several.length > 1 && moving > 0 && (
              <p className="muted small">{t('handover.split', { n: Math.ceil(moving / several.length) })}</p>
            )}
          </fieldset>
        )}
        <p className="muted small">{t('handover.intro', { from: preview?.staff.name ?? '' })}</p>
        {message && !errors.toIds && !errors.fromId && (
          <div className="form-error" role="alert">
            {message}
          </div>
        )}
      </form>
    </Modal>
  );
}
