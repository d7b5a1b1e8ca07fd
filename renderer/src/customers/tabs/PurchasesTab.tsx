import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Input } from '../../../../core/contract';
import { dateProblem } from '../../../../core/input';
import {
  defaultServiceEnd,
  purchaseFields,
  purchaseLabels,
  type PurchaseList,
} from '../../../../core/contract/purchases';
import { sumCents } from '../../../../core/money';
import { call } from '../../api/client';
import { ExportButton } from '../../export/ExportButton';
import { pickProducts } from '../../catalog/ProductPicker';
import { openPaymentDialog } from '../../fees/PaymentDialog';
import { choiceDialog } from '../../components/questionStore';
import { useMessages } from '../../messages/messagesStore';
import type { DraftRow } from '../../drafts/draft';
import { DraftGrid, type DraftColumn } from '../../drafts/DraftGrid';
import { useDraft } from '../../drafts/useDraft';
import {
  lineAmount,
  lineProblems,
  moneyColumn,
  quantityColumn,
  refuseInvalidLines,
  yuan,
  type MoneyCell,
  type QuantityCell,
} from './lineCells';
import { LineTotals, productColumns, productFieldsOf, productFieldsOfPick, type ProductFields } from './productLine';
import './lines.css';
import { localDay } from '../../../../core/contract/dates';
import { InstalmentPlanDialog } from './InstalmentPlanDialog';

/** A row of the grid: the editable fields of a purchase line, and what is only shown. */
interface PurchaseValues extends ProductFields {
  purchasedOn: string;
  quantity: QuantityCell;
  unitPriceCents: MoneyCell;
  /** 应付金额 = 数量 × 单价; null while either is not a number. */
  amountDueCents: number | null;
  amountPaidCents: MoneyCell;
  /** 欠款 = 应付 − 已付; null while either is not a number. */
  arrearsCents: number | null;
  annualFeeCents: MoneyCell;
  annualFeeRemind: boolean;
  serviceEndOn: string | null;
  salespersonName: string | null;
  note: string;
}

const FIELDS = [
  'productId',
  'purchasedOn',
  'quantity',
  'unitPriceCents',
  'amountPaidCents',
  'annualFeeCents',
  'annualFeeRemind',
  'serviceEndOn',
  'note',
] as const;
type Sent = Pick<PurchaseValues, (typeof FIELDS)[number]>;

const rowSchema = z.strictObject(purchaseFields);
const MONEY = ['unitPriceCents', 'amountPaidCents', 'annualFeeCents'] as const;

/** The contract's checks, and the handler's: 已付 within 应付, 服务截止期限 not before 购买日期. */
function check(sent: Sent): Record<string, string> {
  const out = lineProblems(sent, rowSchema, MONEY, ['quantity']);
  const due = lineAmount(sent.quantity, sent.unitPriceCents);
  if (!out.amountPaidCents && due !== null && typeof sent.amountPaidCents === 'number' && sent.amountPaidCents > due) {
    out.amountPaidCents = `不能大于应付金额 ${yuan(due)}`;
  }
  if (!out.serviceEndOn && sent.serviceEndOn && sent.serviceEndOn < sent.purchasedOn) {
    out.serviceEndOn = `不能早于购买日期 ${sent.purchasedOn}`;
  }
  return out;
}
const sentOf = (v: PurchaseValues): Sent => ({
  productId: v.productId,
  purchasedOn: v.purchasedOn,
  quantity: v.quantity,
  unitPriceCents: v.unitPriceCents,
  amountPaidCents: v.amountPaidCents,
  annualFeeCents: v.annualFeeCents,
  annualFeeRemind: v.annualFeeRemind,
  serviceEndOn: v.serviceEndOn,
  note: v.note,
});
const validate = (v: PurchaseValues) => check(sentOf(v));

