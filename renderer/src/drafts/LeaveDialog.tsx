import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal';
import { useDraftGuard } from './guard';

/** The question before leaving unsaved edits: 保存 / 不保存 / 取消 (Escape and × mean 取消). */
export function LeaveDialog() {
  const { t } = useTranslation();
  const q = useDraftGuard((s) => s.question);
  if (!q) return null;
  return (
    <Modal
      title={t('draft.leaveTitle')}
      onClose={() => q.answer('cancel')}
      width={420}
      footer={
        <>
          <button type="button" className="primary" onClick={() => q.answer('save')}>
            {t('draft.save')}
          </button>
          <button type="button" onClick={() => q.answer('discard')}>
            {t('draft.discard')}
          </button>
          <button type="button" onClick={() => q.answer('cancel')}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <p>{t('draft.leaveMessage', { tab: q.title })}</p>
    </Modal>
  );
}
