import i18next from 'i18next';
import type { CustomerRef } from '../staff/staffDialogsStore';

/** '甲、乙、丙 等 12 个' — names of the customers an operation is about, kept short. */
export function customerNames(customers: CustomerRef[], max = 3): string {
  const shown = customers
    .slice(0, max)
    .map((c) => c.name)
    .join(i18next.t('roles.listJoin'));
  return customers.length > max ? i18next.t('roles.andMore', { names: shown, n: customers.length }) : shown;
}
