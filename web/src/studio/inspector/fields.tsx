// The inspector's form fields. Each edits one key of a JSON object: an empty field removes the
// key (the definition stays as small as the user wrote it).
import type { ReactNode } from 'react';
import { useId, useState } from 'react';
import type { JsonObject } from '../json-edit.ts';

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="insp-section">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

interface FieldProps<T> {
  readonly label: string;
  readonly value: T | undefined;
  readonly onChange: (value: T | undefined) => void;
  readonly hint?: string;
  readonly placeholder?: string;
}

function Labelled({
  label,
  hint,
  children,
  id,
}: {
  label: string;
  hint?: string | undefined;
  children: ReactNode;
  id: string;
}) {
  return (
    <div className="insp-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="insp-hint">{hint}</span>}
    </div>
  );
}

export function TextField({
  label,
  value,
  onChange,
  hint,
  placeholder,
  list,
}: FieldProps<string> & { list?: string }) {
  const id = useId();
  return (
    <Labelled label={label} hint={hint} id={id}>
      <input
        id={id}
        value={value ?? ''}
        placeholder={placeholder}
        spellCheck={false}
        list={list}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      />
    </Labelled>
  );
}

/** The value a number field's text stands for: a number when it reads as one, else the text. */
function numberValue(text: string): number | string | undefined {
  if (text === '') return undefined;
  const number = Number(text);
  return text.trim() !== '' && !Number.isNaN(number) ? number : text;
}

/**
 * A number, or (when typed so) a string such as a JSONata `{% … %}` expression. The text stays
 * as typed while it means the same value ("1." while typing "1.5").
 */
export function NumberField({ label, value, onChange, hint, placeholder }: FieldProps<number | string>) {
  const id = useId();
  const [draft, setDraft] = useState<string>();
  const text =
    draft !== undefined && numberValue(draft) === value ? draft : value === undefined ? '' : String(value);
  return (
    <Labelled label={label} hint={hint} id={id}>
      <input
        id={id}
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        onChange={(event) => {
          setDraft(event.target.value);
          onChange(numberValue(event.target.value));
        }}
      />
    </Labelled>
  );
}

export function SelectField({
  label,
  value,
  onChange,
  options,
  hint,
  empty,
}: FieldProps<string> & { options: readonly string[]; empty?: string }) {
  const id = useId();
  const all = value !== undefined && !options.includes(value) ? [value, ...options] : options;
  return (
    <Labelled label={label} hint={hint} id={id}>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        {empty !== undefined && <option value="">{empty}</option>}
        {all.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

const pretty = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value, null, 2));

/**
 * Any JSON value, typed as JSON. What is typed stays on screen while it does not parse; once it
 * parses the definition takes it. A change from elsewhere (undo, the code pane) replaces the text.
 */
export function JsonField({
  label,
  value,
  onChange,
  hint,
  placeholder,
  rows = 4,
}: FieldProps<unknown> & { rows?: number }) {
  const id = useId();
  const current = JSON.stringify(value);
  const [draft, setDraft] = useState<{ text: string; basis: string | undefined }>();
  const text = draft && draft.basis === current ? draft.text : pretty(value);
  let problem: string | undefined;
  if (text.trim() !== '') {
    try {
      JSON.parse(text);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  return (
    <Labelled label={label} hint={hint} id={id}>
      <textarea
        id={id}
        className={`code-input insp-json${problem ? ' invalid' : ''}`}
        spellCheck={false}
        rows={rows}
        placeholder={placeholder}
        value={text}
        onChange={(event) => {
          const typed = event.target.value;
          if (typed.trim() === '') {
            setDraft({ text: typed, basis: undefined });
            onChange(undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(typed);
            setDraft({ text: typed, basis: JSON.stringify(parsed) });
            onChange(parsed);
          } catch {
            setDraft({ text: typed, basis: current });
          }
        }}
      />
      {problem && <span className="field-error">Not JSON yet: {problem}</span>}
    </Labelled>
  );
}

/** `set` of a form: one key set in place (undefined removes it). */
type SetKey = (key: string, value: unknown) => void;

/**
 * The inspector's usual row: one key of a JSON object (a state, a Retry, a Catch) edited as
 * text, a number or JSON, labelled with the key itself (ASL's own word) unless told otherwise.
 */
export function KeyField({
  of,
  name,
  set,
  kind = 'text',
  label = name,
  hint,
  placeholder,
  rows,
}: {
  of: JsonObject;
  name: string;
  set: SetKey;
  kind?: 'text' | 'number' | 'json';
  label?: string;
  hint?: string;
  placeholder?: string;
  rows?: number;
}) {
  const value = of[name];
  const common = { label, hint, placeholder, onChange: (v: unknown) => set(name, v) };
  if (kind === 'json') return <JsonField {...common} value={value} rows={rows} />;
  if (kind === 'number') {
    const number = typeof value === 'number' || typeof value === 'string' ? value : undefined;
    return <NumberField {...common} value={number} />;
  }
  return <TextField {...common} value={typeof value === 'string' ? value : undefined} />;
}
