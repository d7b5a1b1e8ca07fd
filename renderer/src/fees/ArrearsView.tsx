import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArrearsPage, ArrearsSortField, PurchaseDue } from '../../../core/contract';
import { call } from '../api/client';
import { DateRange } from '../components/DateRange';
import { Pager, usePageFor } from '../components/Pager';
import { TableView } from '../components/TableView';
import { useLoadFor } from '../components/useLoad';
import { ExportButton } from '../export/ExportButton';
import { printReminder } from '../print/actions';
import { FeesOwnerFilter } from './FeesOwnerFilter';
import { FEES_AREAS, FEES_PAGE, money } from './feesView';
import { useFees } from './feesStore';
import { openPaymentDialog } from './PaymentDialog';

const SORTABLE: { field: ArrearsSortField; label: string; num?: boolean }[] = [
  { field: 'customerName', label: 'fees.customer' },
  { field: 'dueCents', label: 'fees.dueTotal', num: true },
  { field: 'paidCents', label: 'fees.paidTotal', num: true },
  { field: 'arrearsCents', label: 'fees.arrearsTotal', num: true },
  { field: 'earliestOn', label: 'fees.earliestOn' },
  { field: 'ownerName', label: 'fees.owner' },
  { field: 'purchaseCount', label: 'fees.purchaseCount', num: true },
];

