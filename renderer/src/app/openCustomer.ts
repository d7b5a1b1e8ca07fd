import { useCustomers } from '../customers/customersStore';
import { useScreen, type RequestedTab } from './screenStore';

/** Opens a customer on 客户管理 with one of its tabs (asking first if a tab has unsaved edits). */
export function openCustomerOn(customerId: number, tab: RequestedTab) {
  useCustomers.getState().setShowDeleted(false);
  useCustomers.getState().setSelection([customerId], customerId);
  useScreen.getState().show('customers');
  useScreen.getState().requestTab(tab);
}
