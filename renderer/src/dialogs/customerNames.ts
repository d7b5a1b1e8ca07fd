import type { CustomerRef } from '../stores/staffDialogs';

/** '甲、乙、丙 等 12 个' — names of the customers an operation is about, kept short. */
export function customerNames(customers: CustomerRef[], max = 3): string {
  const shown = customers
    .slice(0, max)
    .map((c) => c.name)
    .join('、');
  return customers.length > max ? `${shown} 等 ${customers.length} 个` : shown;
}
