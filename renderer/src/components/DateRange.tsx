import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateProblem } from '../../../core/input';
import { DateInput } from './DateInput';

/** One end of a date range: typed as text, applied once it is empty or a real date. */
function RangeEnd(props: { label: string; value: string; min?: string; max?: string; onChange(v: string): void }) {
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  return (
    <DateInput
      aria-label={props.label}
      value={text}
      min={props.min}
      max={props.max}
      onChange={(v) => {
        setText(v);
        if (v === '' || !dateProblem(v)) props.onChange(v);
      }}
    />
  );
}

/** A date range filter: '<label> [from] 至 [to]', both ends optional ('' = open). */
export function DateRange(props: {
  label: string;
  from: string;
  to: string;
  onChange(from: string, to: string): void;
}) {
  const { t } = useTranslation();
  return (
    <span className="table-filter" role="group" aria-label={props.label}>
      {props.label}
      <RangeEnd
        label={t('range.from', { label: props.label })}
        value={props.from}
        max={props.to || undefined}
        onChange={(v) => props.onChange(v, props.to)}
      />
      {t('range.to')}
      <RangeEnd
        label={t('range.until', { label: props.label })}
        value={props.to}
        min={props.from || undefined}
        onChange={(v) => props.onChange(props.from, v)}
      />
    </span>
  );
}
