// A Choice's rules as conditions: comparisons, And/Or/Not of them, or JSONata Conditions, each
// rule with its Next; and the Default (AWS: "Choice workflow state").
import type { JsonObject } from '../json-edit.ts';
import { isObject, listOf, withKey } from '../json-edit.ts';
import type { RuleKind } from '../choice-model.ts';
import {
  comparisonOf,
  convertRule,
  OPERATORS,
  operandKind,
  parseOperand,
  ruleKind,
  withComparison,
} from '../choice-model.ts';
import type { StateFormProps } from './form-props.ts';
import { JsonField, Section, SelectField, TextField } from './fields.tsx';

const KINDS: readonly RuleKind[] = ['Comparison', 'And', 'Or', 'Not', 'Condition'];

/** One condition: its kind, and what that kind holds (nested conditions for And/Or/Not). */
function Condition({
  rule,
  onChange,
  depth,
}: {
  rule: JsonObject;
  onChange: (rule: JsonObject) => void;
  depth: number;
}) {
  const kind = ruleKind(rule);
  const kinds = depth === 0 ? KINDS : KINDS.filter((k) => k !== 'Condition');
  return (
    <div className={`insp-condition depth-${Math.min(depth, 3)}`}>
      <SelectField
        label="Condition"
        value={kind}
        options={kinds}
        onChange={(v) => v && onChange(convertRule(rule, v as RuleKind))}
      />
      {kind === 'Condition' && (
        <TextField
          label="JSONata condition"
          value={rule.Condition as string}
          onChange={(v) => onChange(withKey(rule, 'Condition', v ?? ''))}
          placeholder="{% $states.input.total > 100 %}"
        />
      )}
      {kind === 'Comparison' && <ComparisonFields rule={rule} onChange={onChange} />}
      {kind === 'Not' && isObject(rule.Not) && (
        <Condition
          rule={rule.Not}
          depth={depth + 1}
          onChange={(inner) => onChange(withKey(rule, 'Not', inner))}
        />
      )}
      {(kind === 'And' || kind === 'Or') && (
        <Combination
          list={rule[kind] as unknown[]}
          depth={depth}
          onChange={(list) => onChange(withKey(rule, kind, list))}
        />
      )}
    </div>
  );
}

function Combination({
  list,
  depth,
  onChange,
}: {
  list: unknown[];
  depth: number;
  onChange: (list: unknown[]) => void;
}) {
  return (
    <div className="insp-combination">
      {list.map((inner, index) =>
        isObject(inner) ? (
          <div key={index} className="insp-nested">
            <Condition
              rule={inner}
              depth={depth + 1}
              onChange={(next) => onChange(list.map((old, i) => (i === index ? next : old)))}
            />
            {list.length > 1 && (
              <button
                type="button"
                className="btn btn-small"
                onClick={() => onChange(list.filter((_, i) => i !== index))}
              >
                Remove condition
              </button>
            )}
          </div>
        ) : null,
      )}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange([...list, { Variable: '$.value', IsPresent: true }])}
      >
        Add condition
      </button>
    </div>
  );
}

function ComparisonFields({ rule, onChange }: { rule: JsonObject; onChange: (rule: JsonObject) => void }) {
  const { variable, operator, operand } = comparisonOf(rule);
  const kind = operandKind(operator);
  return (
    <div className="insp-row">
      <TextField
        label="Variable"
        value={variable}
        onChange={(v) => onChange(withComparison(rule, { variable: v ?? '' }))}
        placeholder="$.status"
      />
      <SelectField
        label="Operator"
        value={operator}
        options={OPERATORS}
        onChange={(v) => v && onChange(withComparison(rule, { operator: v }))}
      />
      {kind === 'boolean' ? (
        <SelectField
          label="Value"
          value={String(operand)}
          options={['true', 'false']}
          onChange={(v) => onChange(withComparison(rule, { operand: v === 'true' }))}
        />
      ) : (
        <TextField
          label="Value"
          value={typeof operand === 'string' || typeof operand === 'number' ? String(operand) : ''}
          onChange={(v) => onChange(withComparison(rule, { operand: parseOperand(operator, v ?? '') }))}
        />
      )}
    </div>
  );
}

export function ChoiceRules({ state, set, names, jsonata }: StateFormProps) {
  const rules = listOf(state.Choices);
  const setRule = (index: number, rule: JsonObject): void =>
    set(
      'Choices',
      rules.map((old, i) => (i === index ? rule : old)),
    );
  const fresh = jsonata ? { Condition: '{% true %}' } : { Variable: '$.value', IsPresent: true };
  return (
    <Section title="Choice rules">
      {rules.map((rule, index) =>
        isObject(rule) ? (
          <div key={index} className="insp-item" data-testid="choice-rule">
            <div className="insp-item-head">
              <strong>Rule #{index + 1}</strong>
              <button
                type="button"
                className="btn btn-small"
                aria-label={`Remove rule ${index + 1}`}
                onClick={() =>
                  set(
                    'Choices',
                    rules.filter((_, i) => i !== index),
                  )
                }
              >
                Remove
              </button>
            </div>
            <Condition rule={rule} depth={0} onChange={(next) => setRule(index, next)} />
            <SelectField
              label="Then go to"
              value={rule.Next as string}
              options={names}
              empty="(choose a state)"
              onChange={(v) => setRule(index, withKey(rule, 'Next', v))}
            />
            {(rule.Assign !== undefined || jsonata) && (
              <JsonField
                label="Assign"
                value={rule.Assign}
                rows={2}
                onChange={(v) => setRule(index, withKey(rule, 'Assign', v))}
              />
            )}
          </div>
        ) : null,
      )}
      <button type="button" className="btn btn-small" onClick={() => set('Choices', [...rules, fresh])}>
        Add rule
      </button>
      <SelectField
        label="Default"
        value={state.Default as string}
        options={names}
        empty="(no default: States.NoChoiceMatched)"
        onChange={(v) => set('Default', v)}
      />
    </Section>
  );
}
