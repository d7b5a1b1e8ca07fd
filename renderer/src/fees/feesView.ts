/** What the two views of area 9 (年费催缴, 欠款统计) share. */
import { formatMoney } from '../../../core/money';

/** Rows per page of either view of area 9. */
export const FEES_PAGE = 100;

/** What either view reloads on: fees, purchases, payments or customers changed anywhere. */
export const FEES_AREAS = ['fees', 'purchases', 'payments', 'customers'] as const;

export const money = (cents: number) => formatMoney(cents, { grouping: true });
