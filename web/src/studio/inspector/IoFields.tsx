// Input and output: the JSONPath pipeline (InputPath → Parameters → ResultSelector → ResultPath →
// OutputPath) or JSONata's Output, and Assign in both (AWS: "Processing input and output").
import type { StateFormProps } from './form-props.ts';
import { JsonField, Section, TextField } from './fields.tsx';

const HAS_RESULT = new Set(['Task', 'Map', 'Parallel']);

export function IoFields({ state, set, jsonata }: StateFormProps) {
  const type = String(state.Type);
  if (type === 'Fail') return null;
  if (jsonata) {
    return (
      <Section title="Input / output">
        {type !== 'Choice' && type !== 'Succeed' && (
          <JsonField
            label="Output"
            value={state.Output}
            onChange={(v) => set('Output', v)}
            rows={3}
            hint='The state output, e.g. "{% $states.result.Payload %}"'
          />
        )}
        {type === 'Succeed' && (
          <JsonField label="Output" value={state.Output} onChange={(v) => set('Output', v)} rows={2} />
        )}
        {type !== 'Succeed' && (
          <JsonField
            label="Assign"
            value={state.Assign}
            onChange={(v) => set('Assign', v)}
            rows={3}
            hint='Workflow variables: { "total": "{% $states.result.total %}" }'
          />
        )}
      </Section>
    );
  }
  const passLike = type === 'Pass' || type === 'Map' || type === 'Parallel';
  return (
    <Section title="Input / output">
      <TextField
        label="InputPath"
        value={state.InputPath as string}
        onChange={(v) => set('InputPath', v)}
        placeholder="$"
      />
      {passLike && (
        <JsonField
          label="Parameters"
          value={state.Parameters}
          onChange={(v) => set('Parameters', v)}
          rows={3}
        />
      )}
      {HAS_RESULT.has(type) && (
        <JsonField
          label="ResultSelector"
          value={state.ResultSelector}
          onChange={(v) => set('ResultSelector', v)}
          rows={3}
          hint='Picks from the raw result: { "body.$": "$.Payload" }'
        />
      )}
      {(HAS_RESULT.has(type) || type === 'Pass') && (
        <TextField
          label="ResultPath"
          value={state.ResultPath as string}
          onChange={(v) => set('ResultPath', v)}
          placeholder="$ (the result replaces the input)"
        />
      )}
      <TextField
        label="OutputPath"
        value={state.OutputPath as string}
        onChange={(v) => set('OutputPath', v)}
        placeholder="$"
      />
      {type !== 'Succeed' && (
        <JsonField label="Assign" value={state.Assign} onChange={(v) => set('Assign', v)} rows={2} />
      )}
    </Section>
  );
}
