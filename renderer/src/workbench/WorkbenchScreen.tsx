import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area, FollowupDue, FollowupList, WorkbenchSummary } from '../../../core/contract';
import { formatMoney } from '../../../core/money';
import { call, errorText } from '../api/client';
import { useChanges } from '../api/live';
import { MessagePane } from '../messages/MessagePane';
import { useFees } from '../fees/feesStore';
import { openCustomerOn } from '../app/openCustomer';
import { useScreen } from '../app/screenStore';
import { useSession } from '../session/sessionStore';
import { Chart } from './Chart';
import { FollowupDoneDialog } from './FollowupDoneDialog';
import { InstalmentsSoonCard } from './InstalmentsSoonCard';
import { PoolWarningCard } from '../pool/PoolWarningCard';
import { WorkbenchOwnerFilter } from './WorkbenchOwnerFilter';
import './workbench.css';

/** What 工作台 shows changes with these writes, anywhere in the office. */
export const WORKBENCH_AREAS: Area[] = [
  'records',
  'purchases',
  'payments',
  'customers',
  'counts',
  'fees',
  'delegations',
];

const yuan = (cents: number) => `¥${formatMoney(cents, { grouping: true })}`;

/** Opens a customer on 客户管理 with tab 日志及维护记录 (asking first if a tab has unsaved edits). */
export function openCustomerRecords(customerId: number) {
  openCustomerOn(customerId, 'records');
}

