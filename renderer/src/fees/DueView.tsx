import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_FEE_WINDOW_DAYS, type FeeDuePage } from '../../../core/contract';
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

/** 年费催缴: flagged annual fees with 服务截止期限 within N days or passed, soonest first. */
export function DueView() {
  const { t } = useTranslation();
  const { days, ownerId, dueFrom, dueTo } = useFees();
  const [daysText, setDaysText] = useState<string | null>(null);
  const filterKey = JSON.stringify([days, ownerId, dueFrom, dueTo]);
  const [pageNo, setPageNo] = usePageFor(filterKey);
  const { data, error, loading } = useLoadFor<FeeDuePage>(`${filterKey}/${pageNo}`, FEES_AREAS, () =>
    call('fees.due', {
      days,
      ownerId,
      from: dueFrom || null,
      to: dueTo || null,
      offset: pageNo * FEES_PAGE,
      limit: FEES_PAGE,
      withTotal: true,
    }),
  );
  const shownDays = daysText ?? (days !== null ? String(days) : data ? String(data.days) : '');
  const onDays = (text: string) => {
    setDaysText(text);
    const n = Number(text);
    if (text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= MAX_FEE_WINDOW_DAYS) {
      useFees.getState().set({ days: n });
    }
  };
  const daysInvalid = daysText !== null && daysText !== String(days ?? data?.days ?? '');
  const totals = data?.totals;

  return (
    <TableView
      error={error}
      loading={loading}
      toolbar={
        <>
          <label className="table-filter">
            {t('fees.days')}
            <input
              type="number"
              className="days-input"
              min={0}
              max={MAX_FEE_WINDOW_DAYS}
              value={shownDays}
              aria-invalid={daysInvalid}
              onChange={(e) => onDays(e.target.value)}
              onBlur={() => setDaysText(null)}
            />
            {t('fees.daysSuffix')}
          </label>
          <FeesOwnerFilter />
          <DateRange
            label={t('fees.serviceEndOn')}
            from={dueFrom}
            to={dueTo}
            onChange={(from, to) => useFees.getState().set({ dueFrom: from, dueTo: to })}
          />
          <ExportButton
            request={{ grid: 'feesDue', query: { days, ownerId, from: dueFrom || null, to: dueTo || null } }}
          />
        </>
      }
      summary={
        totals &&
        data &&
        (totals.count === 0
          ? ''
          : t('fees.dueSummary', {
              count: totals.count,
              overdue: totals.overdueCount,
              fee: money(totals.feeCents),
              days: data.days,
            }))
      }
      pager={<Pager pageNo={pageNo} pageSize={FEES_PAGE} total={totals?.count ?? 0} onPage={setPageNo} />}
    >
      <table className="simple-table fees-table" aria-label={t('fees.dueView')}>
        <thead>
          <tr>
            <th>{t('fees.customer')}</th>
            <th>{t('fees.product')}</th>
            <th className="num">{t('fees.annualFee')}</th>
            <th>{t('fees.serviceEndOn')}</th>
            <th className="num">{t('fees.daysLeft')}</th>
            <th>{t('fees.owner')}</th>
            <th>{t('fees.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((r) => (
            <tr key={r.purchaseId} className={r.daysLeft < 0 ? 'fee-overdue' : r.daysLeft === 0 ? 'fee-today' : ''}>
              <td>{r.customerName}</td>
              <td>
                {r.productName}
                <span className="muted">（{r.productCode}）</span>
              </td>
              <td className="num">{money(r.annualFeeCents)}</td>
              <td>{r.serviceEndOn}</td>
              {/* '已逾期 16 天', '今天到期', '16 天后到期' — never a bare '-16'. */}
              <td className="num days-left">
                {r.daysLeft < 0
                  ? t('fees.overdueBy', { n: -r.daysLeft })
                  : r.daysLeft === 0
                    ? t('fees.dueToday')
                    : t('fees.dueIn', { n: r.daysLeft })}
              </td>
              <td>{r.ownerName}</td>
              <td>
                <div className="fees-actions">
                  <button
                    type="button"
                    className="small"
                    onClick={() => void openPaymentDialog(r.purchaseId, { kind: 'annual_fee' })}
                  >
                    {t('fees.pay')}
                  </button>
                  <button type="button" className="small" onClick={() => void printReminder(r.customerId, data.days)}>
                    {t('fees.reminderSlip')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
          {data && data.rows.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                {t('fees.noneDue', { days: data.days })}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </TableView>
  );
}
