import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { PrintPreview } from '../print/PrintPreview';
import { useFees } from './feesStore';
import { useMessages } from '../messages/messagesStore';
import { CompanyDialog } from './CompanyDialog';
import { PaymentDialogHost } from './PaymentDialog';

/**
 * Mounted once on the customer screen (beside the menu bar): the 收款 dialog, 系统 › 公司信息 and
 * the print preview. On mounting — just after login — it checks the annual fees: when some fall
 * due within the office's N days (or are overdue), one line in Message says how many. Nothing is
 * written when none do: Message reports what needs attention, and no line means nothing is due.
 */
export function FeesHost() {
  const { t } = useTranslation();
  const companyOpen = useFees((s) => s.companyOpen);
  const reminded = useRef(false);

  useEffect(() => {
    if (reminded.current) return;
    reminded.current = true;
    call('fees.summary')
      .then(({ count, days, overdueCount }) => {
        if (count === 0) return;
        const text = overdueCount
          ? t('fees.reminderOverdue', { count, days, overdue: overdueCount })
          : t('fees.reminder', { count, days });
        useMessages.getState().add(t('fees.reminderAction'), true, text);
      })
      .catch(() => undefined);
  }, [t]);

  useEffect(() => () => useFees.getState().set({ companyOpen: false }), []);

  return (
    <>
      <PaymentDialogHost />
      {companyOpen && <CompanyDialog />}
      <PrintPreview />
    </>
  );
}
