// Input and output: the JSONPath pipeline (InputPath → Parameters → ResultSelector → ResultPath →
// OutputPath) or JSONata's Output, and Assign in both (AWS: "Processing input and output").
import type { StateFormProps } from './form-props.ts';
import { KeyField, Section } from './fields.tsx';

const HAS_RESULT = new Set(['Task', 'Map', 'Parallel']);

export function IoFields({ state, set, jsonata }: StateFormProps) {
  const type = String(state.Type);
  if (type === 'Fail') return null;
  const field = { of: state, set };
  if (jsonata) {
    return (
      <Section title="Input / output">
        {type !== 'Choice' && (
          <KeyField
            {...field}
            name="Output"
            kind="json"
            rows={type === 'Succeed' ? 2 : 3}
            hint={type === 'Succeed' ? undefined : 'The state output, e.g. "{% $states.result.Payload %}"'}
          />
        )}
        {type !== 'Succeed' && (
          <KeyField
            {...field}
            name="Assign"
            kind="json"
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
      <KeyField {...field} name="InputPath" placeholder="$" />
      {passLike && <KeyField {...field} name="Parameters" kind="json" rows={3} />}
      {HAS_RESULT.has(type) && (
        <KeyField
          {...field}
          name="ResultSelector"
          kind="json"
          rows={3}
          hint='Picks from the raw result: { "body.$": "$.Payload" }'
        />
      )}
      {(HAS_RESULT.has(type) || type === 'Pass') && (
        <KeyField {...field} name="ResultPath" placeholder="$ (the result replaces the input)" />
      )}
      <KeyField {...field} name="OutputPath" placeholder="$" />
      {type !== 'Succeed' && <KeyField {...field} name="Assign" kind="json" rows={2} />}
    </Section>
  );
}
