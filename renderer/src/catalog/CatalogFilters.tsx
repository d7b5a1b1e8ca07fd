import { useId, useState } from 'react';

/** The search box of a catalog toolbar: searches on submit, and for everything once emptied. */
export function CatalogSearch({
  label,
  placeholder,
  button,
  onSearch,
}: {
  label: string;
  placeholder: string;
  button: string;
  onSearch(text: string): void;
}) {
  const [query, setQuery] = useState('');
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(query.trim());
      }}
    >
      <input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          if (!e.target.value) onSearch('');
        }}
      />
      <button type="submit">{button}</button>
    </form>
  );
}

/** A labelled yes / no / all filter (在售, 在用): null is all. */
export function YesNoFilter({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: boolean | null;
  onChange(value: boolean | null): void;
  options: { all: string; yes: string; no: string };
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value === null ? '' : value ? '1' : '0'}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value === '1')}
      >
        <option value="">{options.all}</option>
        <option value="1">{options.yes}</option>
        <option value="0">{options.no}</option>
      </select>
    </>
  );
}
