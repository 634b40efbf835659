// The selected state's forms: name (rename: references follow), its type's configuration,
// transitions, Choice rules, input/output and error handling.
import { useId, useState } from 'react';
import { duplicateState, renameProblem, renameState, replaceState, setStartAt } from '../edit-ops.ts';
import type { JsonObject } from '../json-edit.ts';
import { withKey } from '../json-edit.ts';
import type { ScopedState } from '../scope.ts';
import { startAtOf, stateAt, statesOf } from '../scope.ts';
import { isTerminal, setNext } from '../transitions.ts';
import { ChoiceRules } from './ChoiceRules.tsx';
import { ConfigFields } from './ConfigFields.tsx';
import { ErrorHandling } from './ErrorHandling.tsx';
import type { StateFormProps } from './form-props.ts';
import { IoFields } from './IoFields.tsx';
import { Section, SelectField } from './fields.tsx';
import { TestPanel } from './TestPanel.tsx';

export interface InspectorProps {
  readonly definition: JsonObject;
  readonly selected: ScopedState;
  readonly onEdit: (definition: JsonObject, options?: { select?: ScopedState; tag?: string }) => void;
  readonly onDelete: () => void;
}

function NameField({ definition, selected, onEdit }: Omit<InspectorProps, 'onDelete'>) {
  const id = useId();
  const [draft, setDraft] = useState<{ for: string; text: string }>();
  const text = draft?.for === selected.name ? draft.text : selected.name;
  const problem = renameProblem(definition, selected.name, text);
  const commit = (): void => {
    if (problem || text === selected.name) return setDraft(undefined);
    onEdit(renameState(definition, selected.scope, selected.name, text), {
      select: { scope: selected.scope, name: text },
    });
    setDraft(undefined);
  };
  return (
    <div className="insp-field">
      <label htmlFor={id}>State name</label>
      <input
        id={id}
        value={text}
        onChange={(event) => setDraft({ for: selected.name, text: event.target.value })}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(undefined);
        }}
      />
      {problem && <span className="field-error">{problem}</span>}
    </div>
  );
}

function FlowFields({ state, replace, names }: StateFormProps) {
  if (isTerminal(state) || state.Type === 'Choice') return null;
  const END = '(end of the workflow)';
  return (
    <Section title="Transition">
      <SelectField
        label="Next state"
        value={typeof state.Next === 'string' ? state.Next : END}
        options={[END, ...names]}
        onChange={(v) => replace(setNext(state, v === END ? undefined : v))}
      />
    </Section>
  );
}

export function Inspector({ definition, selected, onEdit, onDelete }: InspectorProps) {
  const state = stateAt(definition, selected.scope, selected.name);
  if (!state) return <p className="muted">The selected state is gone.</p>;
  const { scope, name } = selected;
  const names = Object.keys(statesOf(definition, scope)).filter((other) => other !== name);
  const language = state.QueryLanguage ?? definition.QueryLanguage;
  const isStart = startAtOf(definition, scope) === name;
  const props: StateFormProps = {
    definition,
    name,
    state,
    names,
    jsonata: language === 'JSONata',
    set: (key, value) =>
      onEdit(replaceState(definition, scope, name, withKey(state, key, value)), { tag: `${name}/${key}` }),
    replace: (next) => onEdit(replaceState(definition, scope, name, next)),
  };
  return (
    <div className="inspector" data-testid="inspector" data-state={name}>
      <div className="insp-head">
        <span className={`type-chip type-${String(state.Type).toLowerCase()}`}>{String(state.Type)}</span>
        {isStart ? (
          <span className="muted">Start state</span>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => onEdit(setStartAt(definition, scope, name))}
          >
            Set as start
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            const copy = duplicateState(definition, scope, name);
            onEdit(copy.definition, { select: { scope, name: copy.name } });
          }}
        >
          Duplicate
        </button>
        <button type="button" className="btn btn-small btn-danger" onClick={onDelete}>
          Delete state
        </button>
      </div>
      <NameField definition={definition} selected={selected} onEdit={onEdit} />
      <ConfigFields {...props} />
      {state.Type === 'Choice' && <ChoiceRules {...props} />}
      <FlowFields {...props} />
      <IoFields {...props} />
      <ErrorHandling {...props} />
      <TestPanel key={name} definition={definition} state={state} />
    </div>
  );
}
