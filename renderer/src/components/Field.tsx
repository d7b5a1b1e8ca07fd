import { useId, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  required?: boolean;
  error?: string;
  hint?: string;
  wide?: boolean;
  children(props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
    'aria-required'?: boolean;
  }): ReactNode;
}

/** A labelled form field: red label when required, its error shown beside it. */
export function Field({ label, required, error, hint, wide, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${wide ? ' wide' : ''}`}>
      <label htmlFor={id} className={required ? 'label required' : 'label'}>
        {label}
      </label>
      <div className="control">
        {/* aria-required, not required: our own messages explain what is missing, not the browser's. */}
        {children({
          id,
          'aria-invalid': !!error,
          'aria-describedby': error ? errorId : undefined,
          'aria-required': required,
        })}
        {error ? (
          <div id={errorId} className="field-error" role="alert">
            {error}
          </div>
        ) : (
          hint && <div className="field-hint">{hint}</div>
        )}
      </div>
    </div>
  );
}
