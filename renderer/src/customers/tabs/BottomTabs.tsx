import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { confirmLeave, installUnloadGuard, useDraftGuard } from '../../drafts/guard';
import { LeaveDialog } from '../../drafts/LeaveDialog';
import { useGuardedCustomer } from '../../drafts/useGuardedCustomer';
import { useCustomers } from '../customersStore';
import { useFees } from '../../fees/feesStore';
import { useScreen } from '../../app/screenStore';
import { ContactsTab } from './ContactsTab';
import { DelegationTab } from './DelegationTab';
import { FeesTab } from '../../fees/FeesTab';
import { PurchasesTab } from './PurchasesTab';
import { QuotesTab } from './QuotesTab';
import { RecordsTab } from './RecordsTab';
import { useCurrentCustomer } from '../useCurrentCustomer';

export const TAB_KEYS = ['contacts', 'records', 'quotes', 'purchases', 'delegation', 'fees'] as const;
export type TabKey = (typeof TAB_KEYS)[number];

/** Areas 4–9: the customer's tabs. Their contents arrive with later issues. */
export function BottomTabs() {
  const { t } = useTranslation();
  const [active, setActive] = useState<TabKey>('contacts');
  const currentId = useCustomers((s) => s.currentId);
  // Tabs 4–7 keep drafts: leaving the customer, the tab or the window asks first.
  const shownId = useGuardedCustomer();
  const dirtyTab = useDraftGuard((s) => s.dirtyTab);
  // Whose tabs these are; a customer that went out of sight clears them (with a Message line).
  const currentName = useCurrentCustomer();
  useEffect(() => installUnloadGuard(), []);
  // The 统计 menu opens area 9 (年费催缴/欠款统计).
  const feesOpenSeq = useFees((s) => s.openSeq);
  useEffect(() => {
    if (feesOpenSeq) void confirmLeave().then((ok) => ok && setActive('fees'));
  }, [feesOpenSeq]);
  // 工作台 opens a customer with tab 日志及维护记录.
  const tabRequest = useScreen((s) => s.tabRequest);
  useEffect(() => {
    if (tabRequest) void confirmLeave().then((ok) => ok && setActive(tabRequest.tab));
  }, [tabRequest]);
  const choose = async (k: TabKey) => {
    if (k !== active && (await confirmLeave())) setActive(k);
  };
  return (
    <section className="pane tabs-pane" aria-label={t('roles.details')}>
      <div className="tabs-head">
        {currentName && (
          <h2 className="current-customer" title={currentName} aria-label={`${t('stale.current')}：${currentName}`}>
            {currentName}
          </h2>
        )}
        <div
          role="tablist"
          className="tablist"
          onKeyDown={(e) => {
            // ←/→ (Home/End) choose the neighbouring tab, as in every desktop tab strip.
            const i = TAB_KEYS.indexOf(active);
            const to =
              e.key === 'ArrowRight'
                ? (i + 1) % TAB_KEYS.length
                : e.key === 'ArrowLeft'
                  ? (i - 1 + TAB_KEYS.length) % TAB_KEYS.length
                  : e.key === 'Home'
                    ? 0
                    : e.key === 'End'
                      ? TAB_KEYS.length - 1
                      : -1;
            if (to < 0) return;
            e.preventDefault();
            void choose(TAB_KEYS[to]).then(() => document.getElementById(`tab-${TAB_KEYS[to]}`)?.focus());
          }}
        >
          {TAB_KEYS.map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              id={`tab-${k}`}
              aria-controls={`panel-${k}`}
              aria-selected={active === k}
              tabIndex={active === k ? 0 : -1}
              onClick={() => void choose(k)}
              aria-describedby={dirtyTab === k ? 'tab-unsaved' : undefined}
            >
              {t(`tabs.${k}`)}
              {dirtyTab === k && (
                <span className="dirty-mark" aria-hidden="true">
                  {' *'}
                </span>
              )}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`} className="tabpanel">
        {(active === 'contacts' || active === 'records' || active === 'quotes' || active === 'purchases') && shownId ? (
          active === 'contacts' ? (
            <ContactsTab key={shownId} customerId={shownId} />
          ) : active === 'records' ? (
            <RecordsTab key={shownId} customerId={shownId} />
          ) : active === 'quotes' ? (
            <QuotesTab key={shownId} customerId={shownId} />
          ) : (
            <PurchasesTab key={shownId} customerId={shownId} />
          )
        ) : active === 'delegation' ? (
          <DelegationTab />
        ) : active === 'fees' ? (
          <FeesTab />
        ) : (
          <p className="muted">{!currentId ? t('tabs.pickCustomer') : t('tabs.later', { tab: t(`tabs.${active}`) })}</p>
        )}
      </div>
      <span id="tab-unsaved" hidden>
        {t('draft.unsaved')}
      </span>
      <LeaveDialog />
    </section>
  );
}
