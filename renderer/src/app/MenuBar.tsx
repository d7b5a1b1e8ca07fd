import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CatalogHost } from '../catalog/CatalogHost';
import { useCatalog } from '../catalog/catalogStore';
import { useImportDialog } from '../customers/ImportDialog';
import { confirmLeave } from '../drafts/guard';
import { ExportHost } from '../export/ExportHost';
import { FeesHost } from '../fees/FeesHost';
import { setLanguage } from '../i18n/index';
import { OfficeHost } from '../office/OfficeHost';
import { useOfficeDialogs } from '../office/officeDialogsStore';
import { useCustomers } from '../customers/customersStore';
import { useFees } from '../fees/feesStore';
import { useSession } from '../session/sessionStore';
import { useStaffDialogs } from '../staff/staffDialogsStore';
import { useScreen } from './screenStore';
import { StartScreenDialog, WorkbenchHost } from '../workbench/WorkbenchHost';
import { roleLabel } from '../staff/departments';
import { ReminderBell } from '../reminders/ReminderBell';
import { PoolRulesDialog } from '../pool/PoolRulesDialog';

interface Entry {
  label: string;
  onSelect(): void;
  hidden?: boolean;
}

/** The top menu bar of the manual's screen, and the '创建客户' item beside it. */
export function MenuBar() {
  const { t, i18n } = useTranslation();
  const user = useSession((s) => s.user);
  const [open, setOpen] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [poolRulesOpen, setPoolRulesOpen] = useState(false);
  const show = useScreen.getState().show;
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(null);
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, []);
  const isAdmin = user?.role === 'admin';
  const menus: { key: string; label: string; entries: Entry[]; hidden?: boolean }[] = [
    {
      key: 'customers',
      label: t('menu.customers'),
      entries: [
        { label: t('workbench.menu'), onSelect: () => show('workbench') },
        {
          label: t('menu.customerList'),
          onSelect: () => (show('customers'), useCustomers.getState().setShowDeleted(false)),
        },
        { label: t('menu.createCustomer'), onSelect: () => useCustomers.getState().openForm({ mode: 'create' }) },
        {
          label: t('menu.recycleBin'),
          onSelect: () => (show('customers'), useCustomers.getState().setShowDeleted(true)),
          hidden: !isAdmin,
        },
        // 补录历史客户 from Excel: administrators and salespeople (into their own name).
        { label: t('import.menu'), onSelect: () => useImportDialog.getState().setOpen(true) },
      ],
    },
    {
      key: 'products',
      label: t('menu.products'),
      entries: [
        { label: t('products.menuRegister'), onSelect: () => useCatalog.getState().open('products') },
        { label: t('products.menuLookup'), onSelect: () => useCatalog.getState().open('lookup') },
      ],
    },
    {
      key: 'suppliers',
      label: t('menu.suppliers'),
      entries: [{ label: t('menu.suppliers'), onSelect: () => useCatalog.getState().open('suppliers') }],
    },
    // 人员管理 is the administrator's; a 销售经理 finds 离职交接 there (for their 部门); a salesperson nothing.
    {
      key: 'staff',
      label: t('menu.staff'),
      hidden: !isAdmin && user?.role !== 'manager',
      entries: [
        { label: t('menu.staff'), onSelect: () => useStaffDialogs.getState().openStaff(true), hidden: !isAdmin },
        { label: t('handover.menu'), onSelect: () => useStaffDialogs.getState().openHandover({ fromId: null }) },
      ],
    },
    {
      key: 'stats',
      label: t('menu.stats'),
      entries: [
        { label: t('fees.dueView'), onSelect: () => (show('customers'), useFees.getState().show('due')) },
        { label: t('fees.arrearsView'), onSelect: () => (show('customers'), useFees.getState().show('arrears')) },
        { label: t('stats.menu'), onSelect: () => show('stats') },
      ],
    },
    {
      key: 'system',
      label: t('menu.system'),
      entries: [
        { label: t('menu.language'), onSelect: () => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en') },
        { label: t('password.menu'), onSelect: () => useStaffDialogs.getState().openPassword(true) },
        { label: t('workbench.settings'), onSelect: () => setSettingsOpen(true) },
        {
          label: t('settings.menu'),
          onSelect: () => useFees.getState().set({ companyOpen: true }),
          hidden: !isAdmin,
        },
        { label: t('pool.rulesMenu'), onSelect: () => setPoolRulesOpen(true), hidden: !isAdmin },
        {
          label: t('office.menuNetwork'),
          onSelect: () => useOfficeDialogs.getState().show('network'),
          hidden: !isAdmin,
        },
        { label: t('office.menuOnline'), onSelect: () => useOfficeDialogs.getState().show('online'), hidden: !isAdmin },
        { label: t('backup.menuBackup'), onSelect: () => useOfficeDialogs.getState().show('backup'), hidden: !isAdmin },
        {
          label: t('backup.menuRestore'),
          onSelect: () => useOfficeDialogs.getState().show('backup'),
          hidden: !isAdmin,
        },
        // Unsaved tab edits ask 保存 / 不保存 / 取消 first.
        {
          label: t('menu.logout'),
          onSelect: () => void confirmLeave().then((ok) => (ok ? useSession.getState().logout() : undefined)),
        },
      ],
    },
    {
      key: 'help',
      label: t('menu.help'),
      entries: [
        { label: t('guide.menu'), onSelect: () => useOfficeDialogs.getState().show('guide') },
        { label: t('support.menu'), onSelect: () => useOfficeDialogs.getState().show('support') },
        { label: t('menu.about'), onSelect: () => useOfficeDialogs.getState().show('about') },
      ],
    },
  ];
  // The keyboard, as in a desktop menu bar: ←/→ between the menus, ↓ or Enter opens one with the
  // focus on its first item, ↑/↓ between the items, Esc closes back to the menu's title.
  const tops = () => [...(ref.current?.querySelectorAll<HTMLElement>('.menu > button') ?? [])];
  const itemsOf = (menu: Element | null) => [...(menu?.querySelectorAll<HTMLElement>('.dropdown button') ?? [])];
  const openAt = (i: number) => {
    const shown = menus.filter((m) => !m.hidden);
    const k = (i + shown.length) % shown.length;
    setOpen(shown[k].key);
    setTimeout(() => itemsOf(tops()[k]?.parentElement ?? null)[0]?.focus(), 0);
  };
  const menuKeys = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const top = tops().indexOf(target);
    const menu = target.closest('.menu');
    const items = itemsOf(menu);
    const at = items.indexOf(target);
    const mi = tops().indexOf(menu?.querySelector<HTMLElement>(':scope > button') as HTMLElement);
    if (top >= 0 && (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ')) openAt(top);
    else if (top >= 0 && (e.key === 'ArrowRight' || e.key === 'ArrowLeft'))
      tops()[(top + (e.key === 'ArrowRight' ? 1 : -1) + tops().length) % tops().length]?.focus();
    else if (at >= 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp'))
      items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    else if (at >= 0 && (e.key === 'ArrowRight' || e.key === 'ArrowLeft'))
      openAt(mi + (e.key === 'ArrowRight' ? 1 : -1));
    else if (at >= 0 && (e.key === 'Escape' || e.key === 'Tab')) {
      setOpen(null);
      if (e.key === 'Escape') tops()[mi]?.focus();
      else return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div className="menubar" ref={ref}>
      <div role="menubar" aria-label={t('app.title')} className="menus" onKeyDown={menuKeys}>
        {menus
          .filter((m) => !m.hidden)
          .map((m) => (
            <div key={m.key} className="menu">
              <button
                type="button"
                role="menuitem"
                aria-haspopup="menu"
                aria-expanded={open === m.key}
                onClick={() => setOpen(open === m.key ? null : m.key)}
                onMouseEnter={() => open && setOpen(m.key)}
              >
                {m.label}
              </button>
              {open === m.key && (
                <div role="menu" aria-label={m.label} className="dropdown">
                  {m.entries
                    .filter((e) => !e.hidden)
                    .map((e) => (
                      <button
                        key={e.label}
                        type="button"
                        role="menuitem"
                        onClick={() => {
                          setOpen(null);
                          e.onSelect();
                        }}
                      >
                        {e.label}
                      </button>
                    ))}
                </div>
              )}
            </div>
          ))}
      </div>
      <button
        type="button"
        className="toolbar-create"
        onClick={() => useCustomers.getState().openForm({ mode: 'create' })}
      >
        {t('menu.createCustomer')}
      </button>
      <span className="spacer" />
      {user && <ReminderBell />}
      {user && (
        <span className="whoami">
          {t('roles.whoami', {
            name: user.name,
            role: roleLabel(t, user.role),
          })}
        </span>
      )}
      {/* 商品注册, 商品查询, 供应商管理 and the product picker: dialogs over the customer screen. */}
      <CatalogHost />
      {/* The export progress dialog and 导入客户, above whichever window they came from. */}
      <ExportHost />
      {/* 收款, 公司信息 and the print preview; the annual-fee reminder after login. */}
      <FeesHost />
      {/* 网络设置 and 在线用户 (office mode). */}
      <OfficeHost />
      {/* The start screen after login and the 待跟进 line in Message; 系统 › 设置. */}
      <WorkbenchHost />
      {settingsOpen && <StartScreenDialog onClose={() => setSettingsOpen(false)} />}
      {poolRulesOpen && <PoolRulesDialog onClose={() => setPoolRulesOpen(false)} />}
    </div>
  );
}
