import { useTranslation } from 'react-i18next';
import { ArrearsView } from './ArrearsView';
import { DueView } from './DueView';
import { InstalmentsView } from './InstalmentsView';
import type { FeesView } from './feesStore';
import { useFees } from './feesStore';
import './fees.css';

/**
 * Area 9 (年费催缴/欠款统计, manual 2.7) over every customer the user may see, not just the one
 * selected: the annual fees falling due within N days (or overdue), and the customers in arrears,
 * each expanding to its purchases. 收款 and 催缴单 from any row.
 */
export function FeesTab() {
  const { t } = useTranslation();
  const view = useFees((s) => s.view);
  const choose = (v: FeesView) => useFees.getState().set({ view: v });
  return (
    <div className="fees-tab">
      <div className="fees-views" role="group" aria-label={t('tabs.fees')}>
        <button type="button" aria-pressed={view === 'due'} onClick={() => choose('due')}>
          {t('fees.dueView')}
        </button>
        <button type="button" aria-pressed={view === 'arrears'} onClick={() => choose('arrears')}>
          {t('fees.arrearsView')}
        </button>
        <button type="button" aria-pressed={view === 'instalments'} onClick={() => choose('instalments')}>
          {t('instalments.view')}
        </button>
      </div>
      {view === 'due' ? <DueView /> : view === 'arrears' ? <ArrearsView /> : <InstalmentsView />}
    </div>
  );
}
