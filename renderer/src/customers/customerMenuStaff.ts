import type { TFunction } from 'i18next';
import type { CustomerRow } from '../../../core/contract';
import type { MenuItem } from '../components/ContextMenu';
import { useStaffDialogs } from '../staff/staffDialogsStore';

/**
 * The customer grid's right-click items of 授权 and 转移: '授权给其他业务员' for the selected
 * customers (not for ones delegated to this user: a delegate may not re-delegate), and for an
 * administrator '转移客户'.
 */
/** `mayTransfer`: an administrator, or a 销售经理 (within their 部门: the data core checks). */
export function staffMenuItems(rows: CustomerRow[], mayTransfer: boolean, t: TFunction): MenuItem[] {
  const refs = rows.map((r) => ({ id: r.id, name: r.name, ownerId: r.ownerId }));
  const delegated = rows.some((r) => r.delegated);
  const items: MenuItem[] = [
    {
      label: t('delegation.ctxGrant'),
      onSelect: () => useStaffDialogs.getState().openDelegate(refs),
      disabled: !rows.length || delegated,
      title: delegated ? t('delegation.onlyOwner') : undefined,
    },
  ];
  if (mayTransfer) {
    items.push({
      label: t('staff.transfer'),
      onSelect: () => useStaffDialogs.getState().openTransfer({ kind: 'customers', customers: refs }),
      disabled: !rows.length,
    });
  }
  return items;
}
