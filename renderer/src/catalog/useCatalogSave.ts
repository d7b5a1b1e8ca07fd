import { useSubmit } from '../components/useSubmit';

/**
 * '确定' of a 商品 / 供应商 form: while `run` saves, the form is busy; once saved the catalog
 * reloads, `after` sees what `run` returned and the form closes; a refusal shows on the fields
 * and above the buttons.
 */
export function useCatalogSave(onClose: () => void) {
  const { errors, setErrors, message: formError, setMessage: setFormError, busy, run } = useSubmit();

  const saveWith = async <R>(save: () => Promise<R>, after?: (result: R) => void) => {
    const saved = await run(async () => ({ result: await save() }));
    if (!saved) return;
    after?.(saved.result);
    onClose();
  };

  return { errors, setErrors, formError, setFormError, busy, saveWith };
}
