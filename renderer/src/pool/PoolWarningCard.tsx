import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoolWarning } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { useChanges } from '../api/live';
import { useScreen } from '../app/screenStore';
import { useCustomers } from '../customers/customersStore';

/**
 * 工作台's card of the 公海: how many of the user's customers go back to the pool within
 * 公海规则's warning window ('3 个客户将在 7 天内退回公海'), and '打开' to the 公海客户 node.
 */
export function PoolWarningCard() {
  const { t } = useTranslation();
  const [data, setData] = useState<PoolWarning | null>(null);
  const [error, setError] = useState('');
  const changed = useChanges(['customers', 'records', 'settings']);
  useEffect(() => {
    let live = true;
    call('pool.warning')
      .then((d) => {
        if (!live) return;
        setData(d);
        setError('');
      })
      .catch((err) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [changed]);

  return (
    <section className="wb-card pane" aria-label={t('pool.cardTitle')}>
      <h2>{t('pool.cardTitle')}</h2>
      {error && <p className="form-error">{error}</p>}
      {data && (
        <p className={data.count ? 'wb-big' : undefined}>
          {data.days === 0
            ? t('pool.cardNoWarning')
            : data.count
              ? t('pool.warning', { n: data.count, days: data.days })
              : t('pool.cardNone', { days: data.days })}
        </p>
      )}
      <button
        type="button"
        aria-label={`${t('workbench.open')} ${t('pool.node')}`}
        onClick={() => {
          useScreen.getState().show('customers');
          useCustomers.getState().showPool();
        }}
      >
        {t('workbench.open')}
      </button>
    </section>
  );
}
