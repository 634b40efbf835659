// Retry and Catch lists (AWS: "Handling errors in Step Functions workflows").
import type { ReactNode } from 'react';
import type { JsonObject } from '../json-edit.ts';
import { isObject, listOf, withKey } from '../json-edit.ts';
import type { StateFormProps } from './form-props.ts';
import { KeyField, Section, SelectField, TextField } from './fields.tsx';

function errorsText(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : '';
}

function errorsList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function ListEditor({
  title,
  items,
  onChange,
  fresh,
  render,
}: {
  title: string;
  items: readonly unknown[];
  onChange: (items: unknown[] | undefined) => void;
  fresh: JsonObject;
  /** `update` replaces the item; `set` sets one of its keys (a KeyField's `set`). */
  render: (
    item: JsonObject,
    update: (item: JsonObject) => void,
    set: (key: string, value: unknown) => void,
  ) => ReactNode;
}) {
  const update = (index: number, item: JsonObject): void =>
    onChange(items.map((old, i) => (i === index ? item : old)));
  const remove = (index: number): void => {
    const rest = items.filter((_, i) => i !== index);
    onChange(rest.length === 0 ? undefined : rest);
  };
  return (
    <div className="insp-list" data-testid={`${title.toLowerCase()}-list`}>
      {items.map((item, index) =>
        isObject(item) ? (
          <div className="insp-item" key={index}>
            <div className="insp-item-head">
              <strong>
                {title} #{index + 1}
              </strong>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Remove ${title.toLowerCase()} ${index + 1}`}
                onClick={() => remove(index)}
              >
                Remove
              </button>
            </div>
            {render(
              item,
              (next) => update(index, next),
              (key, value) => update(index, withKey(item, key, value)),
            )}
          </div>
        ) : null,
      )}
      <button type="button" className="btn btn-small" onClick={() => onChange([...items, fresh])}>
        Add {title.toLowerCase()}
      </button>
    </div>
  );
}

const RETRY_HINT = 'Comma separated: States.Timeout, Lambda.ServiceException, States.ALL';

/** ErrorEquals typed as a comma-separated list. */
function ErrorsField({
  item,
  update,
  hint,
}: {
  item: JsonObject;
  update: (item: JsonObject) => void;
  hint?: string;
}) {
  return (
    <TextField
      label="ErrorEquals"
      value={errorsText(item.ErrorEquals)}
      onChange={(v) => update(withKey(item, 'ErrorEquals', errorsList(v)))}
      hint={hint}
    />
  );
}

export function ErrorHandling({ state, set, names, jsonata }: StateFormProps) {
  if (!['Task', 'Map', 'Parallel'].includes(String(state.Type))) return null;
  const retry = listOf(state.Retry);
  const catchers = listOf(state.Catch);
  return (
    <Section title="Error handling">
      <ListEditor
        title="Retry"
        items={retry}
        onChange={(v) => set('Retry', v)}
        fresh={{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }}
        render={(item, update, setKey) => (
          <>
            <ErrorsField item={item} update={update} hint={RETRY_HINT} />
            <div className="insp-row">
              <KeyField of={item} set={setKey} name="IntervalSeconds" kind="number" placeholder="1" />
              <KeyField of={item} set={setKey} name="MaxAttempts" kind="number" placeholder="3" />
              <KeyField of={item} set={setKey} name="BackoffRate" kind="number" placeholder="2.0" />
            </div>
            <div className="insp-row">
              <KeyField of={item} set={setKey} name="MaxDelaySeconds" kind="number" />
              <SelectField
                label="JitterStrategy"
                value={item.JitterStrategy as string}
                options={['FULL', 'NONE']}
                empty="(none)"
                onChange={(v) => setKey('JitterStrategy', v)}
              />
            </div>
          </>
        )}
      />
      <ListEditor
        title="Catch"
        items={catchers}
        onChange={(v) => set('Catch', v)}
        fresh={{ ErrorEquals: ['States.ALL'], Next: names[0] ?? '' }}
        render={(item, update, setKey) => (
          <>
            <ErrorsField item={item} update={update} />
            <SelectField
              label="Next"
              value={item.Next as string}
              options={names}
              onChange={(v) => setKey('Next', v ?? '')}
            />
            {jsonata ? (
              <KeyField of={item} set={setKey} name="Output" placeholder="{% $states.errorOutput %}" />
            ) : (
              <KeyField
                of={item}
                set={setKey}
                name="ResultPath"
                placeholder="$ (the error output replaces the input)"
              />
            )}
          </>
        )}
      />
    </Section>
  );
}
