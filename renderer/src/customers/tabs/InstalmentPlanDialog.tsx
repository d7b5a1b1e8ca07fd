import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addMonths,
  checkInstalmentPlan,
  instalmentStateLabels,
  splitEvenly,
  type Input,
  type InstalmentPlan,
} from '../../../../core/contract';
import { dateProblem } from '../../../../core/input';
import { formatMoney, parseMoney } from '../../../../core/money';
import { call, errorText } from '../../api/client';
import { Modal } from '../../components/Modal';
import { choiceDialog } from '../../components/questionStore';
import { useMessages } from '../../messages/messagesStore';
import { localDay } from '../../../../core/contract/dates';

/** A line of the plan's draft: the loaded instalment (id, version) or a new one, as typed. */
interface Line {
  key: number;
  id: number | null;
  version: number | null;
  seq: string;
  dueOn: string;
  amount: string;
  remindDays: string;
  note: string;
  deleted: boolean;
  /** As loaded, to tell a changed line from an untouched one. */
  loaded: string | null;
}

type Values = Pick<Line, 'seq' | 'dueOn' | 'amount' | 'remindDays' | 'note'>;
const fingerprint = (l: Values) => JSON.stringify([l.seq, l.dueOn, l.amount, l.remindDays, l.note]);
let nextKey = 1;

function linesOf(plan: InstalmentPlan): Line[] {
  return plan.rows.map((r) => {
    const v: Values = {
      seq: String(r.seq),
      dueOn: r.dueOn,
      amount: formatMoney(r.amountCents),
      remindDays: String(r.remindDays),
      note: r.note,
    };
    return { key: nextKey++, id: r.id, version: r.version, ...v, deleted: false, loaded: fingerprint(v) };
  });
}

/** The typed values as the contract's fields, or null where one is not a number. */
function parsed(l: Line) {
  const money = parseMoney(l.amount);
  const seq = Number(l.seq);
  const remind = l.remindDays.trim() === '' ? 0 : Number(l.remindDays);
  if (!money.ok || !Number.isInteger(seq) || !Number.isInteger(remind)) return null;
  return { seq, dueOn: l.dueOn, amountCents: money.cents, remindDays: remind, note: l.note.trim() };
}

const money = (c: number) => formatMoney(c, { grouping: true });

/**
 * 回款计划 of one purchase (tab 7): its instalments as a draft — 新增一期, 删除, '按期数平均分配' —
 * checked live with core's `checkInstalmentPlan` (the handler's own rule and words), and sent as
 * one batch on '保存' (one transaction, an 操作日志 line per change).
 */
