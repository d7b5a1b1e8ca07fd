import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { useTranslation } from 'react-i18next';
import { MenuBar } from '../components/MenuBar';
import { CustomerForm } from '../dialogs/CustomerForm';
import { StaffDialogs } from '../dialogs/StaffDialogs';
import { BottomTabs } from '../panes/BottomTabs';
import { CustomerGrid } from '../panes/CustomerGrid';
import { MessagePane } from '../panes/MessagePane';
import { StatusTree } from '../panes/StatusTree';
import { useCustomers } from '../stores/customers';

/** 客户管理 › 客户管理: the nine areas of the manual, in resizable panes. */
export function CustomerScreen() {
  const { t } = useTranslation();
  const form = useCustomers((s) => s.form);
  // Splitter positions are remembered on this PC (dragged with the mouse or moved with the arrow
  // keys on a focused splitter). The defaults fit 1366×768: about 7 customer rows, a two-line
  // Message bar and at least 6 rows in the tabs.
  const outer = useDefaultLayout({ id: 'kehu.layout.customers.v2', storage: localStorage });
  const inner = useDefaultLayout({ id: 'kehu.layout.customers-right.v2', storage: localStorage });
  return (
    <div className="screen">
      <MenuBar />
      <Group
        orientation="horizontal"
        className="main-split"
        defaultLayout={outer.defaultLayout}
        onLayoutChanged={outer.onLayoutChanged}
      >
        <Panel id="tree" defaultSize="16" minSize="10">
          <StatusTree />
        </Panel>
        <Separator className="separator vertical" aria-label={t('layout.treeSplitter')} />
        <Panel id="right" minSize="40">
          <Group orientation="vertical" defaultLayout={inner.defaultLayout} onLayoutChanged={inner.onLayoutChanged}>
            <Panel id="grid" defaultSize="40" minSize="15">
              <CustomerGrid />
            </Panel>
            <Separator className="separator horizontal" aria-label={t('layout.messageSplitter')} />
            <Panel id="message" defaultSize="11" minSize="6">
              <MessagePane />
            </Panel>
            <Separator className="separator horizontal" aria-label={t('layout.tabsSplitter')} />
            <Panel id="tabs" defaultSize="49" minSize="15">
              <BottomTabs />
            </Panel>
          </Group>
        </Panel>
      </Group>
      {/* 人员管理, 修改密码, 授权给其他业务员, 转移客户: windows over this screen. */}
      <StaffDialogs />
      {form && (
        <CustomerForm
          key={form.mode === 'edit' ? form.id : 'new'}
          mode={form.mode}
          id={form.mode === 'edit' ? form.id : undefined}
        />
      )}
    </div>
  );
}
