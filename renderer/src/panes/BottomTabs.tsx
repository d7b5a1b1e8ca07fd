import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomers } from '../stores/customers';

export const TAB_KEYS = ['contacts', 'records', 'quotes', 'purchases', 'delegation', 'fees'] as const;
export type TabKey = (typeof TAB_KEYS)[number];

/** Areas 4–9: the customer's tabs. Their contents arrive with later issues. */
export function BottomTabs() {
  const { t } = useTranslation();
  const [active, setActive] = useState<TabKey>('contacts');
  const currentId = useCustomers((s) => s.currentId);
  return (
    <section className="pane tabs-pane" aria-label="客户详情">
      <div role="tablist" className="tablist">
        {TAB_KEYS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            id={`tab-${k}`}
            aria-controls={`panel-${k}`}
            aria-selected={active === k}
            tabIndex={active === k ? 0 : -1}
            onClick={() => setActive(k)}
          >
            {t(`tabs.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`} className="tabpanel">
        <p className="muted">
          {active !== 'fees' && !currentId ? t('tabs.pickCustomer') : t('tabs.later', { tab: t(`tabs.${active}`) })}
        </p>
      </div>
    </section>
  );
}
