import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/i18n';

/** A labelled text input with its hint and its error, tied together for screen readers. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  type = 'text',
  lang,
  readOnly,
  autoComplete,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  type?: string;
  lang?: string;
  readOnly?: boolean;
  autoComplete?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        type={type}
        lang={lang}
        value={value}
        readOnly={readOnly}
        autoComplete={autoComplete ?? 'off'}
        maxLength={254}
        aria-invalid={!!error || undefined}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A search form: the text goes to the URL when submitted. */
export function SearchBox({
  id,
  label,
  value,
  onSearch,
}: {
  id: string;
  label: string;
  value: string | undefined;
  onSearch: (q: string | undefined) => void;
}) {
  const t = useT();
  const [text, setText] = useState(value ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim() || undefined);
  };
  return (
    <form role="search" className="filters" onSubmit={submit} aria-label={label}>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input id={id} type="search" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="button button--secondary">
        {t('admin.search')}
      </button>
    </form>
  );
}

/**
 * After the service refused a form: focus the first field (in `ids` order, the form's order)
 * it named, so a keyboard or screen-reader user lands on what to fix.
 */
export function focusFirstError(
  byField: Partial<Record<string, unknown>>,
  ids: Record<string, string>,
) {
  const first = Object.keys(ids).find((field) => byField[field]);
  if (first) document.getElementById(ids[first])?.focus();
}
