/**
 * Cell editors of the draft grid: native inputs and selects, named by their column's header, so
 * the keyboard, screen readers and tests find them as they find any form field.
 */
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useRef, useState } from 'react';
import { foldInput } from '../../../core/input';

type Props = CustomCellEditorProps<unknown, string>;

/** Typing a character on a cell starts editing with that character; Backspace/Delete start empty. */
function startValue(p: Props): string {
  if (p.eventKey && p.eventKey.length === 1) return p.eventKey;
  if (p.eventKey === 'Backspace' || p.eventKey === 'Delete') return '';
  return p.value ?? '';
}

/**
 * A one-line cell editor. `fold`: a cell of numbers, phones, dates or codes — full-width digits and
 * punctuation become half-width as they are typed (core/input.ts). `placeholder`: e.g. 'YYYY-MM-DD'
 * for a date, which is typed as text so it reads the same whatever the system's language.
 */
export function InputCellEditor(
  p: Props & { type?: 'text' | 'datetime-local'; maxLength?: number; fold?: boolean; placeholder?: string },
) {
  const ref = useRef<HTMLInputElement>(null);
  const { onValueChange } = p;
  const [initial] = useState(() => (p.fold ? foldInput(startValue(p)) : startValue(p)));
  useEffect(() => {
    if (initial !== (p.value ?? '')) onValueChange(initial);
    ref.current?.focus();
    if (p.type === 'text' || !p.type) ref.current?.setSelectionRange(initial.length, initial.length);
    // Once, on opening.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <input
      ref={ref}
      className="draft-editor"
      type={p.type ?? 'text'}
      aria-label={p.colDef.headerName}
      maxLength={p.maxLength}
      placeholder={p.placeholder}
      inputMode={p.fold ? 'text' : undefined}
      value={p.value ?? ''}
      onChange={(e) => onValueChange(p.fold ? foldInput(e.target.value) : e.target.value)}
    />
  );
}

/** A long text (内容, 备注) in a popup: Enter keeps it, Shift+Enter starts a new line. */
export function TextAreaCellEditor(p: Props & { maxLength?: number }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const { onValueChange } = p;
  const [initial] = useState(() => startValue(p));
  useEffect(() => {
    if (initial !== (p.value ?? '')) onValueChange(initial);
    ref.current?.focus();
    ref.current?.setSelectionRange(initial.length, initial.length);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <textarea
      ref={ref}
      className="draft-editor draft-textarea"
      aria-label={p.colDef.headerName}
      maxLength={p.maxLength}
      value={p.value ?? ''}
      style={{ width: Math.max(p.column.getActualWidth(), 280) }}
      onChange={(e) => onValueChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.shiftKey) e.stopPropagation();
      }}
    />
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** A native select; choosing an option ends the edit with it. */
export function SelectCellEditor(p: Props & { options: SelectOption[] }) {
  const ref = useRef<HTMLSelectElement>(null);
  const [picked, setPicked] = useState(false);
  const { stopEditing } = p;
  useEffect(() => ref.current?.focus(), []);
  // Stop after the chosen value has reached the grid (the next render), not before.
  useEffect(() => {
    if (picked) stopEditing();
  }, [picked, stopEditing]);
  return (
    <select
      ref={ref}
      className="draft-editor"
      aria-label={p.colDef.headerName}
      value={p.value ?? ''}
      onChange={(e) => {
        p.onValueChange(e.target.value);
        setPicked(true);
      }}
    >
      {p.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
