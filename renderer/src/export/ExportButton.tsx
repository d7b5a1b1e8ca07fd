import { useTranslation } from 'react-i18next';
import type { ExportRequest } from '../../../core/contract';
import { useMessages } from '../messages/messagesStore';
import { startExport } from './startExport';
import { useExport } from './exportStore';

/**
 * '导出' in a tab's toolbar (联系人, 日志及维护记录): exports the tab's saved rows. With unsaved
 * edits in the tab, Message says that the saved data is what gets exported.
 */
export function ExportButton({
  request,
  dirty,
  disabled,
}: {
  request: ExportRequest;
  dirty?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const running = useExport((s) => !!s.running);
  return (
    <button
      type="button"
      disabled={disabled || running}
      onClick={() => {
        if (dirty) {
          useMessages
            .getState()
            .add(t('export.action', { title: t(`export.titles.${request.grid}`) }), false, t('export.unsaved'));
        }
        void startExport(request);
      }}
    >
      {t('export.menu')}
    </button>
  );
}
