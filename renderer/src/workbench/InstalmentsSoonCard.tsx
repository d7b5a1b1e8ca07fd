import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InstalmentsUpcoming } from '../../../core/contract';
import { formatMoney } from '../../../core/money';
import { call, errorText } from '../api/client';
import { useChanges } from '../api/live';
import { useScreen } from '../app/screenStore';
import { useFees } from '../fees/feesStore';

const yuan = (cents: number) => `¥${formatMoney(cents, { grouping: true })}`;

/**
 * 工作台's card of the 回款计划 instalments due in the next 7 days (today included) of the
 * 业务员 chosen (or everyone the user may see), soonest first; '打开' shows tab 9's 回款计划.
 */
export function InstalmentsSoonCard({
  ownerId,
  areas,
  showOwner = false,
}: {
  ownerId: number | null;
  areas: Parameters<typeof useChanges>[0];
  /** Each line names its 业务员 (an administrator's or a 销售经理's view of others' customers). */
  showOwner?: boolean;
}) {
  const { t } = useTranslation();
  const [data, setData] = useState<InstalmentsUpcoming | null>(null);
  const [error, setError] = useState('');
  const changed = useChanges(areas);
  useEffect(() => {
    let live = true;
    call('instalments.upcoming', { ownerId, limit: 5 })
      .then((d) => {
        if (!live) return;
        setData(d);
        setError('');
      })
      .catch((err) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [ownerId, changed]);

  return (
    <section className="wb-card pane" aria-label={t('instalments.workbenchTitle')}>
      <h2>{t('instalments.workbenchTitle')}</h2>
      {error && <p className="form-error">{error}</p>}
      {data && (
        <>
          <p className="wb-big">{yuan(data.openCents)}</p>
          {data.count === 0 ? (
            <p>{t('instalments.workbenchNone')}</p>
          ) : (
            <ul className="wb-instalments">
              {data.rows.map((r) => (
                <li key={r.instalmentId}>
                  {t('instalments.workbenchLine', {
                    dueOn: r.dueOn,
                    customer: r.customerName,
                    seq: r.seq,
                    open: yuan(r.openCents),
                  })}
                  {showOwner && <span className="muted"> · {r.ownerName}</span>}
                </li>
              ))}
              {data.count > data.rows.length && (
                <li className="muted">{t('instalments.workbenchMore', { n: data.count - data.rows.length })}</li>
              )}
            </ul>
          )}
        </>
      )}
      <button
        type="button"
        aria-label={`${t('workbench.open')} ${t('instalments.view')}`}
        onClick={() => {
          useFees.getState().set({ instalmentView: 'week' });
          useScreen.getState().show('customers');
          useFees.getState().show('instalments');
        }}
      >
        {t('workbench.open')}
      </button>
    </section>
  );
}
