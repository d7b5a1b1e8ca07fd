import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../components/Modal';
import { useDiscardGuard } from '../components/discard';

export interface CatalogFormProps {
  title: string;
  /** The id of the <form>, which '确定' submits. */
  formId: string;
  /** 资料 read-only (a salesperson): only '关闭'. */
  readOnly: boolean;
  busy: boolean;
  /** The record is loaded (or new): the form is shown, else '加载中' or the error. */
  ready: boolean;
  formError: string;
  onSubmit(): void;
  onClose(): void;
  /** The fields of the form. */
  children: ReactNode;
  /** A new record: 取消 / Esc after typing asks before discarding. */
  isNew?: boolean;
}

/** The window of a 商品 / 供应商 record: its fields, the error of the last '确定', and the buttons. */
export function CatalogForm({
  title,
  formId,
  readOnly,
  busy,
  ready,
  formError,
  onSubmit,
  onClose,
  children,
  isNew = false,
}: CatalogFormProps) {
  const { t } = useTranslation();
  const cancel = useDiscardGuard(isNew && !readOnly, formId, onClose);
  return (
    <Modal
      title={title}
      onClose={cancel}
      width={640}
      footer={
        readOnly ? (
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        ) : (
          <>
            <button type="submit" form={formId} className="primary" disabled={busy || !ready}>
              {t('common.ok')}
            </button>
            <button type="button" onClick={cancel}>
              {t('common.cancel')}
            </button>
          </>
        )
      }
    >
      {ready ? (
        <form
          id={formId}
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          <fieldset className="form-grid" disabled={readOnly}>
            {children}
          </fieldset>
          {formError && (
            <div className="form-error" role="alert">
              {formError}
            </div>
          )}
        </form>
      ) : (
        <p className="muted">{formError || t('grid.loading')}</p>
      )}
    </Modal>
  );
}
