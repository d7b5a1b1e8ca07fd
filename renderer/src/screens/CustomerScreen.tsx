import { Group, Panel, Separator } from 'react-resizable-panels';
import { MenuBar } from '../components/MenuBar';
import { CustomerForm } from '../dialogs/CustomerForm';
import { StaffDialogs } from '../dialogs/StaffDialogs';
import { BottomTabs } from '../panes/BottomTabs';
import { CustomerGrid } from '../panes/CustomerGrid';
import { MessagePane } from '../panes/MessagePane';
import { StatusTree } from '../panes/StatusTree';
import { useCustomers } from '../stores/customers';
import { useScreen } from '../stores/screen';
import { StatsScreen } from '../workbench/StatsScreen';
import { WorkbenchScreen } from '../workbench/WorkbenchScreen';

/**
 * 客户管理 › 客户管理: the nine areas of the manual, in resizable panes — and, under the same menu
 * bar, 工作台 and 统计 › 销售统计. The customer panes stay mounted (hidden) while another screen
 * shows, so a tab's unsaved draft survives a look at 工作台.
 */
export function CustomerScreen() {
  const form = useCustomers((s) => s.form);
  const screen = useScreen((s) => s.screen);
  return (
    <div className="screen">
      <MenuBar />
      {screen === 'workbench' && <WorkbenchScreen />}
      {screen === 'stats' && <StatsScreen />}
      <div className="customer-screen" style={{ display: screen === 'customers' ? 'contents' : 'none' }}>
        <Group orientation="horizontal" className="main-split">
          <Panel defaultSize="18" minSize="10">
            <StatusTree />
          </Panel>
          <Separator className="separator vertical" />
          <Panel minSize="40">
            <Group orientation="vertical">
              <Panel defaultSize="52" minSize="20">
                <CustomerGrid />
              </Panel>
              <Separator className="separator horizontal" />
              <Panel defaultSize="14" minSize="6">
                <MessagePane />
              </Panel>
              <Separator className="separator horizontal" />
              <Panel defaultSize="34" minSize="10">
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