export function InstalmentPlanDialog({ purchaseId, onClose }: { purchaseId: number; onClose(): void }) {
  const { t } = useTranslation();
  const [plan, setPlan] = useState<InstalmentPlan | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [periods, setPeriods] = useState('3');
  const [firstOn, setFirstOn] = useState(localDay());

  const load = useCallback(async () => {
    const fresh = await call('instalments.list', { purchaseId });
    setPlan(fresh);
    setLines(linesOf(fresh));
    if (fresh.rows[0]) setFirstOn(fresh.rows[0].dueOn);
  }, [purchaseId]);
  useEffect(() => {
    load().catch((err) => setMessage(errorText(err)));
  }, [load]);

  const shown = lines.filter((l) => !l.deleted);
  const dirty = lines.some((l) => (l.id === null ? !l.deleted : l.deleted || fingerprint(l) !== l.loaded));
  const values = shown.map(parsed);
  const dueCents = plan?.purchase.dueCents ?? 0;
  const badLine = values.findIndex((v) => v === null || !!dateProblem(v.dueOn));
  const problem =
    plan && badLine < 0 ? checkInstalmentPlan(dueCents, values as NonNullable<(typeof values)[number]>[]) : null;
  const total = values.reduce((a, v) => a + (v?.amountCents ?? 0), 0);

  const edit = (key: number, patch: Partial<Values>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const add = () => {
    const last = shown.at(-1);
    const seq = shown.reduce((m, l) => Math.max(m, Number(l.seq) || 0), 0) + 1;
    const rest = dueCents - total;
    setLines((ls) => [
      ...ls,
      {
        key: nextKey++,
        id: null,
        version: null,
        seq: String(seq),
        dueOn: last && !dateProblem(last.dueOn) ? addMonths(last.dueOn, 1) : localDay(),
        amount: rest > 0 ? formatMoney(rest) : '',
        remindDays: last?.remindDays ?? '3',
        note: '',
        deleted: false,
        loaded: null,
      },
    ]);
  };
  const remove = (key: number) =>
    setLines((ls) => ls.flatMap((l) => (l.key !== key ? [l] : l.id === null ? [] : [{ ...l, deleted: !l.deleted }])));
  /** '按期数平均分配': N instalments a month apart from 首期日期, 应付 split to the cent. */
  const split = () => {
    const n = Number(periods);
    if (!Number.isInteger(n) || n < 1 || n > 120 || dateProblem(firstOn)) return;
    const amounts = splitEvenly(dueCents, n);
    setLines((ls) => {
      const kept = ls.filter((l) => l.id !== null);
      const next: Line[] = amounts.map((a, i) => {
        const reuse = kept[i];
        const v: Values = {
          seq: String(i + 1),
          dueOn: addMonths(firstOn, i),
          amount: formatMoney(a),
          remindDays: reuse?.remindDays ?? '3',
          note: reuse?.note ?? '',
        };
        return reuse
          ? { ...reuse, ...v, deleted: false }
          : { key: nextKey++, id: null, version: null, ...v, deleted: false, loaded: null };
      });
      return [...next, ...kept.slice(amounts.length).map((l) => ({ ...l, deleted: true }))];
    });
  };

  const save = async () => {
    if (!plan || badLine >= 0 || problem) return;
    const batch: Input<'instalments.save'> = { purchaseId, token: plan.token, created: [], updated: [], deleted: [] };
    for (const l of lines) {
      if (l.id !== null && l.deleted) batch.deleted!.push({ id: l.id, version: l.version! });
      else if (l.deleted) continue;
      else if (l.id === null) batch.created!.push(parsed(l)!);
      else if (fingerprint(l) !== l.loaded) batch.updated!.push({ ...parsed(l)!, id: l.id, version: l.version! });
    }
    setBusy(true);
    try {
      const saved = await call('instalments.save', batch);
      setPlan(saved);
      setLines(linesOf(saved));
      setMessage(null);
      useMessages.getState().add(t('instalments.saved'), true, `${plan.customer.name}：${saved.rows.length} 期`);
    } catch (err) {
      setMessage(errorText(err));
      useMessages.getState().add(t('instalments.saved'), false, errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    if (dirty) {
      const answer = await choiceDialog(t('instalments.leaveTitle'), t('instalments.leave'), [
        { value: 'discard', label: t('instalments.discard') },
        { value: 'keep', label: t('instalments.keep') },
      ]);
      if (answer !== 'discard') return;
    }
    onClose();
  };

  const p = plan?.purchase;
  const title = p
    ? t('instalments.planTitle', { product: `${p.productCode} ${p.productName}`, date: p.purchasedOn })
    : t('instalments.plan');
  const editable = plan?.customer.editable ?? false;
  const state = (l: Line) => plan?.rows.find((r) => r.id === l.id);

  return (
    <Modal
      title={title}
      onClose={() => void close()}
      width={900}
      footer={
        <>
          <button type="button" onClick={() => void save()} disabled={!editable || !dirty || busy || !!problem}>
            {t('instalments.save')}
          </button>
          <button type="button" onClick={() => void close()}>
            {t('instalments.close')}
          </button>
        </>
      }
    >
      {p && (
        <p className="instalment-plan-of">
          {t('instalments.planOf', { due: money(p.dueCents), paid: money(p.paidCents) })}
        </p>
      )}
      {editable && (
        <div className="instalment-tools">
          <button type="button" onClick={add}>
            {t('instalments.add')}
          </button>
          <label>
            {t('instalments.periods')}
            <input
              className="days-input"
              type="number"
              min={1}
              max={120}
              value={periods}
              onChange={(e) => setPeriods(e.target.value)}
            />
          </label>
          <label>
            {t('instalments.firstOn')}
            <input type="date" value={firstOn} onChange={(e) => setFirstOn(e.target.value)} />
          </label>
          <button type="button" onClick={split}>
            {t('instalments.split')}
          </button>
        </div>
      )}
      <table className="simple-table instalment-plan" aria-label={t('instalments.plan')}>
        <thead>
          <tr>
            <th>{t('instalments.seq')}</th>
            <th>{t('instalments.dueOn')}</th>
            <th>{t('instalments.amount')}</th>
            <th>{t('instalments.remindDays')}</th>
            <th>{t('instalments.note')}</th>
            <th className="num">{t('instalments.paid')}</th>
            <th>{t('instalments.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => {
            const s = state(l);
            return (
              <tr key={l.key} className={l.deleted ? 'line-deleted' : l.id === null ? 'line-new' : undefined}>
                <td>
                  <input
                    aria-label={`${t('instalments.seq')} ${i + 1}`}
                    className="days-input"
                    inputMode="numeric"
                    value={l.seq}
                    disabled={!editable || l.deleted}
                    onChange={(e) => edit(l.key, { seq: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${t('instalments.dueOn')} ${i + 1}`}
                    type="date"
                    value={l.dueOn}
                    disabled={!editable || l.deleted}
                    onChange={(e) => edit(l.key, { dueOn: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${t('instalments.amount')} ${i + 1}`}
                    inputMode="decimal"
                    value={l.amount}
                    aria-invalid={!parseMoney(l.amount).ok}
                    disabled={!editable || l.deleted}
                    onChange={(e) => edit(l.key, { amount: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${t('instalments.remindDays')} ${i + 1}`}
                    className="days-input"
                    inputMode="numeric"
                    value={l.remindDays}
                    disabled={!editable || l.deleted}
                    onChange={(e) => edit(l.key, { remindDays: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${t('instalments.note')} ${i + 1}`}
                    maxLength={200}
                    value={l.note}
                    disabled={!editable || l.deleted}
                    onChange={(e) => edit(l.key, { note: e.target.value })}
                  />
                </td>
                <td className="num">{s ? money(s.paidCents) : ''}</td>
                <td className={s ? `instalment-${s.state}` : undefined}>{s ? instalmentStateLabels[s.state] : ''}</td>
                <td>
                  {editable && (
                    <button type="button" className="small" onClick={() => remove(l.key)}>
                      {l.deleted ? t('instalments.undo') : t('instalments.remove')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
          {plan && lines.length === 0 && (
            <tr>
              <td colSpan={8} className="muted">
                {t('instalments.noPlan')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {plan && shown.length > 0 && (
        <p className={problem ? 'form-error instalment-check' : 'instalment-check instalment-ok'} role="status">
          {problem
            ? `${problem.label}：${problem.message}`
            : badLine >= 0
              ? ''
              : t('instalments.sumOk', { total: `¥${money(total)}` })}
        </p>
      )}
      {message && (
        <div className="form-error" role="alert">
          {message}
        </div>
      )}
    </Modal>
  );
}
