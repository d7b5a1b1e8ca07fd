import { useEffect, useRef } from 'react';
import i18next from 'i18next';
import { confirmDialog } from './questionStore';

const typedValues = (form: HTMLElement) =>
  [
    ...form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
      'input:not([type]), input[type=text], input[type=tel], input[type=email], input[type=url], input[type=number], input[type=password], textarea',
    ),
  ].map((el) => el.value);

/**
 * 取消 / Esc on a create form: when the user typed into it, ask before throwing the input away.
 * What counts as typed: any text field (not a choice or a date the form filled in itself) whose
 * value differs from when the form first appeared. Returns the guarded close.
 */
export function useDiscardGuard(active: boolean, formId: string, close: () => void): () => void {
  const first = useRef<string[] | null>(null);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (active && form && first.current === null) first.current = typedValues(form);
  });
  return () => {
    const form = document.getElementById(formId);
    const typed =
      active && form && first.current !== null && typedValues(form).some((v, i) => v !== (first.current![i] ?? ''));
    if (!typed) return close();
    void confirmDialog(i18next.t('form.discardTitle'), i18next.t('form.discardAsk'), i18next.t('form.discard')).then(
      (ok) => ok && close(),
    );
  };
}