/** 工作台: 待跟进, 年费到期 and 欠款, and the user's (or the office's) numbers this month. */
export function WorkbenchScreen() {
  const { t } = useTranslation();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  // An administrator and a 销售经理 see other people's customers: the lists say whose (业务员).
  const showOwner = useSession((s) => s.user?.role !== 'sales');
  const [ownerId, setOwnerId] = useState<number | null>(null);
  const [summary, setSummary] = useState<WorkbenchSummary | null>(null);
  const [list, setList] = useState<FollowupList | null>(null);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [done, setDone] = useState<FollowupDue | null>(null);
  const changed = useChanges(WORKBENCH_AREAS);

  useEffect(() => {
    let live = true;
    Promise.all([call('workbench.summary', { ownerId }), call('workbench.followups', { ownerId, limit: 200 })])
      .then(([s, l]) => {
        if (!live) return;
        setSummary(s);
        setList(l);
        setError('');
      })
      .catch((err) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [ownerId, changed]);

  const statusOption = useMemo(
    () =>
      summary && {
        tooltip: { trigger: 'item', valueFormatter: (v: number) => v.toLocaleString('zh-CN') },
        legend: { orient: 'vertical', right: 0, top: 'middle', itemWidth: 10, itemHeight: 10 },
        series: [
          {
            type: 'pie',
            radius: ['45%', '75%'],
            center: ['35%', '50%'],
            label: { show: false },
            data: summary.numbers.byStatus.filter((s) => s.n > 0).map((s) => ({ name: s.statusName, value: s.n })),
          },
        ],
      },
    [summary],
  );

  const when = (r: FollowupDue) =>
    r.daysLeft < 0
      ? t('workbench.daysOverdue', { n: -r.daysLeft })
      : r.daysLeft === 0
        ? t('workbench.today')
        : t('workbench.inDays', { n: r.daysLeft });
  const total = list ? list.counts.overdue + list.counts.today + list.counts.upcoming : 0;

  return (
    <div className="workbench">
      <div className="wb-toolbar">
        <h1>{t('workbench.title')}</h1>
        {summary && <span className="muted">{summary.today}</span>}
        <WorkbenchOwnerFilter value={ownerId} onChange={setOwnerId} />
        <span className="spacer" />
        <button type="button" onClick={() => useScreen.getState().show('customers')}>
          {t('menu.customerList')}
        </button>
        <button type="button" onClick={() => useScreen.getState().show('stats')}>
          {t('stats.menu')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="wb-body">
        <section className="wb-followups pane" aria-label={t('workbench.followups')}>
          <div className="wb-section-title">
            <h2>{t('workbench.followups')}</h2>
            {list && (
              <span className="wb-counts">
                <span className="wb-badge overdue">
                  {t('workbench.overdue')} {list.counts.overdue.toLocaleString()}
                </span>
                <span className="wb-badge today">
                  {t('workbench.dueToday')} {list.counts.today.toLocaleString()}
                </span>
                <span className="wb-badge">
                  {t('workbench.upcoming')} {list.counts.upcoming.toLocaleString()}
                </span>
              </span>
            )}
            <span className="spacer" />
            <button
              type="button"
              disabled={!list?.rows.some((r) => r.customerId === selected)}
              onClick={() => setDone(list!.rows.find((r) => r.customerId === selected)!)}
            >
              {t('workbench.done')}
            </button>
          </div>
          <div className="wb-table-wrap">
            <table className="wb-table" aria-label={t('workbench.followups')}>
              <thead>
                <tr>
                  <th>{t('workbench.col.nextOn')}</th>
                  <th>{t('workbench.col.when')}</th>
                  <th>{t('workbench.col.customer')}</th>
                  <th>{t('workbench.col.contact')}</th>
                  <th>{t('workbench.col.content')}</th>
                  <th>{t('workbench.col.author')}</th>
                  {showOwner && <th>{t('workbench.col.owner')}</th>}
                </tr>
              </thead>
              <tbody>
                {list?.rows.map((r) => (
                  <tr
                    key={r.customerId}
                    className={`${r.daysLeft < 0 ? 'overdue' : r.daysLeft === 0 ? 'today' : ''}${selected === r.customerId ? ' selected' : ''}`}
                    aria-selected={selected === r.customerId}
                    tabIndex={0}
                    onClick={() => setSelected(r.customerId)}
                    onDoubleClick={() => openCustomerRecords(r.customerId)}
                    onKeyDown={(e) => e.key === 'Enter' && openCustomerRecords(r.customerId)}
                  >
                    <td>{r.nextTime ? `${r.nextOn} ${r.nextTime}` : r.nextOn}</td>
                    <td>{when(r)}</td>
                    <td>{r.customerName}</td>
                    <td>{r.contactName ?? ''}</td>
                    <td className="wb-content" title={r.content}>
                      {r.content}
                    </td>
                    <td>{r.authorName ?? ''}</td>
                    {showOwner && <td>{r.ownerName}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
            {list && list.rows.length === 0 && <p className="muted wb-empty">{t('workbench.none')}</p>}
          </div>
          {list && total > list.rows.length && (
            <p className="muted wb-more">{t('workbench.shown', { shown: list.rows.length, total })}</p>
          )}
        </section>
        <aside className="wb-side">
          <section className="wb-card pane" aria-label={t('workbench.fees')}>
            <h2>{t('workbench.fees')}</h2>
            {summary && (
              <>
                <p className="wb-big">{yuan(summary.fees.feeCents)}</p>
                <p>
                  {t('workbench.feesLine', {
                    days: summary.fees.days,
                    count: summary.fees.count.toLocaleString(),
                    sum: yuan(summary.fees.feeCents),
                  })}
                  {summary.fees.overdueCount > 0 && (
                    <span className="wb-warn">
                      {' '}
                      {t('workbench.feesOverdue', { n: summary.fees.overdueCount.toLocaleString() })}
                    </span>
                  )}
                </p>
              </>
            )}
            <button
              type="button"
              aria-label={`${t('workbench.open')} ${t('workbench.fees')}`}
              onClick={() => {
                useScreen.getState().show('customers');
                useFees.getState().show('due');
              }}
            >
              {t('workbench.open')}
            </button>
          </section>
          <section className="wb-card pane" aria-label={t('workbench.arrears')}>
            <h2>{t('workbench.arrears')}</h2>
            {summary && (
              <>
                <p className="wb-big">{yuan(summary.arrears.arrearsCents)}</p>
                <p>
                  {t('workbench.arrearsLine', {
                    customers: summary.arrears.customers.toLocaleString(),
                    purchases: summary.arrears.purchases.toLocaleString(),
                    sum: yuan(summary.arrears.arrearsCents),
                  })}
                </p>
              </>
            )}
            <button
              type="button"
              aria-label={`${t('workbench.open')} ${t('workbench.arrears')}`}
              onClick={() => {
                useScreen.getState().show('customers');
                useFees.getState().show('arrears');
              }}
            >
              {t('workbench.open')}
            </button>
          </section>
          <InstalmentsSoonCard ownerId={ownerId} areas={WORKBENCH_AREAS} showOwner={showOwner} />
          <PoolWarningCard />
          <section
            className="wb-card pane wb-numbers"
            aria-label={isAdmin && ownerId === null ? t('workbench.officeNumbers') : t('workbench.numbers')}
          >
            <h2>
              {isAdmin && ownerId === null ? t('workbench.officeNumbers') : t('workbench.numbers')}
              {summary && <span className="muted"> · {t('workbench.month', { month: summary.month })}</span>}
            </h2>
            {summary && (
              <dl>
                <dt>{t('workbench.customers')}</dt>
                <dd>{summary.numbers.customers.toLocaleString()}</dd>
                <dt>{t('workbench.newCustomers')}</dt>
                <dd>{summary.numbers.newCustomers.toLocaleString()}</dd>
                <dt>{t('workbench.sales')}</dt>
                <dd>{yuan(summary.numbers.salesCents)}</dd>
                <dt>{t('workbench.collected')}</dt>
                <dd>{yuan(summary.numbers.collectedCents)}</dd>
                <dt>{t('workbench.records')}</dt>
                <dd>{summary.numbers.followups.toLocaleString()}</dd>
              </dl>
            )}
            {statusOption && <Chart option={statusOption} label={t('workbench.byStatus')} height={130} />}
          </section>
        </aside>
      </div>
      <div className="wb-messages">
        <MessagePane />
      </div>
      {done && <FollowupDoneDialog item={done} onClose={() => setDone(null)} />}
    </div>
  );
}
