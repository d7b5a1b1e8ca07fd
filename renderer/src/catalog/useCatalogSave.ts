import { useState } from 'react';
import { CallError } from '../api/client';

/**
 * '确定' of a 商品 / 供应商 form: while `run` saves, the form is busy; once saved the catalog
 * reloads, `after` sees what `run` returned and the form closes; a refusal shows on the fields
 * and above the buttons.
 */
export function useCatalogSave(onClose: () => void) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);

  const saveWith = async <R>(run: () => Promise<R>, after?: (result: R) => void) => {
    setBusy(true);
    setErrors({});
    setFormError('');
    try {
      const result = await run();
      after?.(result);
      onClose();
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      setErrors(err.error.fields ?? {});
      setFormError(err.error.message);
    } finally {
      setBusy(false);
    }
  };

  return { errors, setErrors, formError, setFormError, busy, saveWith };
}
