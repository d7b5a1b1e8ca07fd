import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import {
  addOneYear,
  paymentKindLabels,
  paymentKinds,
  type PaymentKind,
  type PaymentList,
  type StaffOption,
} from '../../../core/contract';
import { dateProblem, foldInput } from '../../../core/input';
import { formatMoney, parseMoney } from '../../../core/money';
import { call, errorText } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useSession } from '../session/sessionStore';
import './fees.css';
import { localDay, localMinute } from '../../../core/contract/dates';

interface PaymentRequest {
  id: number;
  purchaseId: number;
  kind?: PaymentKind;
  instalmentId?: number;
  resolve(paid: boolean): void;
}

const usePaymentDialog = create<{ request: PaymentRequest | null }>(() => ({ request: null }));
let seq = 0;

export interface PaymentDialogOptions {
  /** The 类型 chosen first; default: 货款 while the purchase is in arrears, else 年服务费. */
  kind?: PaymentKind;
  /** The 回款计划's instalment a 货款 pays (tab 9's 回款计划); default: the oldest open one. */
  instalmentId?: number;
}

/**
 * Opens the 收款 dialog of a purchase: its amounts, a form (类型, 金额, 日期, 经手人, 备注) and its
 * payment history. Resolves when the dialog closes: true if at least one payment was recorded.
 * After every payment its change event reloads the customer views, so the 购买情况 tab and
 * area 9 show the new 已付金额 / 服务截止期限. Drawn by <PaymentDialogHost/> (mounted once, in the
 * menu bar's FeesHost).
 */
export function openPaymentDialog(purchaseId: number, options: PaymentDialogOptions = {}): Promise<boolean> {
  return new Promise((resolve) => {
    usePaymentDialog.getState().request?.resolve(false);
    usePaymentDialog.setState({
      request: { id: ++seq, purchaseId, kind: options.kind, instalmentId: options.instalmentId, resolve },
    });
  });
}

export function PaymentDialogHost() {
  const request = usePaymentDialog((s) => s.request);
  useEffect(
    () => () => {
      // Leaving the screen (logging out) closes the dialog.
      usePaymentDialog.getState().request?.resolve(false);
      usePaymentDialog.setState({ request: null });
    },
    [],
  );
  return request ? <PaymentDialog key={request.id} request={request} /> : null;
}

const money = (cents: number) => formatMoney(cents, { grouping: true });
/** What was recorded: shown in place of the form, which is locked until '再收一笔'. */
interface Recorded {
  kind: PaymentKind;
  amountCents: number;
  paidOn: string;
  /** 货款: 已付金额 before → after; 年服务费: 服务截止期限 before → after. */
  from: string;
  to: string;
}

/** What 金额 starts as for a kind: what is owed, or the annual fee. */
function defaultAmount(list: PaymentList, kind: PaymentKind): string {
  const cents = kind === 'goods' ? list.purchase.arrearsCents : list.purchase.annualFeeCents;
  return cents > 0 ? formatMoney(cents) : '';
}

