import { useTranslation } from 'react-i18next';
import { instalmentViews, type InstalmentDuePage, type InstalmentView } from '../../../core/contract';
import { call } from '../api/client';
import { Pager, usePageFor } from '../components/Pager';
import { TableView } from '../components/TableView';
import { useLoadFor } from '../components/useLoad';
import { ExportButton } from '../export/ExportButton';
import { printInstalments } from '../print/actions';
import { FeesOwnerFilter } from './FeesOwnerFilter';
import { FEES_AREAS, FEES_PAGE, money } from './feesView';
import { useFees } from './feesStore';
import { openPaymentDialog } from './PaymentDialog';

/**
 * 回款计划 (issue 22): the open instalments of every customer the user may see — due this week,
 * overdue, or all — soonest 计划回款日期 first, with the totals per 业务员; 收款 from any row,
 * exported and printed as shown.
 */
export function InstalmentsView() {
  const { t } = useTranslation();
  const { instalmentView: view, ownerId } = useFees();
  const filterKey = JSON.stringify([view, ownerId]);
  const [pageNo, setPageNo] = usePageFor(filterKey);
  const { data, error, loading } = useLoadFor<InstalmentDuePage>(`${filterKey}/${pageNo}`, FEES_AREAS, () =>
    call('instalments.due', { view, ownerId, offset: pageNo * FEES_PAGE, limit: FEES_PAGE, withTotal: true }),
  );
  const totals = data?.totals;
  const setView = (v: InstalmentView) => useFees.getState().set({ instalmentView: v });
  const ownerName = ownerId === null ? null : (totals?.byOwner.find((o) => o.ownerId === ownerId)?.ownerName ?? null);

  return (
    <TableView
      error={error}
      loading={loading}
      toolbar={
        <>
          <div className="fees-views" role="group" aria-label={t('instalments.view')}>
            {instalmentViews.map((v) => (
              <button key={v} type="button" className="small" aria-pressed={view === v} onClick={() => setView(v)}>
                {t(`instalments.views.${v}`)}
              </button>
            ))}
          </div>
          <FeesOwnerFilter />
          <ExportButton request={{ grid: 'instalments', query: { view, ownerId } }} />
          <button type="button" onClick={() => void printInstalments(view, ownerId, ownerName)}>
            {t('instalments.print')}
          </button>
        </>
      }
      summary={
        totals &&
        (totals.count === 0
          ? ''
          : `${t('instalments.summary', {
              count: totals.count,
              amount: money(totals.amountCents),
              open: money(totals.openCents),
            })}；${t('instalments.byOwner')}：${totals.byOwner
              .map((o) => t('instalments.ownerTotal', { name: o.ownerName, count: o.count, open: money(o.openCents) }))
              .join('，')}`)
      }
      pager={<Pager pageNo={pageNo} pageSize={FEES_PAGE} total={totals?.count ?? 0} onPage={setPageNo} />}
    >
      <table className="simple-table fees-table" aria-label={t('instalments.view')}>
        <thead>
          <tr>
            <th>{t('instalments.customer')}</th>
            <th>{t('instalments.product')}</th>
            <th className="num">{t('instalments.seq')}</th>
            <th>{t('instalments.dueOn')}</th>
            <th className="num">{t('instalments.amount')}</th>
            <th className="num">{t('instalments.paid')}</th>
            <th className="num">{t('instalments.open')}</th>
            <th className="num">{t('instalments.daysLeft')}</th>
            <th>{t('instalments.owner')}</th>
            <th>{t('instalments.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {data?.rows.map((r) => (
            <tr key={r.instalmentId} className={r.daysLeft < 0 ? 'fee-overdue' : r.daysLeft === 0 ? 'fee-today' : ''}>
              <td>{r.customerName}</td>
              <td>
                {r.productName}
                <span className="muted">（{r.productCode}）</span>
              </td>
              <td className="num">{r.seq}</td>
              <td>{r.dueOn}</td>
              <td className="num">{money(r.amountCents)}</td>
              <td className="num">{money(r.paidCents)}</td>
              <td className="num">{money(r.openCents)}</td>
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
                    onClick={() =>
                      void openPaymentDialog(r.purchaseId, { kind: 'goods', instalmentId: r.instalmentId })
                    }
                  >
                    {t('fees.pay')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
          {data && data.rows.length === 0 && (
            <tr>
              <td colSpan={10} className="muted">
                {t('instalments.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </TableView>
  );
}
