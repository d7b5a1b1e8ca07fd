import { useTranslation } from 'react-i18next';
import type { HandoverHead, HandoverSheetRow } from '../../../core/contract';
import { localMinute } from '../../../core/contract/dates';
import { formatMoney } from '../../../core/money';
import { SheetTable } from './SheetTable';
import { SheetHeader } from './sheets';
import type { PrintStamp } from './printStore';

/**
 * 交接单: who left, who handed over and when, to whom (and how many each), what moved (the counts
 * as they were at the 交接), the customer list per recipient, and lines to sign.
 */
export function HandoverSheet({ doc, head, rows }: { doc: PrintStamp; head: HandoverHead; rows: HandoverSheetRow[] }) {
  const { t } = useTranslation();
  const c = head.counts;
  const facts: [string, string][] = [
    [t('handover.sheetFrom'), head.fromName],
    [t('handover.sheetBy'), head.byName],
    [t('handover.sheetAt'), localMinute(head.at)],
    [t('handover.sheetTo'), head.to.map((r) => t('handover.doneLine', { name: r.name, n: r.customers })).join('；')],
  ];
  const perStatus = c.byStatus
    .filter((s) => s.n > 0)
    .map((s) => `${s.statusName} ${t('handover.customersLine', { n: s.n })}`)
    .join(t('handover.listSep'));
  const counts: [string, string][] = [
    [
      t('handover.customers'),
      t('handover.customersLine', { n: c.customers }) +
        (perStatus ? t('handover.byStatusLine', { list: perStatus }) : ''),
    ],
    [t('handover.deleted'), t('handover.customersLine', { n: c.deletedCustomers })],
    [t('handover.followups'), t('handover.followupsLine', c.followups)],
    [t('handover.quotes'), t('handover.quotesLine', { n: c.quotes })],
    [
      t('handover.arrears'),
      t('handover.arrearsLine', { ...c.arrears, sum: `¥${formatMoney(c.arrears.cents, { grouping: true })}` }),
    ],
    [t('handover.given'), t('handover.givenLine', { n: c.delegationsGiven })],
    [t('handover.received'), t('handover.receivedLine', { n: c.delegationsReceived })],
  ];
  return (
    <article className="sheet list-sheet handover-sheet">
      <SheetHeader stamp={doc} title={t('handover.sheetTitle')}>
        <span>
          {rows.length < head.customers
            ? t('handover.sheetCapped', {
                total: head.customers.toLocaleString('en-US'),
                shown: rows.length.toLocaleString('en-US'),
              })
            : t('print.count', { n: head.customers })}
        </span>
      </SheetHeader>
      <dl className="sheet-facts" aria-label={t('handover.sheetTitle')}>
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h2 className="sheet-subtitle">{t('handover.sheetCounts')}</h2>
      <dl className="sheet-facts sheet-counts" aria-label={t('handover.sheetCounts')}>
        {counts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h2 className="sheet-subtitle">{t('handover.sheetList')}</h2>
      <SheetTable
        rows={rows}
        rowKey={(r) => r.customerId}
        numbered
        empty={t('grid.noRows')}
        columns={[
          {
            header: t('handover.col.customer'),
            cell: (r) => r.customerName + (r.deleted ? t('handover.deletedMark') : ''),
          },
          { header: t('handover.col.keyword'), cell: (r) => r.keyword },
          { header: t('handover.col.status'), cell: (r) => r.statusName },
          { header: t('handover.col.to'), cell: (r) => r.toName },
        ]}
      />
      <div className="sheet-sign handover-sign">
        <span>{t('handover.sheetSign')}</span>
        <span>{t('handover.sheetSignTo')}</span>
        <span>{t('handover.sheetSignBy')}</span>
      </div>
    </article>
  );
}
