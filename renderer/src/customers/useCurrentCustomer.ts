import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError, call } from '../api/client';
import { concerns, onChange } from '../api/live';
import { useCustomers } from './customersStore';
import { useMessages } from '../messages/messagesStore';

/** How often a shown customer is checked again without any change event (a delegation's 结束日期 passing). */
const RECHECK_MS = 60_000;

/** Why a customer went out of sight, from the write that did it (this window's or another's). */
function reasonKey(method: string): string {
  if (method === 'customers.delete') return 'stale.deleted';
  if (method === 'staff.transfer' || method === 'customers.update' || method === 'import.commit')
    return 'stale.transferred';
  if (method === 'delegations.revoke') return 'stale.revoked';
  if (method === 'delegations.expire' || method === 'timer') return 'stale.expired';
  return 'stale.gone';
}

/**
 * The current customer's name (shown above the tabs), and the rule that tabs never show what the
 * user may no longer see: when a change event touches the current customer — deleted, transferred,
 * its delegation revoked or expired, by this window or another — or once a minute, it is read
 * again; if the data side now refuses it, the selection is cleared (the tabs show
 * '请在上方选中一个客户') and a Message line says why.
 */
export function useCurrentCustomer(): string | null {
  const { t } = useTranslation();
  const currentId = useCustomers((s) => s.currentId);
  const [name, setName] = useState<{ id: number; name: string } | null>(null);

  useEffect(() => {
    if (currentId === null) return;
    let live = true;
    let known: string | null = null;
    const check = (why: string) => {
      call('customers.get', { id: currentId })
        .then((c) => {
          if (!live) return;
          known = c.name;
          // A salesperson's own row comes back after a transfer away only if it is still theirs.
          setName({ id: c.id, name: c.name });
        })
        .catch((err) => {
          if (!live || !(err instanceof CallError)) return;
          if (err.error.code !== 'not_found' && err.error.code !== 'forbidden') return;
          if (useCustomers.getState().currentId !== currentId) return;
          useCustomers.getState().setSelection([], null);
          useMessages.getState().note(t('stale.action', { name: known ?? `#${currentId}` }), t(reasonKey(why)));
        });
    };
    check('first');
    const off = onChange((event) => {
      if (concerns(event, ['customers', 'delegations'], currentId)) check(event.method);
    });
    const timer = setInterval(() => check('timer'), RECHECK_MS);
    return () => {
      live = false;
      off();
      clearInterval(timer);
    };
  }, [currentId, t]);

  return currentId !== null && name?.id === currentId ? name.name : null;
}
