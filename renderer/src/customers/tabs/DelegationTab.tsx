import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delegation, DelegationList } from '../../../../core/contract';
import { call, errorText } from '../../api/client';
import { useCustomers } from '../customersStore';
import { confirmDialog } from '../../components/questionStore';
import { useStaffDialogs } from '../../staff/staffDialogsStore';
import { useChanges } from '../../api/live';
import { localMinute } from '../../../../core/contract/dates';

/**
 * Area 8 (授权): the selected customer's delegations — to whom, 开始日期, 结束日期, state
 * (生效中 / 未开始 / 已收回 / 已过期), by whom. Owners and administrators '授权给…' and
 * '收回授权'; a delegate sees the list only.
 */
export function DelegationTab() {
  const { t } = useTranslation();
  const currentId = useCustomers((s) => s.currentId);
  const revision = useChanges(['delegations'], currentId);
  // What was loaded, and for which customer: a stale answer never shows under another customer.
  const [loaded, setLoaded] = useState<{ id: number; list: DelegationList | null; error: string } | null>(null);

  useEffect(() => {
    if (!currentId) return;
    let live = true;
    call('delegations.list', { customerId: currentId })
      .then((list) => live && setLoaded({ id: currentId, list, error: '' }))
      .catch((err) => live && setLoaded({ id: currentId, list: null, error: errorText(err) }));
    return () => {
      live = false;
    };
  }, [currentId, revision]);

  if (!currentId) return <p className="muted">{t('tabs.pickCustomer')}</p>;
  if (!loaded || loaded.id !== currentId) return <p className="muted">{t('grid.loading')}</p>;
  if (!loaded.list) return <p className="form-error">{loaded.error}</p>;

  const list = loaded.list;
  const customer = list.customer;
  const revoke = async (d: Delegation) => {
    if (
      !(await confirmDialog(
        t('delegation.revoke'),
        t('delegation.confirmRevoke', { name: d.toName }),
        t('delegation.revoke'),
      ))
    )
      return;
    try {
      await call(
        'delegations.revoke',
        { id: d.id },
        { action: t('delegation.action.revoke', { customer: customer.name, to: d.toName }) },
      );
    } catch {
      /* reported in Message */
    }
  };

  return (
    <div className="delegation-tab">
      <div className="tab-toolbar">
        <button
          type="button"
          disabled={!list.canDelegate}
          title={list.canDelegate ? undefined : t('delegation.onlyOwner')}
          onClick={() => useStaffDialogs.getState().openDelegate([customer])}
        >
          {t('delegation.grant')}
        </button>
        <span className="tab-customer">{customer.name}</span>
        {!list.canDelegate && <span className="badge">{t('delegation.delegatedNote')}</span>}
      </div>
      {list.rows.length === 0 ? (
        <p className="muted">{t('delegation.none')}</p>
      ) : (
        <table className="simple-table delegation-table" aria-label={t('tabs.delegation')}>
          <thead>
            <tr>
              <th>{t('delegation.col.to')}</th>
              <th>{t('delegation.col.startOn')}</th>
              <th>{t('delegation.col.endOn')}</th>
              <th>{t('delegation.col.state')}</th>
              <th>{t('delegation.col.grantedBy')}</th>
              <th>{t('delegation.col.grantedAt')}</th>
              <th>{t('delegation.col.revoked')}</th>
              <th>{t('delegation.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((d) => (
              <tr key={d.id} className={`delegation-${d.state}`}>
                <td>{d.toName}</td>
                <td>{d.startOn}</td>
                <td>{d.endOn ?? t('delegation.noEnd')}</td>
                <td>
                  <span className={`state state-${d.state}`}>{t(`delegation.state.${d.state}`)}</span>
                </td>
                <td>{d.grantedByName}</td>
                <td>{localMinute(d.grantedAt)}</td>
                <td>
                  {d.revokedAt
                    ? t('delegation.revokedBy', { name: d.revokedByName ?? '', at: localMinute(d.revokedAt) })
                    : ''}
                </td>
                <td>
                  {d.canRevoke && (
                    <button type="button" className="small" onClick={() => void revoke(d)}>
                      {t('delegation.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
