import type { GridApi } from 'ag-grid-community';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MenuAt } from '../components/ContextMenu';
import { confirmDialog } from '../components/questionStore';
import { useSession } from '../session/sessionStore';
import { useChanges } from '../api/live';

/** Which record form is open: a new one, or a record to edit (an administrator) or view. */
export type CatalogFormState = { mode: 'create' } | { mode: 'edit' | 'view'; id: number };

/** The names of the rows an action is on, as the Message pane lists them: 'A、B'. */
export const namesOf = (rows: { name: string }[]) => rows.map((r) => r.name).join('、');

/** Runs a change of the catalog (its change event reloads every catalog window); a failure is reported in Message. */
export async function changeCatalog(run: () => Promise<unknown>, after?: () => void): Promise<void> {
  try {
    await run();
    after?.();
  } catch {
    /* reported in Message */
  }
}

/**
 * The state of a paged catalog grid (商品注册, 供应商管理): the search, the total, the selection, the
 * form and context menu open; the grid reloads when the catalog changes. `prefix` names its texts
 * ('products', 'suppliers'); `deleteRows` deletes on the server, under the action's name.
 */
export function useCatalogGrid<T extends { id: number; name: string }>(
  prefix: 'products' | 'suppliers',
  deleteRows: (ids: number[], action: string) => Promise<unknown>,
) {
  const { t } = useTranslation();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  // Any change of the catalog, here or on another PC: the open lists reload.
  const revision = useChanges(['catalog', 'suppliers']);
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [selected, setSelected] = useState<T[]>([]);
  const [form, setForm] = useState<CatalogFormState | null>(null);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const apiRef = useRef<GridApi<T> | null>(null);

  useEffect(() => {
    if (revision > 0) apiRef.current?.refreshInfiniteCache();
  }, [revision]);

  /** 删除 (an administrator), once confirmed; the rows leave the selection. */
  const remove = async (rows: T[]) => {
    if (!rows.length || !isAdmin) return;
    const title = t(`${prefix}.delete`);
    if (!(await confirmDialog(title, t(`${prefix}.confirmDelete`, { n: rows.length }), title))) return;
    await changeCatalog(
      () =>
        deleteRows(
          rows.map((r) => r.id),
          t(`${prefix}.action.delete`, { names: namesOf(rows) }),
        ),
      () => apiRef.current?.deselectAll(),
    );
  };

  return {
    isAdmin,
    /** Why a salesperson's button is disabled. */
    adminOnly: isAdmin ? undefined : t(`${prefix}.adminOnly`),
    remove,
    /** The line under the grid: how many there are, and how many are selected when more than one. */
    status:
      (total !== null ? t(`${prefix}.total`, { n: total }) : '') +
      (selected.length > 1 ? ` · ${t(`${prefix}.selected`, { n: selected.length })}` : ''),
    revision,
    search,
    setSearch,
    total,
    setTotal,
    selected,
    setSelected,
    /** The only row selected, or null. */
    one: selected.length === 1 ? selected[0] : null,
    form,
    create: () => setForm({ mode: 'create' }),
    open: (row: T) => setForm({ mode: isAdmin ? 'edit' : 'view', id: row.id }),
    closeForm: () => setForm(null),
    menu,
    setMenu,
    apiRef,
  };
}