/** 应付 and 欠款 of the values as they stand. */
function amountsOf(v: PurchaseValues): { amountDueCents: number | null; arrearsCents: number | null } {
  const due = lineAmount(v.quantity, v.unitPriceCents);
  const paid = v.amountPaidCents;
  return { amountDueCents: due, arrearsCents: due !== null && typeof paid === 'number' ? due - paid : null };
}

const inArrears = (row: DraftRow<PurchaseValues>) => !row.deleted && (row.values.arrearsCents ?? 0) > 0;

/** Area 7, 购买情况: what the customer bought, kept in a draft until '保存'. */
export function PurchasesTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const draft = useDraft<PurchaseValues, (typeof FIELDS)[number], PurchaseList>({
    tab: 'purchases',
    title: t('tabs.purchases'),
    customerId,
    fields: FIELDS,
    load: () => call('purchases.list', { customerId }),
    save: (batch, action) => {
      refuseInvalidLines(batch, check, purchaseLabels, action);
      return call('purchases.save', batch as Input<'purchases.save'>, { action });
    },
    rowsOf: (list) =>
      list.rows.map((p) => ({
        id: p.id,
        version: p.version,
        values: {
          ...productFieldsOf(p),
          purchasedOn: p.purchasedOn,
          quantity: p.quantity,
          unitPriceCents: p.unitPriceCents,
          amountDueCents: p.amountDueCents,
          amountPaidCents: p.amountPaidCents,
          arrearsCents: p.arrearsCents,
          annualFeeCents: p.annualFeeCents,
          annualFeeRemind: p.annualFeeRemind,
          serviceEndOn: p.serviceEndOn,
          salespersonName: p.salespersonName,
          note: p.note,
        },
      })),
    validate,
  });

  const columns = useMemo<DraftColumn<PurchaseValues>[]>(() => {
    const optionalDate = {
      toCell: (v: unknown) => v ?? '',
      fromCell: (v: unknown) => (v ? String(v) : null),
    };
    return [
      ...productColumns<PurchaseValues>(
        {
          code: t('purchases.code'),
          product: t('purchases.product'),
          model: t('purchases.model'),
          offSale: t('purchases.offSale'),
        },
        { code: 80, product: 150, model: 70 },
      ),
      // At 1366×768 the tab is about 1,100 px wide: 商品名称, 欠款 and 服务截止期限 come before the
      // columns one reads less often, so they are in view without scrolling sideways.
      { field: 'purchasedOn', header: t('purchases.purchasedOn'), width: 110, required: true, editor: 'date' },
      quantityColumn<PurchaseValues>('quantity', t('purchases.quantity')),
      moneyColumn<PurchaseValues>('unitPriceCents', t('purchases.unitPrice'), { required: true, width: 100 }),
      moneyColumn<PurchaseValues>('amountDueCents', t('purchases.amountDue'), { editable: false }),
      moneyColumn<PurchaseValues>('amountPaidCents', t('purchases.amountPaid'), { empty: 0 }),
      moneyColumn<PurchaseValues>('arrearsCents', t('purchases.arrears'), {
        editable: false,
        classRules: { 'line-arrears': inArrears },
      }),
      { field: 'serviceEndOn', header: t('purchases.serviceEndOn'), width: 110, editor: 'date', ...optionalDate },
      moneyColumn<PurchaseValues>('annualFeeCents', t('purchases.annualFee'), { empty: 0, width: 100 }),
      { field: 'annualFeeRemind', header: t('purchases.annualFeeRemind'), width: 128, editor: 'checkbox' },
      { field: 'salespersonName', header: t('purchases.salesperson'), width: 70 },
      { field: 'note', header: t('purchases.note'), flex: 1, minWidth: 120, editor: 'textarea', maxLength: 500 },
    ];
  }, [t]);

  /**
   * The 服务截止期限 each line got from its 购买日期 (key → date): while a line's 服务截止期限 is
   * that, it follows 购买日期; one set by hand (or moved on by a 年服务费 payment) is asked about.
   */
  const autoEnd = useRef(new Map<string, string>());

  /**
   * '新增': the product picker; a line per product chosen: today, 数量 1, 已付 0, the product's
   * 年服务费 — and, when it has one, 年服务费催缴标志 set with 服务截止期限 a year on. 单价 is the
   * latest price quoted to this customer for the product (售前报价) when there is one, else the
   * 指导价; the Message pane says which.
   */
  const addFromPicker = async (): Promise<string[]> => {
    const picks = await pickProducts();
    if (!picks.length) return [];
    const quoted = new Map<number, { priceCents: number; quotedOn: string }>();
    try {
      // Oldest first: the latest quote of a product is the one kept.
      for (const q of (await call('quotes.list', { customerId })).rows) quoted.set(q.productId, q);
    } catch {
      /* without quotes, the 指导价 */
    }
    const s = draft.store.getState();
    const today = localDay();
    const owner = draft.list?.owner.name ?? null;
    const notes: string[] = [];
    const keys = picks.map((p) => {
      const remind = p.annualFeeCents > 0;
      const quote = quoted.get(p.id);
      const price = quote ? quote.priceCents : p.guidePriceCents;
      notes.push(
        quote
          ? t('purchases.priceFromQuote', { product: p.name, price: yuan(price), date: quote.quotedOn })
          : t('purchases.priceFromGuide', { product: p.name, price: yuan(price) }),
      );
      const key = s.add({
        ...productFieldsOfPick(p),
        purchasedOn: today,
        quantity: 1,
        unitPriceCents: price,
        amountDueCents: price,
        amountPaidCents: 0,
        arrearsCents: price,
        annualFeeCents: p.annualFeeCents,
        annualFeeRemind: remind,
        serviceEndOn: remind ? defaultServiceEnd(today) : null,
        salespersonName: owner,
        note: '',
      });
      if (remind) autoEnd.current.set(key, defaultServiceEnd(today));
      return key;
    });
    const action = t('purchases.addAction', { customer: draft.list?.customer.name ?? '' });
    useMessages.getState().add(action, true, notes.join('；'), true);
    return keys;
  };

  /**
   * 购买日期 changed: a 服务截止期限 that follows it moves to one year on; one set by hand is kept
   * or moved as the user answers.
   */
  const followPurchaseDate = async (key: string, before: PurchaseValues, purchasedOn: string) => {
    const end = before.serviceEndOn;
    const next = defaultServiceEnd(purchasedOn);
    const follows =
      !end ||
      end === autoEnd.current.get(key) ||
      (!dateProblem(before.purchasedOn) && end === defaultServiceEnd(before.purchasedOn));
    const s = draft.store.getState();
    if (follows) {
      if (!end && !before.annualFeeRemind) return;
      s.edit(key, 'serviceEndOn', next);
      autoEnd.current.set(key, next);
      return;
    }
    if (end === next) return;
    const answer = await choiceDialog(
      t('purchases.serviceEndOn'),
      t('purchases.serviceEndAsk', { end, date: purchasedOn, next }),
      [
        { value: 'follow', label: t('purchases.serviceEndFollow', { next }) },
        { value: 'keep', label: t('purchases.serviceEndKeep', { end }) },
      ],
    );
    if (answer === 'follow' && draft.store.getState().rows.some((r) => r.key === key)) {
      draft.store.getState().edit(key, 'serviceEndOn', next);
      autoEnd.current.set(key, next);
    }
  };

  // 应付 and 欠款 follow 数量, 单价 and 已付; 服务截止期限 follows 购买日期 (above); setting
  // 年服务费催缴标志 fills an empty 服务截止期限.
  const onEdit = (key: string, field: keyof PurchaseValues & string, value: unknown) => {
    const s = draft.store.getState();
    const before = s.rows.find((r) => r.key === key)?.values;
    s.edit(key, field, value);
    const row = draft.store.getState().rows.find((r) => r.key === key);
    if (!row || !before) return;
    if (field === 'purchasedOn' && typeof value === 'string' && !dateProblem(value) && value !== before.purchasedOn) {
      void followPurchaseDate(key, before, value);
    }
    if (field === 'serviceEndOn') autoEnd.current.delete(key);
    if (field === 'quantity' || field === 'unitPriceCents' || field === 'amountPaidCents') {
      const { amountDueCents, arrearsCents } = amountsOf(row.values);
      s.edit(key, 'amountDueCents', amountDueCents);
      s.edit(key, 'arrearsCents', arrearsCents);
    }
    if (field === 'annualFeeRemind' && value === true && !row.values.serviceEndOn) {
      if (!dateProblem(row.values.purchasedOn)) {
        s.edit(key, 'serviceEndOn', defaultServiceEnd(row.values.purchasedOn));
        autoEnd.current.set(key, defaultServiceEnd(row.values.purchasedOn));
      }
    }
  };

  // Totals of the lines shown (not those marked for deletion) whose amounts are numbers.
  const counted = draft.rows.flatMap((r) =>
    !r.deleted && r.values.amountDueCents !== null && typeof r.values.amountPaidCents === 'number'
      ? [{ due: r.values.amountDueCents, paid: r.values.amountPaidCents }]
      : [],
  );
  const due = sumCents(counted.map((c) => c.due));
  const paid = sumCents(counted.map((c) => c.paid));
  const arrears = due - paid;
  // 收款 on one saved line: the payment changes 已付/服务截止期限 and the line's version, so the
  // draft must hold no unsaved edits (they would conflict); afterwards the tab reloads.
  const [selected, setSelected] = useState<DraftRow<PurchaseValues>[]>([]);
  const payable = selected.length === 1 && selected[0].id !== null ? selected[0] : null;
  const pay = async () => {
    const refuse = (reason: string) => useMessages.getState().add(t('purchases.pay'), false, reason);
    if (!payable?.id) return refuse(t('purchases.paySelectFirst'));
    if (draft.dirty) return refuse(t('purchases.paySaveFirst'));
    if (await openPaymentDialog(payable.id)) await draft.refresh();
  };
  // 回款计划 of one saved line, in its own dialog (its own draft and '保存').
  const [planFor, setPlanFor] = useState<number | null>(null);
  const openPlan = () => {
    const refuse = (reason: string) => useMessages.getState().add(t('instalments.plan'), false, reason);
    if (!payable?.id) return refuse(t('instalments.selectFirst'));
    if (draft.dirty) return refuse(t('instalments.saveFirst'));
    setPlanFor(payable.id);
  };
  return (
    <>
      {planFor !== null && <InstalmentPlanDialog purchaseId={planFor} onClose={() => setPlanFor(null)} />}
      <DraftGrid
        draft={draft}
        label={t('purchases.grid')}
        onSelectionChange={setSelected}
        tools={
          <>
            <button type="button" onClick={() => void pay()} disabled={!payable}>
              {t('purchases.pay')}
            </button>
            <button type="button" onClick={openPlan} disabled={!payable}>
              {t('instalments.plan')}
            </button>
            <ExportButton
              request={{ grid: 'purchases', query: { customerId } }}
              dirty={draft.dirty}
              disabled={!draft.list}
            />
          </>
        }
        columns={columns}
        onAdd={addFromPicker}
        startEditing="quantity"
        onEdit={onEdit}
        footer={
          <LineTotals title={t('purchases.totals')}>
            <span>
              {t('purchases.amountDue')} <strong>{yuan(due)}</strong>
            </span>
            <span>
              {t('purchases.amountPaid')} <strong>{yuan(paid)}</strong>
            </span>
            <span className={arrears > 0 ? 'line-arrears' : undefined}>
              {t('purchases.arrears')} <strong>{yuan(arrears)}</strong>
            </span>
          </LineTotals>
        }
      />
    </>
  );
}
