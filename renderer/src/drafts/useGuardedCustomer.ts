import { useEffect, useState } from 'react';
import { useCustomers } from '../customers/customersStore';
import { confirmLeave, useDraftGuard } from './guard';

/**
 * The customer whose tabs show. It follows the grid's current customer — however that changes:
 * a click in the grid, a status in the tree, a search, the recycle bin — but while a tab has
 * unsaved edits it asks 保存 / 不保存 / 取消 first. On 取消 the previous customer becomes current
 * again (and `restored` tells the grid to select its row again).
 */
export function useGuardedCustomer(): number | null {
  const currentId = useCustomers((s) => s.currentId);
  const [shownId, setShownId] = useState(currentId);
  useEffect(() => {
    if (currentId === shownId) return;
    let live = true;
    void confirmLeave().then((ok) => {
      if (!live) return; // a newer change took over this same question
      if (ok) {
        setShownId(useCustomers.getState().currentId);
      } else {
        useCustomers.getState().setSelection(shownId === null ? [] : [shownId], shownId);
        useDraftGuard.setState((s) => ({ restored: { id: shownId, seq: (s.restored?.seq ?? 0) + 1 } }));
      }
    });
    return () => {
      live = false;
    };
  }, [currentId, shownId]);
  return shownId;
}