function PaymentDialog({ request }: { request: PaymentRequest }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const [list, setList] = useState<PaymentList | null>(null);
  const [staff, setStaff] = useState<StaffOption[]>([]);
  const [kind, setKind] = useState<PaymentKind>(request.kind ?? 'goods');
  const [amount, setAmount] = useState('');
  const [paidOn, setPaidOn] = useState(localDay());
  const [handledBy, setHandledBy] = useState<number | ''>(me?.id ?? '');
  const [note, setNote] = useState('');
  const [instalmentId, setInstalmentId] = useState<number | null>(request.instalmentId ?? null);
  const { errors, setErrors, message, setMessage, busy, run } = useSubmit();
  const [paid, setPaid] = useState(false);
  /**
   * The last payment recorded: the form is locked (no '确定', Enter closes) so that a second Enter
   * or click never records the same money twice; '再收一笔' opens it again on purpose.
   */
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  // Guards a second submit before React has re-rendered (two Enters in a row).
  const submitting = useRef(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (recorded) closeRef.current?.focus();
  }, [recorded]);

  const close = useCallback(() => {
    usePaymentDialog.setState((s) => (s.request?.id === request.id ? { request: null } : s));
    request.resolve(paid);
  }, [paid, request]);

  const load = useCallback(
    async (first: boolean) => {
      const fresh = await call('payments.list', { purchaseId: request.purchaseId });
      setList(fresh);
      if (first) {
        const k =
          request.kind ?? (fresh.purchase.arrearsCents > 0 || !fresh.purchase.serviceEndOn ? 'goods' : 'annual_fee');
        setKind(k);
        const picked = fresh.instalments.find((i) => i.id === request.instalmentId && i.openCents > 0);
        setAmount(picked && k === 'goods' ? formatMoney(picked.openCents) : defaultAmount(fresh, k));
      }
      return fresh;
    },
    [request.kind, request.purchaseId, request.instalmentId],
  );

  useEffect(() => {
    load(true).catch((err) => setMessage(errorText(err)));
    call('staff.options')
      .then(setStaff)
      .catch(() => undefined);
  }, [load, setMessage]);

  const chooseKind = (k: PaymentKind) => {
    setKind(k);
    if (list) setAmount(defaultAmount(list, k));
    setErrors({});
  };

  /** Typing a new amount clears the refusal of the last one. */
  const editAmount = (text: string) => {
    setAmount(foldInput(text));
    setErrors(({ amountCents: _old, ...rest }) => rest);
    setMessage('');
  };

  const parsed = parseMoney(amount);
  const p = list?.purchase;
  const preview = (() => {
    if (!p || !parsed.ok || parsed.cents <= 0) return '';
    if (kind === 'goods') {
      const after = p.paidCents + parsed.cents;
      return after > p.dueCents
        ? ''
        : t('payments.previewGoods', { paid: money(after), left: money(p.dueCents - after) });
    }
    return p.serviceEndOn ? t('payments.previewFee', { from: p.serviceEndOn, to: addOneYear(p.serviceEndOn) }) : '';
  })();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!list || !p || recorded || submitting.current) return;
    const local: Record<string, string> = {};
    if (!parsed.ok) local.amountCents = parsed.error;
    else if (parsed.cents <= 0) local.amountCents = t('payments.positive');
    if (handledBy === '') local.handledBy = t('payments.chooseHandler');
    if (!paidOn) local.paidOn = t('payments.chooseDate');
    else if (dateProblem(paidOn)) local.paidOn = dateProblem(paidOn)!;
    setErrors(local);
    setMessage('');
    if (Object.keys(local).length || !parsed.ok || handledBy === '') return;
    submitting.current = true;
    const fresh = await run(
      () =>
        call(
          'payments.create',
          {
            purchaseId: p.purchaseId,
            version: p.version,
            kind,
            amountCents: parsed.cents,
            paidOn,
            handledBy,
            note,
            instalmentId: kind === 'goods' ? instalmentId : null,
          },
          {
            action: t('payments.action', {
              kind: paymentKindLabels[kind],
              amount: money(parsed.cents),
              customer: list.customer.name,
              product: p.productName,
            }),
          },
        ),
      {
        // Someone else paid or edited meanwhile: show the purchase as it is now.
        afterRefusal: (err) => (err.error.code === 'conflict' ? load(false).catch(() => undefined) : Promise.resolve()),
      },
    ).finally(() => {
      submitting.current = false;
    });
    if (fresh) {
      setList(fresh);
      setPaid(true);
      setRecorded(
        kind === 'goods'
          ? { kind, amountCents: parsed.cents, paidOn, from: money(p.paidCents), to: money(fresh.purchase.paidCents) }
          : {
              kind,
              amountCents: parsed.cents,
              paidOn,
              from: p.serviceEndOn ?? t('payments.none'),
              to: fresh.purchase.serviceEndOn ?? t('payments.none'),
            },
      );
      setNote('');
      setAmount(defaultAmount(fresh, kind));
    }
  };

  const fieldError = errors.amountCents || errors.paidOn || errors.handledBy || errors.kind || errors.instalmentId;
  return (
    <Modal
      title={t('payments.title')}
      onClose={close}
      width={760}
      footer={
        <>
          <span className="spacer" />
          {list?.editable && !recorded && (
            <button type="submit" form="payment-form" className="primary" disabled={busy || !list}>
              {t('common.ok')}
            </button>
          )}
          {recorded && (
            <button type="button" onClick={() => setRecorded(null)}>
              {t('payments.another')}
            </button>
          )}
          <button type="button" ref={closeRef} className={recorded ? 'primary' : undefined} onClick={close}>
            {t('common.close')}
          </button>
        </>
      }
    >
      {!list || !p ? (
        message ? (
          <div className="form-error" role="alert">
            {message}
          </div>
        ) : (
          <p className="muted">{t('grid.loading')}</p>
        )
      ) : (
        <div className="payment-dialog">
          <dl className="payment-summary" aria-label={t('payments.purchase')}>
            <dt>{t('payments.customer')}</dt>
            <dd>{list.customer.name}</dd>
            <dt>{t('payments.product')}</dt>
            <dd>
              {p.productName}
              <span className="muted">（{p.productCode}）</span>
            </dd>
            <dt>{t('payments.purchasedOn')}</dt>
            <dd>{p.purchasedOn}</dd>
            <dt>{t('payments.quantityPrice')}</dt>
            <dd className="num">
              {p.quantity} × {money(p.unitPriceCents)}
            </dd>
            <dt>{t('payments.due')}</dt>
            <dd className="num" data-field="due">
              {money(p.dueCents)}
            </dd>
            <dt>{t('payments.paid')}</dt>
            <dd className="num" data-field="paid">
              {money(p.paidCents)}
            </dd>
            <dt>{t('payments.arrears')}</dt>
            <dd className={p.arrearsCents > 0 ? 'num arrears' : 'num'} data-field="arrears">
              {money(p.arrearsCents)}
            </dd>
            <dt>{t('payments.annualFee')}</dt>
            <dd className="num">{money(p.annualFeeCents)}</dd>
            <dt>{t('payments.serviceEndOn')}</dt>
            <dd data-field="serviceEndOn">{p.serviceEndOn ?? t('payments.none')}</dd>
            <dt>{t('payments.salesperson')}</dt>
            <dd>{p.salespersonName ?? list.customer.ownerName}</dd>
          </dl>

          {recorded ? (
            <div className="payment-recorded" role="status" aria-label={t('payments.recordedTitle')}>
              <strong>
                {t('payments.recorded', {
                  kind: paymentKindLabels[recorded.kind],
                  amount: money(recorded.amountCents),
                  date: recorded.paidOn,
                })}
              </strong>
              <span>
                {t(recorded.kind === 'goods' ? 'payments.recordedPaid' : 'payments.recordedServiceEnd', {
                  from: recorded.from,
                  to: recorded.to,
                })}
              </span>
              <span className="muted">{t('payments.recordedHint')}</span>
            </div>
          ) : list.editable ? (
            <form id="payment-form" className="payment-form" onSubmit={submit} noValidate>
              <Field label={t('payments.kind')} required error={errors.kind}>
                {(f) => (
                  <select {...f} value={kind} onChange={(e) => chooseKind(e.target.value as PaymentKind)}>
                    {paymentKinds.map((k) => (
                      <option key={k} value={k}>
                        {paymentKindLabels[k]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                label={t('payments.amount')}
                required
                error={errors.amountCents}
                hint={preview || t('payments.amountHint')}
              >
                {(f) => (
                  <input
                    {...f}
                    autoFocus
                    onFocus={(e) => e.target.select()}
                    inputMode="decimal"
                    value={amount}
                    onChange={(e) => editAmount(e.target.value)}
                  />
                )}
              </Field>
              <Field label={t('payments.paidOn')} required error={errors.paidOn}>
                {(f) => (
                  <DateInput
                    {...f}
                    value={paidOn}
                    max={localDay()}
                    onChange={(v) => {
                      setPaidOn(v);
                      if (!dateProblem(v)) setErrors(({ paidOn: _old, ...rest }) => rest);
                    }}
                  />
                )}
              </Field>
              <Field label={t('payments.handledBy')} required error={errors.handledBy}>
                {(f) => (
                  <select
                    {...f}
                    value={handledBy}
                    onChange={(e) => setHandledBy(e.target.value ? Number(e.target.value) : '')}
                  >
                    <option value="" />
                    {staff.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {kind === 'goods' && list.instalments.some((i) => i.openCents > 0) && (
                <Field label={t('instalments.chooseInstalment')} error={errors.instalmentId}>
                  {(f) => (
                    <select
                      {...f}
                      value={instalmentId ?? ''}
                      onChange={(e) => setInstalmentId(e.target.value ? Number(e.target.value) : null)}
                    >
                      <option value="">{t('instalments.oldestFirst')}</option>
                      {list.instalments
                        .filter((i) => i.openCents > 0)
                        .map((i) => (
                          <option key={i.id} value={i.id}>
                            {t('instalments.instalmentOption', {
                              seq: i.seq,
                              dueOn: i.dueOn,
                              open: money(i.openCents),
                            })}
                          </option>
                        ))}
                    </select>
                  )}
                </Field>
              )}
              <Field label={t('payments.note')} error={errors.note}>
                {(f) => <input {...f} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />}
              </Field>
              {message && !fieldError && (
                <div className="form-error" role="alert">
                  {message}
                </div>
              )}
            </form>
          ) : (
            <p className="badge">{t('payments.readOnly')}</p>
          )}

          <h3 className="payment-history-title">{t('payments.history')}</h3>
          {list.rows.length === 0 ? (
            <p className="muted">{t('payments.noHistory')}</p>
          ) : (
            <table className="simple-table payment-history" aria-label={t('payments.history')}>
              <thead>
                <tr>
                  <th>{t('payments.paidOn')}</th>
                  <th>{t('payments.kind')}</th>
                  <th className="num">{t('payments.amount')}</th>
                  <th>{t('payments.handledBy')}</th>
                  <th>{t('payments.note')}</th>
                  <th>{t('payments.enteredAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((r) => (
                  <tr key={r.id}>
                    <td>{r.paidOn}</td>
                    <td>{paymentKindLabels[r.kind]}</td>
                    <td className="num">{money(r.amountCents)}</td>
                    <td>{r.handledByName ?? ''}</td>
                    <td>{r.note}</td>
                    <td>{localMinute(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Modal>
  );
}
