import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { ContextMenu, type MenuAt } from '../components/ContextMenu';
import { confirmDialog, promptDialog } from '../components/questionStore';
import { MenuLayer } from './MenuLayer';

interface CategoryListProps {
  categories: Category[];
  /** null: 全部. */
  selectedId: number | null;
  onSelect(id: number | null): void;
  isAdmin: boolean;
}

/** The 商品大类 list of 商品注册: '全部' then each category; right-click adds, renames, deletes. */
export function CategoryList({ categories, selectedId, onSelect, isAdmin }: CategoryListProps) {
  const { t } = useTranslation();
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const total = categories.reduce((n, c) => n + c.productCount, 0);

  const add = () =>
    promptDialog(t('products.addCategory'), t('products.categoryName'), '', async (name) => {
      try {
        const c = await call('categories.create', { name }, { action: t('products.action.addCategory', { name }) });
        onSelect(c.id);
        return null;
      } catch (err) {
        return errorText(err);
      }
    });
  const rename = (c: Category) =>
    promptDialog(t('products.renameCategory'), t('products.categoryName'), c.name, async (name) => {
      try {
        await call(
          'categories.rename',
          { id: c.id, name },
          { action: t('products.action.renameCategory', { from: c.name, to: name }) },
        );
        return null;
      } catch (err) {
        return errorText(err);
      }
    });
  const remove = async (c: Category) => {
    const title = t('products.deleteCategory');
    if (!(await confirmDialog(title, t('products.confirmDeleteCategory', { name: c.name }), title))) return;
    try {
      await call('categories.delete', { id: c.id }, { action: t('products.action.deleteCategory', { name: c.name }) });
      if (selectedId === c.id) onSelect(null);
    } catch {
      /* reported in Message */
    }
  };

  const openMenu = (e: React.MouseEvent, c: Category | null) => {
    e.preventDefault();
    e.stopPropagation();
    onSelect(c?.id ?? null);
    const adminOnly = isAdmin ? undefined : t('products.adminOnly');
    const items: MenuAt['items'] = [
      { label: t('products.addCategory'), onSelect: () => void add(), disabled: !isAdmin, title: adminOnly },
    ];
    if (c) {
      items.push(
        { label: t('products.renameCategory'), onSelect: () => void rename(c), disabled: !isAdmin, title: adminOnly },
        { label: t('products.deleteCategory'), onSelect: () => void remove(c), disabled: !isAdmin, title: adminOnly },
      );
    }
    setMenu({ x: e.clientX, y: e.clientY, items });
  };

  const option = (key: string, id: number | null, label: string, count: number, c: Category | null) => (
    <div
      key={key}
      role="option"
      aria-selected={selectedId === id}
      tabIndex={selectedId === id ? 0 : -1}
      onClick={() => onSelect(id)}
      onKeyDown={(e) => {
        const i = id === null ? -1 : categories.findIndex((x) => x.id === id);
        if (e.key === 'ArrowDown' && i + 1 < categories.length) {
          onSelect(categories[i + 1].id);
          (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
        }
        if (e.key === 'ArrowUp' && i >= 0) {
          onSelect(i === 0 ? null : categories[i - 1].id);
          (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
        }
        if (e.key === 'F2' && c && isAdmin) void rename(c);
        if (e.key === 'Delete' && c && isAdmin) void remove(c);
      }}
      onContextMenu={(e) => openMenu(e, c)}
    >
      <span>{label}</span>
      <span className="count">({count})</span>
    </div>
  );

  return (
    <aside className="catalog-side" aria-label={t('products.categories')}>
      <div className="pane-title">{t('products.categories')}</div>
      <div
        role="listbox"
        aria-label={t('products.categories')}
        className="catalog-list"
        onContextMenu={(e) => openMenu(e, null)}
      >
        {option('all', null, t('products.all'), total, null)}
        {categories.map((c) => option(String(c.id), c.id, c.name, c.productCount, c))}
      </div>
      {menu && (
        <MenuLayer onClose={() => setMenu(null)}>
          <ContextMenu menu={menu} onClose={() => setMenu(null)} />
        </MenuLayer>
      )}
    </aside>
  );
}
