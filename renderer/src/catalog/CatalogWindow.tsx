import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ContextMenu, type MenuAt } from '../components/ContextMenu';
import { Modal } from '../components/Modal';
import { LastMessage } from './LastMessage';
import { MenuLayer } from './MenuLayer';
import './catalog.css';

/**
 * The window of a catalog list (商品注册, 供应商管理): its content, the last message and '关闭'
 * below, the context menu while open, and the record form over it.
 */
export function CatalogWindow({
  title,
  onClose,
  menu,
  onMenuClose,
  form,
  children,
}: {
  title: string;
  onClose(): void;
  menu: MenuAt | null;
  onMenuClose(): void;
  form: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      title={title}
      onClose={onClose}
      width={1240}
      footer={
        <>
          <LastMessage />
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <div className="catalog-window">{children}</div>
      {menu && (
        <MenuLayer onClose={onMenuClose}>
          <ContextMenu menu={menu} onClose={onMenuClose} />
        </MenuLayer>
      )}
      {form}
    </Modal>
  );
}
