import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateProblem, foldInput, normalizeDate } from '../../../core/input';
import './inputs.css';

type FieldProps = {
  id?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-required'?: boolean;
};

interface DateInputProps extends FieldProps {
  value: string;
  onChange(value: string): void;
  min?: string;
  max?: string;
  disabled?: boolean;
  autoFocus?: boolean;
}

/**
 * A date field that shows 'YYYY-MM-DD' whatever the system's language (a native date input shows
 * the system's own format): typed as text — '２０２６年３月１日', '2026/3/1', '20260301' become
 * '2026-03-01' when the field is left — with a calendar button beside it. An impossible date
 * (2026-02-30) gets the app's message beside the field, unless the form already shows one.
 */
export function DateInput({ value, onChange, min, max, disabled, autoFocus, ...field }: DateInputProps) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const [left, setLeft] = useState(false);
  const problem = left && value !== '' ? dateProblem(value) : null;
  const shown = problem && !field['aria-invalid'];
  const problemId = field.id ? `${field.id}-date` : undefined;
  return (
    <span className="date-input">
      <span className="date-input-row">
        <input
          {...field}
          aria-invalid={field['aria-invalid'] || !!problem}
          aria-describedby={shown ? problemId : field['aria-describedby']}
          type="text"
          inputMode="numeric"
          placeholder="YYYY-MM-DD"
          maxLength={16}
          autoComplete="off"
          disabled={disabled}
          autoFocus={autoFocus}
          value={value}
          onChange={(e) => {
            setLeft(false);
            onChange(foldInput(e.target.value));
          }}
          onBlur={(e) => {
            setLeft(true);
            const normal = normalizeDate(e.target.value);
            if (normal !== value) onChange(normal);
          }}
        />
        <button
          type="button"
          className="date-pick"
          tabIndex={-1}
          disabled={disabled}
          aria-label={t('input.pickDate')}
          title={t('input.pickDate')}
          onClick={() => {
            try {
              picker.current?.showPicker();
            } catch {
              picker.current?.focus();
            }
          }}
        >
          <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
            <rect x="1.5" y="2.5" width="11" height="10" rx="1" fill="none" stroke="currentColor" />
            <path d="M1.5 5.5h11M4.5 1v3M9.5 1v3" stroke="currentColor" />
            <path d="M4 8h2v2H4z" fill="currentColor" />
          </svg>
        </button>
        <input
          ref={picker}
          className="date-native"
          type="date"
          tabIndex={-1}
          aria-hidden="true"
          value={dateProblem(value) ? '' : value}
          min={min}
          max={max}
          onChange={(e) => {
            if (e.target.value) onChange(e.target.value);
            setLeft(true);
          }}
        />
      </span>
      {shown && (
        <span id={problemId} className="field-error" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