/** 欠款统计: customers with purchases in arrears, their sums and the grand totals; rows expand. */
export function ArrearsView() {
  const { t } = useTranslation();
  const { ownerId, arrearsFrom, arrearsTo } = useFees();
  const [sort, setSort] = useState<{ field: ArrearsSortField; dir: 'asc' | 'desc' }>({
    field: 'arrearsCents',
    dir: 'desc',
  });
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const filterKey = JSON.stringify([ownerId, arrearsFrom, arrearsTo, sort]);
  const [pageNo, setPageNo] = usePageFor(filterKey);
  const { data, error, loading } = useLoadFor<ArrearsPage>(`${filterKey}/${pageNo}`, FEES_AREAS, () =>
    call('fees.arrears', {
      ownerId,
      from: arrearsFrom || null,
      to: arrearsTo || null,
      sort,
      offset: pageNo * FEES_PAGE,
      limit: FEES_PAGE,
      withTotal: true,
    }),
  );
  const totals = data?.totals;
  const toggle = (id: number) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const sortBy = (field: ArrearsSortField) =>
    setSort((s) =>
      s.field === field
        ? { field, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { field, dir: field === 'customerName' || field === 'ownerName' || field === 'earliestOn' ? 'asc' : 'desc' },
    );

  return (
    <TableView
      error={error}
      loading={loading}
      toolbar={
        <>
          <FeesOwnerFilter />
          <DateRange
            label={t('fees.purchasedOn')}
            from={arrearsFrom}
            to={arrearsTo}
            onChange={(from, to) => useFees.getState().set({ arrearsFrom: from, arrearsTo: to })}
          />
          <ExportButton
            request={{ grid: 'arrears', query: { ownerId, from: arrearsFrom || null, to: arrearsTo || null, sort } }}
          />
        </>
      }
      summary={
        totals &&
        (totals.customers === 0
          ? ''
          : t('fees.arrearsSummary', {
              customers: totals.customers,
              purchases: totals.purchases,
              due: money(totals.dueCents),
              paid: money(totals.paidCents),
              arrears: money(totals.arrearsCents),
            }))
      }
      pager={<Pager pageNo={pageNo} pageSize={FEES_PAGE} total={totals?.customers ?? 0} onPage={setPageNo} />}
    >
      <table className="simple-table fees-table arrears-table" aria-label={t('fees.arrearsView')}>
        <thead>
          <tr>
            <th className="expander" aria-label={t('fees.details')} />
            {SORTABLE.map((c) => (
              <th
                key={c.field}
                className={c.num ? 'num' : undefined}
                aria-sort={sort.field === c.field ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" className="sort-button" onClick={() => sortBy(c.field)}>
                  {t(c.label)}
                  <span aria-hidden="true">{sort.field === c.field ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
            <th>{t('fees.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((r) => {
            const open = expanded.has(r.customerId);
            return [
              <tr key={r.customerId} className={open ? 'arrears-open' : undefined}>
                <td className="expander">
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open}
                    aria-label={t('fees.details')}
                    onClick={() => toggle(r.customerId)}
                  >
                    {open ? '▾' : '▸'}
                  </button>
                </td>
                <td>{r.customerName}</td>
                <td className="num">{money(r.dueCents)}</td>
                <td className="num">{money(r.paidCents)}</td>
                <td className="num arrears">{money(r.arrearsCents)}</td>
                <td>{r.earliestOn}</td>
                <td>{r.ownerName}</td>
                <td className="num">{r.purchaseCount}</td>
                <td>
                  <div className="fees-actions">
                    <button type="button" className="small" onClick={() => void printReminder(r.customerId)}>
                      {t('fees.reminderSlip')}
                    </button>
                  </div>
                </td>
              </tr>,
              open && (
                <tr key={`${r.customerId}-detail`} className="arrears-detail">
                  <td />
                  <td colSpan={8}>
                    <ArrearsDetail
                      customerId={r.customerId}
                      customerName={r.customerName}
                      from={arrearsFrom}
                      to={arrearsTo}
                    />
                  </td>
                </tr>
              ),
            ];
          })}
          {data && data.rows.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                {t('fees.noArrears')}
              </td>
            </tr>
          )}
        </tbody>
        {totals && totals.customers > 0 && (
          <tfoot>
            <tr>
              <th />
              <th>{t('fees.grandTotal', { n: totals.customers })}</th>
              <th className="num">{money(totals.dueCents)}</th>
              <th className="num">{money(totals.paidCents)}</th>
              <th className="num arrears">{money(totals.arrearsCents)}</th>
              <th colSpan={2} />
              <th className="num">{totals.purchases}</th>
              <th />
            </tr>
          </tfoot>
        )}
      </table>
    </TableView>
  );
}

/** The purchases in arrears of one customer (an expanded row), each with its 收款 button. */
function ArrearsDetail(props: { customerId: number; customerName: string; from: string; to: string }) {
  const { t } = useTranslation();
  const { customerId, from, to } = props;
  const { data, error } = useLoadFor<PurchaseDue[]>(JSON.stringify([customerId, from, to]), FEES_AREAS, () =>
    call('fees.arrearsPurchases', { customerId, from: from || null, to: to || null }),
  );
  if (error) return <div className="form-error">{error}</div>;
  if (!data) return <p className="muted">{t('grid.loading')}</p>;
  return (
    <table className="simple-table arrears-lines" aria-label={t('fees.linesOf', { name: props.customerName })}>
      <thead>
        <tr>
          <th>{t('fees.product')}</th>
          <th>{t('fees.purchasedOn')}</th>
          <th className="num">{t('fees.quantity')}</th>
          <th className="num">{t('fees.unitPrice')}</th>
          <th className="num">{t('fees.due')}</th>
          <th className="num">{t('fees.paid')}</th>
          <th className="num">{t('fees.arrears')}</th>
          <th>{t('fees.salesperson')}</th>
          <th>{t('fees.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((p) => (
          <tr key={p.purchaseId}>
            <td>
              {p.productName}
              <span className="muted">（{p.productCode}）</span>
            </td>
            <td>{p.purchasedOn}</td>
            <td className="num">{p.quantity}</td>
            <td className="num">{money(p.unitPriceCents)}</td>
            <td className="num">{money(p.dueCents)}</td>
            <td className="num">{money(p.paidCents)}</td>
            <td className="num arrears">{money(p.arrearsCents)}</td>
            <td>{p.salespersonName ?? ''}</td>
            <td>
              <div className="fees-actions">
                <button
                  type="button"
                  className="small"
                  onClick={() => void openPaymentDialog(p.purchaseId, { kind: 'goods' })}
                >
                  {t('fees.pay')}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
