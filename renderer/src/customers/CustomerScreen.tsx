import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { useTranslation } from 'react-i18next';
import { MenuBar } from '../app/MenuBar';
import { CustomerForm } from './CustomerForm';
import { StaffDialogs } from '../staff/StaffDialogs';
import { BottomTabs } from './tabs/BottomTabs';
import { CustomerGrid } from './CustomerGrid';
import { MessagePane } from '../messages/MessagePane';
import { StatusTree } from './StatusTree';
import { useCustomers } from './customersStore';
import { useScreen } from '../app/screenStore';
import { StatsScreen } from '../workbench/StatsScreen';
import { WorkbenchScreen } from '../workbench/WorkbenchScreen';

/**
 * 客户管理 › 客户管理: the nine areas of the manual, in resizable panes — and, under the same menu
 * bar, 工作台 and 统计 › 销售统计. The customer panes stay mounted (hidden) while another screen
 * shows, so a tab's unsaved draft survives a look at 工作台.
 */
export function CustomerScreen() {
  const { t } = useTranslation();
  const form = useCustomers((s) => s.form);
  // Splitter positions are remembered on this PC (dragged with the mouse or moved with the arrow
  // keys on a focused splitter). The defaults fit 1366×768: about 7 customer rows, a two-line
  // Message bar and at least 6 rows in the tabs.
  const outer = useDefaultLayout({ id: 'kehu.layout.customers.v2', storage: localStorage });
  const inner = useDefaultLayout({ id: 'kehu.layout.customers-right.v2', storage: localStorage });
  const screen = useScreen((s) => s.screen);
  return (
    <div className="screen">
      <MenuBar />
      {screen === 'workbench' && <WorkbenchScreen />}
      {screen === 'stats' && <StatsScreen />}
      {/* Hidden, not unmounted, while another screen shows: the tabs' drafts stay. */}
      <div className="customer-screen" style={{ display: screen === 'customers' ? 'contents' : 'none' }}>
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
      </div>
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
