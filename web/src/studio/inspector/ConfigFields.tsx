// The Configuration section: the fields of each state type (AWS's "States" reference pages).
import { uniqueName } from '../edit-ops.ts';
import { listOf, replaceKey } from '../json-edit.ts';
import { TEMPLATES } from '../templates.ts';
import type { StateFormProps } from './form-props.ts';
import { JsonField, KeyField, NumberField, Section, SelectField, TextField } from './fields.tsx';

const RESOURCES = [
  ...new Set(
    TEMPLATES.filter((t) => t.group === 'Task').map((t) => String(t.state('JSONPath', t.name).Resource)),
  ),
];

const WAIT_KEYS = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'] as const;

function TaskFields({ state, set, jsonata }: StateFormProps) {
  const args = jsonata ? 'Arguments' : 'Parameters';
  const field = { of: state, set };
  return (
    <>
      <TextField
        label="Resource"
        value={state.Resource as string}
        onChange={(v) => set('Resource', v)}
        list="studio-resources"
        hint="An ARN: arn:aws:states:::lambda:invoke, an activity, http:invoke, aws-sdk:…"
      />
      <datalist id="studio-resources">
        {RESOURCES.map((resource) => (
          <option key={resource} value={resource} />
        ))}
      </datalist>
      <KeyField
        {...field}
        name={args}
        kind="json"
        rows={6}
        hint={
          jsonata
            ? 'JSONata: write expressions as "{% $states.input.id %}"'
            : 'JSONPath: a key ending in .$ takes a path, e.g. "Payload.$": "$"'
        }
      />
      <KeyField {...field} name="TimeoutSeconds" kind="number" placeholder="60 (default 99999999)" />
      <KeyField {...field} name="HeartbeatSeconds" kind="number" />
    </>
  );
}

function WaitFields({ state, replace }: StateFormProps) {
  const mode = WAIT_KEYS.find((key) => key in state) ?? 'Seconds';
  const isNumber = mode === 'Seconds';
  return (
    <>
      <SelectField
        label="Wait for"
        value={mode}
        options={WAIT_KEYS}
        onChange={(next) =>
          next &&
          replace(
            replaceKey(
              state,
              mode,
              next,
              next === 'Seconds' ? 5 : next === 'Timestamp' ? '2030-01-01T00:00:00Z' : '$.',
            ),
          )
        }
      />
      {isNumber ? (
        <NumberField
          label="Seconds"
          value={state.Seconds as number}
          onChange={(v) => replace(replaceKey(state, 'Seconds', 'Seconds', v ?? 0))}
        />
      ) : (
        <TextField
          label={mode}
          value={state[mode] as string}
          onChange={(v) => replace(replaceKey(state, mode, mode, v ?? ''))}
        />
      )}
    </>
  );
}

function MapFields({ state, set, jsonata }: StateFormProps) {
  const field = { of: state, set };
  return (
    <>
      {jsonata ? (
        <KeyField
          {...field}
          name="Items"
          kind="json"
          rows={2}
          hint='An array or "{% $states.input.items %}"'
        />
      ) : (
        <KeyField {...field} name="ItemsPath" placeholder="$" />
      )}
      <KeyField {...field} name="ItemSelector" kind="json" rows={3} />
      <KeyField {...field} name="MaxConcurrency" kind="number" placeholder="0 (no limit)" />
      <KeyField {...field} name="ToleratedFailurePercentage" kind="number" />
      <JsonField
        label="ItemProcessor"
        value={state.ItemProcessor ?? state.Iterator}
        onChange={(v) => set(state.Iterator !== undefined ? 'Iterator' : 'ItemProcessor', v)}
        rows={6}
        hint="Edit its states on the canvas; ProcessorConfig sets INLINE or DISTRIBUTED"
      />
    </>
  );
}

function ParallelFields({ definition, name: stateName, state, set }: StateFormProps) {
  const branches = listOf(state.Branches);
  const addBranch = (): void => {
    const name = uniqueName(definition, `${stateName} branch ${branches.length + 1}`);
    set('Branches', [...branches, { StartAt: name, States: { [name]: { Type: 'Pass', End: true } } }]);
  };
  return (
    <>
      <p className="muted">
        {branches.length} branch{branches.length === 1 ? '' : 'es'}: add states to them on the canvas.
      </p>
      <button type="button" className="btn btn-small" onClick={addBranch}>
        Add branch
      </button>
    </>
  );
}

export function ConfigFields(props: StateFormProps) {
  const { state, set, jsonata } = props;
  const field = { of: state, set };
  const body = (() => {
    switch (state.Type) {
      case 'Task':
        return <TaskFields {...props} />;
      case 'Wait':
        return <WaitFields {...props} />;
      case 'Map':
        return <MapFields {...props} />;
      case 'Parallel':
        return <ParallelFields {...props} />;
      case 'Pass':
        return jsonata ? null : (
          <KeyField {...field} name="Result" kind="json" hint="A fixed output instead of the input" />
        );
      case 'Fail':
        return (
          <>
            <KeyField {...field} name="Error" placeholder="MyError" />
            <KeyField {...field} name="Cause" />
          </>
        );
      default:
        return null;
    }
  })();
  return (
    <Section title="Configuration">
      {body}
      <SelectField
        label="Query language"
        value={state.QueryLanguage as string}
        options={['JSONPath', 'JSONata']}
        empty="As the state machine"
        onChange={(v) => set('QueryLanguage', v)}
      />
      <KeyField {...field} name="Comment" />
    </Section>
  );
}
