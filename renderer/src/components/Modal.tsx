import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  width?: number;
}

const FIELDS = 'input:not([type=hidden]), select, textarea';
const FOCUSABLE =
  'input:not([type=hidden]), select, textarea, button, a[href], [tabindex]:not([tabindex="-1"]), [contenteditable=true]';

/** The open dialogs, innermost last: only the top one traps the focus and answers keys. */
const open: HTMLElement[] = [];

/** Where the focus was last outside any dialog: a dialog opened from a closed menu returns there. */
const history: HTMLElement[] = [];
if (typeof document !== 'undefined') {
  document.addEventListener(
    'focusin',
    (e) => {
      const el = e.target as HTMLElement;
      if (!(el instanceof HTMLElement) || el.closest('[role=dialog]')) return;
      history.push(el);
      if (history.length > 8) history.shift();
    },
    true,
  );
}

function usable(el: HTMLElement): boolean {
  if ((el as HTMLInputElement).disabled || el.closest('[hidden], [inert]')) return false;
  if (el.getAttribute('aria-hidden') === 'true') return false;
  return el.getClientRects().length > 0;
}

/** The elements of this dialog (not of a dialog inside it) that take the focus, in order. */
function focusables(dialog: HTMLElement, selector = FOCUSABLE): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(selector)].filter(
    (el) => el.closest('[role=dialog]') === dialog && usable(el) && el.tabIndex >= 0,
  );
}

const isEmpty = (el: HTMLElement) =>
  (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) &&
  el.value.trim() === '';

const isRequired = (el: HTMLElement) => el.getAttribute('aria-required') === 'true' || el.hasAttribute('required');

/** On open: the first empty required field, else the first field, else the 确定 button, else any. */
function initialTarget(dialog: HTMLElement): HTMLElement | null {
  const fields = focusables(dialog, FIELDS).filter((el) => !el.closest('.modal-title'));
  return (
    fields.find((el) => isRequired(el) && isEmpty(el)) ??
    fields[0] ??
    focusables(dialog, '.modal-footer .primary')[0] ??
    focusables(dialog).find((el) => !el.classList.contains('modal-x')) ??
    null
  );
}

/**
 * A modal dialog: named by its title. The keyboard works as in a desktop application: on open the
 * focus goes to the field the user fills first (or stays where the dialog put it itself, e.g. with
 * autoFocus); after a refused save it goes to the field in error; Tab stays inside; Enter confirms
 * (the dialog's primary button, unless the field's own form submits or the key belongs to a button,
 * a text area or a grid); Esc cancels; on close the focus goes back to where it came from.
 */
export function Modal({ title, onClose, children, footer, width = 520 }: ModalProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current!;
    const active = document.activeElement as HTMLElement | null;
    const from =
      active && active !== document.body && !dialog.contains(active)
        ? active
        : ([...history].reverse().find((el) => el.isConnected && usable(el)) ?? null);
    open.push(dialog);
    const top = () => open[open.length - 1] === dialog;
    let last: HTMLElement | null = null;

    const focusStart = () => {
      if (dialog.contains(document.activeElement)) return true;
      const target = initialTarget(dialog);
      target?.focus();
      return !!target && !dialog.querySelector('.modal-body .muted:only-child');
    };
    // Contents that load (an edit form) take the focus once their fields appear.
    let settled = focusStart() && focusables(dialog, FIELDS).length > 0;
    let invalid = '';
    const observer = new MutationObserver(() => {
      if (!top()) return;
      const fields = focusables(dialog, FIELDS);
      if (!settled && fields.length) {
        settled = true;
        if (!dialog.contains(document.activeElement) || document.activeElement === dialog || isButton()) {
          initialTarget(dialog)?.focus();
        }
        return;
      }
      // A refused save: the first field in error takes the focus.
      const bad = fields.filter((el) => el.getAttribute('aria-invalid') === 'true');
      const now = bad.map((el) => el.id || el.getAttribute('aria-label') || '?').join('|');
      if (now !== invalid) {
        invalid = now;
        if (bad.length && !bad.includes(document.activeElement as HTMLElement)) {
          bad[0].focus();
          return;
        }
      }
      // The focused button went away or was disabled while saving: back to where it was.
      const a = document.activeElement;
      if (!a || a === document.body || !dialog.contains(a)) {
        (last && last.isConnected && usable(last) ? last : initialTarget(dialog))?.focus();
      }
    });
    const isButton = () => document.activeElement?.tagName === 'BUTTON';
    observer.observe(dialog, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-invalid', 'disabled', 'hidden'],
    });
    const onFocusIn = (e: FocusEvent) => {
      const el = e.target as HTMLElement;
      if (dialog.contains(el)) {
        if (el !== dialog) last = el;
        return;
      }
      // The focus is kept inside the top dialog (a click or script outside it brings it back).
      if (top() && el instanceof HTMLElement && !el.closest('[role=dialog], [role=menu], .print-preview')) {
        (last && last.isConnected ? last : initialTarget(dialog))?.focus();
      }
    };
    document.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
      open.splice(open.indexOf(dialog), 1);
      // Back to where it came from — after the closing render, unless what the dialog did put
      // the focus somewhere on purpose (another dialog, the new line's cell editor).
      setTimeout(() => {
        const a = document.activeElement;
        if (a && a !== document.body && a.isConnected) return;
        if (from?.isConnected) from.focus();
      }, 0);
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const dialog = ref.current!;
    if (open[open.length - 1] !== dialog || e.nativeEvent.isComposing) return;
    const target = e.target as HTMLElement;
    // A window portalled out of this dialog (the print preview) answers its own keys.
    if (!dialog.contains(target)) return;
    if (e.key === 'Escape') {
      if (target.closest('.ag-root-wrapper') && target.closest('.ag-cell-inline-editing')) return;
      e.preventDefault();
      e.stopPropagation();
      closeRef.current();
    } else if (e.key === 'Tab') {
      const all = focusables(dialog);
      if (!all.length) return;
      const i = all.indexOf(document.activeElement as HTMLElement);
      const next = e.shiftKey ? (i <= 0 ? all[all.length - 1] : null) : i === all.length - 1 || i < 0 ? all[0] : null;
      if (next) {
        e.preventDefault();
        next.focus();
      }
    } else if (e.key === 'Enter' && !e.defaultPrevented && !e.shiftKey && !e.ctrlKey && !e.altKey) {
      if (target.closest('textarea, button, a, [role=menu], [role=listbox], .ag-root-wrapper, [contenteditable]'))
        return;
      if (target instanceof HTMLInputElement && /^(checkbox|radio|file)$/.test(target.type)) return;
      // A field of a form with a submit button: the browser submits that form itself.
      const form = (target as HTMLInputElement).form;
      if (form && [...form.elements].some((el) => (el as HTMLButtonElement).type === 'submit')) return;
      const primary = focusables(dialog, '.modal-footer .primary, button[type=submit]')[0];
      if (primary) {
        e.preventDefault();
        primary.click();
      }
    }
  };

  return (
    <div className="modal-backdrop">
      <div
        ref={ref}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        style={{ width }}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="modal-title">
          <span id={titleId}>{title}</span>
          <button type="button" className="modal-x" aria-label={t('common.close')} onClick={onClose}>
            ×
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-footer">{footer}</div>}
      </div>
    </div>
  );
}
