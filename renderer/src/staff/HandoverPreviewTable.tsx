import { useTranslation } from 'react-i18next';
import type { HandoverPreview } from '../../../core/contract';
import { formatMoney } from '../../../core/money';

/** What a 交接 would move, as handover.preview counted it: one line per kind, the customers per 客户状态. */
export function HandoverPreviewTable({ preview }: { preview: HandoverPreview }) {
  const { t } = useTranslation();
  const c = preview.counts;
  const rows: [string, string, boolean?][] = [
    [t('handover.customers'), t('handover.customersLine', { n: c.customers })],
    ...c.byStatus.map((s): [string, string, boolean] => [s.statusName, t('handover.customersLine', { n: s.n }), true]),
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
    <section className="handover-preview">
      <h3>{t('handover.previewTitle')}</h3>
      <table aria-label={t('handover.previewTitle')}>
        <tbody>
          {rows.map(([label, value, sub]) => (
            <tr key={label} className={sub ? 'sub' : undefined}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
