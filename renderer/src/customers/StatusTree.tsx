import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusNode, StatusTree as Tree } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { ContextMenu, type MenuAt } from '../components/ContextMenu';
import { confirmDialog, promptDialog } from '../components/questionStore';
import { useCustomers } from './customersStore';
import { useSession } from '../session/sessionStore';
import { useChanges } from '../api/live';

/** Area 1: 全部客户 and each status with the number of customers this user may see. */
export function StatusTree() {
  const { t } = useTranslation();
  const { statusId, showDeleted, pool } = useCustomers();
  const revision = useChanges(['counts', 'statuses']);
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const [tree, setTree] = useState<Tree | null>(null);
  const [menu, setMenu] = useState<MenuAt | null>(null);

  useEffect(() => {
    let live = true;
    call('statuses.tree')
      .then((tr) => live && setTree(tr))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [revision]);

  const adminOnly = isAdmin ? undefined : t('roles.statusAdminOnly');
  const rename = (s: StatusNode) =>
    promptDialog(t('status.rename'), t('status.newName'), s.name, async (name) => {
      try {
        await call(
          'statuses.rename',
          { id: s.id, name },
          { action: t('action.renameStatus', { from: s.name, to: name }) },
        );
        return null;
      } catch (err) {
        return errorText(err);
      }
    });
  const add = () =>
    promptDialog(t('status.add'), t('status.newName'), '', async (name) => {
      try {
        await call('statuses.create', { name }, { action: t('action.addStatus', { name }) });
        return null;
      } catch (err) {
        return errorText(err);
      }
    });
  const remove = async (s: StatusNode) => {
    if (!(await confirmDialog(t('status.delete'), t('status.confirmDelete', { name: s.name })))) return;
    try {
      await call('statuses.delete', { id: s.id }, { action: t('action.deleteStatus', { name: s.name }) });
      if (useCustomers.getState().statusId === s.id) useCustomers.getState().setStatus(null);
    } catch {
      /* reported in Message */
    }
  };
  const create = () => useCustomers.getState().openForm({ mode: 'create' });

  const openMenu = useCallback(
    (e: React.MouseEvent, s: StatusNode | null) => {
      e.preventDefault();
      const items: MenuAt['items'] = [{ label: t('ctx.create'), onSelect: create }, 'separator'];
      if (s)
        items.push({ label: t('status.rename'), onSelect: () => void rename(s), disabled: !isAdmin, title: adminOnly });
      items.push({ label: t('status.add'), onSelect: () => void add(), disabled: !isAdmin, title: adminOnly });
      if (s)
        items.push({ label: t('status.delete'), onSelect: () => void remove(s), disabled: !isAdmin, title: adminOnly });
      setMenu({ x: e.clientX, y: e.clientY, items });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [isAdmin, t],
  );

  const item = (
    key: string,
    label: string,
    count: number | undefined,
    selected: boolean,
    onSelect: () => void,
    s: StatusNode | null,
    level: number,
  ) => (
    <div
      key={key}
      role="treeitem"
      aria-level={level}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      className={`tree-item level-${level}${selected ? ' selected' : ''}`}
      onClick={onSelect}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect()}
      onContextMenu={(e) => {
        onSelect();
        openMenu(e, s);
      }}
    >
      {level === 1 && (
        <span className="tree-twisty" aria-hidden="true">
          ▾
        </span>
      )}
      <span className="tree-label">{label}</span>
      {count !== undefined && <span className="tree-count">({count.toLocaleString('en-US')})</span>}
    </div>
  );

  return (
    <section className="pane status-pane" aria-label={t('status.title')}>
      <div className="pane-title">{showDeleted ? t('menu.recycleBin') : t('status.title')}</div>
      <div role="tree" aria-label={t('status.title')} className="tree">
        {item(
          'all',
          t('status.all'),
          tree?.total,
          statusId === null && !pool,
          () => useCustomers.getState().setStatus(null),
          null,
          1,
        )}
        {tree?.statuses.map((s) =>
          item(String(s.id), s.name, s.count, statusId === s.id, () => useCustomers.getState().setStatus(s.id), s, 2),
        )}
        {!showDeleted &&
          item('pool', t('pool.node'), tree?.pool, pool, () => useCustomers.getState().showPool(), null, 1)}
      </div>
      {menu && <ContextMenu menu={menu} onClose={() => setMenu(null)} />}
    </section>
  );
}
