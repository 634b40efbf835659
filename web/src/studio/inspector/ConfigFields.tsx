// The Configuration section: the fields of each state type (AWS's "States" reference pages).
import { uniqueName } from '../edit-ops.ts';
import { listOf, replaceKey } from '../json-edit.ts';
import { TEMPLATES } from '../templates.ts';
import type { StateFormProps } from './form-props.ts';
import { JsonField, NumberField, Section, SelectField, TextField } from './fields.tsx';

const RESOURCES = [
  ...new Set(
    TEMPLATES.filter((t) => t.group === 'Task').map((t) => String(t.state('JSONPath', t.name).Resource)),
  ),
];

const WAIT_KEYS = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'] as const;

function TaskFields({ state, set, jsonata }: StateFormProps) {
  const args = jsonata ? 'Arguments' : 'Parameters';
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
      <JsonField
        label={args}
        value={state[args]}
        onChange={(v) => set(args, v)}
        rows={6}
        hint={
          jsonata
            ? 'JSONata: write expressions as "{% $states.input.id %}"'
            : 'JSONPath: a key ending in .$ takes a path, e.g. "Payload.$": "$"'
        }
      />
      <NumberField
        label="TimeoutSeconds"
        value={state.TimeoutSeconds as number}
        onChange={(v) => set('TimeoutSeconds', v)}
        placeholder="60 (default 99999999)"
      />
      <NumberField
        label="HeartbeatSeconds"
        value={state.HeartbeatSeconds as number}
        onChange={(v) => set('HeartbeatSeconds', v)}
      />
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
  return (
    <>
      {jsonata ? (
        <JsonField
          label="Items"
          value={state.Items}
          onChange={(v) => set('Items', v)}
          rows={2}
          hint='An array or "{% $states.input.items %}"'
        />
      ) : (
        <TextField
          label="ItemsPath"
          value={state.ItemsPath as string}
          onChange={(v) => set('ItemsPath', v)}
          placeholder="$"
        />
      )}
      <JsonField
        label="ItemSelector"
        value={state.ItemSelector}
        onChange={(v) => set('ItemSelector', v)}
        rows={3}
      />
      <NumberField
        label="MaxConcurrency"
        value={state.MaxConcurrency as number}
        onChange={(v) => set('MaxConcurrency', v)}
        placeholder="0 (no limit)"
      />
      <NumberField
        label="ToleratedFailurePercentage"
        value={state.ToleratedFailurePercentage as number}
        onChange={(v) => set('ToleratedFailurePercentage', v)}
      />
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
          <JsonField
            label="Result"
            value={state.Result}
            onChange={(v) => set('Result', v)}
            hint="A fixed output instead of the input"
          />
        );
      case 'Fail':
        return (
          <>
            <TextField
              label="Error"
              value={state.Error as string}
              onChange={(v) => set('Error', v)}
              placeholder="MyError"
            />
            <TextField label="Cause" value={state.Cause as string} onChange={(v) => set('Cause', v)} />
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
      <TextField label="Comment" value={state.Comment as string} onChange={(v) => set('Comment', v)} />
    </Section>
  );
}
