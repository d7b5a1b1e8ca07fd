import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Input } from '../../../../core/contract';
import { quoteFields, quoteLabels, type QuoteList } from '../../../../core/contract/quotes';
import { sumCents } from '../../../../core/money';
import { call } from '../../api/client';
import { ExportButton } from '../../export/ExportButton';
import { pickProducts } from '../../catalog/ProductPicker';
import type { DraftRow } from '../../drafts/draft';
import { DraftGrid, type DraftColumn } from '../../drafts/DraftGrid';
import { printQuoteSheet } from '../../print/actions';
import { useMessages } from '../../messages/messagesStore';
import { useDraft } from '../../drafts/useDraft';
import { useSession } from '../../session/sessionStore';
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

/** A row of the grid: the editable fields of a quote line, and what is only shown. */
interface QuoteValues extends ProductFields {
  quotedOn: string;
  quantity: QuantityCell;
  priceCents: MoneyCell;
  /** 金额 = 数量 × 报价; null while either is not a number. */
  amountCents: number | null;
  note: string;
  quotedByName: string | null;
}

const FIELDS = ['productId', 'quotedOn', 'quantity', 'priceCents', 'note'] as const;
type Sent = Pick<QuoteValues, (typeof FIELDS)[number]>;

const rowSchema = z.strictObject(quoteFields);
const check = (sent: Sent) => lineProblems(sent, rowSchema, ['priceCents'], ['quantity']);
const validate = (v: QuoteValues) =>
  check({ productId: v.productId, quotedOn: v.quotedOn, quantity: v.quantity, priceCents: v.priceCents, note: v.note });

/** Area 6, 售前报价: prices quoted to the customer, kept in a draft until '保存'. */
export function QuotesTab({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user?.name ?? null);
  const draft = useDraft<QuoteValues, (typeof FIELDS)[number], QuoteList>({
    tab: 'quotes',
    title: t('tabs.quotes'),
    customerId,
    fields: FIELDS,
    load: () => call('quotes.list', { customerId }),
    save: (batch, action) => {
      refuseInvalidLines(batch, check, quoteLabels, action);
      return call('quotes.save', batch as Input<'quotes.save'>, { action });
    },
    rowsOf: (list) =>
      list.rows.map((q) => ({
        id: q.id,
        version: q.version,
        values: {
          ...productFieldsOf(q),
          quotedOn: q.quotedOn,
          quantity: q.quantity,
          priceCents: q.priceCents,
          amountCents: q.amountCents,
          note: q.note,
          quotedByName: q.quotedByName,
        },
      })),
    validate,
  });

  const columns = useMemo<DraftColumn<QuoteValues>[]>(
    () => [
      ...productColumns<QuoteValues>(
        {
          code: t('quotes.code'),
          product: t('quotes.product'),
          model: t('quotes.model'),
          unit: t('quotes.unit'),
          offSale: t('quotes.offSale'),
        },
        { code: 100, product: 180, model: 100, unit: 60 },
      ),
      { field: 'quotedOn', header: t('quotes.quotedOn'), width: 130, required: true, editor: 'date' },
      quantityColumn<QuoteValues>('quantity', t('quotes.quantity')),
      moneyColumn<QuoteValues>('priceCents', t('quotes.price'), { required: true }),
      moneyColumn<QuoteValues>('amountCents', t('quotes.amount'), { editable: false, width: 120 }),
      { field: 'note', header: t('quotes.note'), flex: 1, minWidth: 140, editor: 'textarea', maxLength: 500 },
      { field: 'quotedByName', header: t('quotes.quotedBy'), width: 90 },
    ],
    [t],
  );

  /** '新增': the product picker; a line per product chosen, at its 指导价, 数量 1, today. */
  const addFromPicker = async (): Promise<string[]> => {
    const picks = await pickProducts();
    const s = draft.store.getState();
    return picks.map((p) =>
      s.add({
        ...productFieldsOfPick(p),
        quotedOn: localDay(),
        quantity: 1,
        priceCents: p.guidePriceCents,
        amountCents: p.guidePriceCents,
        note: '',
        quotedByName: me,
      }),
    );
  };

  // 金额 follows 数量 and 报价 as they are edited.
  const onEdit = (key: string, field: keyof QuoteValues & string, value: unknown) => {
    const s = draft.store.getState();
    s.edit(key, field, value);
    if (field !== 'quantity' && field !== 'priceCents') return;
    const row = draft.store.getState().rows.find((r) => r.key === key);
    if (row) s.edit(key, 'amountCents', lineAmount(row.values.quantity, row.values.priceCents));
  };

  const shown = draft.rows.filter((r) => !r.deleted);
  const total = sumCents(shown.flatMap((r) => (r.values.amountCents === null ? [] : [r.values.amountCents])));
  // 报价单: the saved quotes selected (all of them when none is), as the database holds them.
  const [selected, setSelected] = useState<DraftRow<QuoteValues>[]>([]);
  const printSheet = () => {
    if (draft.dirty) return useMessages.getState().add(t('quotes.printSheet'), false, t('quotes.printSaveFirst'));
    const ids = selected.flatMap((r) => (r.id === null ? [] : [r.id]));
    void printQuoteSheet(customerId, ids.length ? ids : undefined);
  };
  return (
    <DraftGrid
      draft={draft}
      label={t('quotes.grid')}
      onSelectionChange={setSelected}
      tools={
        <>
          <button type="button" onClick={printSheet}>
            {t('quotes.printSheet')}
          </button>
          <ExportButton
            request={{ grid: 'quotes', query: { customerId } }}
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
        <LineTotals title={t('quotes.totals')}>
          <span>
            {t('quotes.amount')} <strong>{yuan(total)}</strong>
          </span>
        </LineTotals>
      }
    />
  );
}
