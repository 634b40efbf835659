import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from './json.ts';
import { variableReferences } from './variable-references.ts';

describe('variableReferences (DescribeStateMachine)', () => {
  it('lists what each JSONata state reads: not $states, not functions, not names it binds', () => {
    const definition: JsonObject = {
      QueryLanguage: 'JSONata',
      StartAt: 'Price',
      States: {
        Price: {
          Type: 'Pass',
          Output: {
            total: '{% $sum($items.price) * $rate %}',
            first: '{% ($n := 1; $items[$n]) %}',
            input: '{% $states.input %}',
          },
          Assign: { seen: '{% $map($items, function($i) { $i.id & $suffix }) %}' },
          Next: 'Check',
        },
        Check: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $rate > 1 %}', Next: 'Done' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed', Comment: 'reads nothing' },
      },
    };
    assert.deepEqual(variableReferences(definition), {
      Price: ['items', 'rate', 'suffix'],
      Check: ['rate'],
    });
  });

  it('finds $name in JSONPath paths, payload templates and intrinsic arguments, not in literals', () => {
    const definition: JsonObject = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Parameters: { 'order.$': '$order.id', 'note.$': "States.Format('costs $5 for {}', $customer)" },
          Branches: [
            {
              StartAt: 'Inner',
              States: {
                Inner: {
                  Type: 'Choice',
                  Choices: [
                    { Variable: '$limit', NumericGreaterThanPath: '$$.Execution.Input.x', Next: 'X' },
                  ],
                  Default: 'X',
                },
                X: { Type: 'Pass', Result: { literal: '$notAReference' }, End: true },
              },
            },
          ],
          End: true,
        },
      },
    };
    assert.deepEqual(variableReferences(definition), {
      Fan: ['order', 'customer'],
      Inner: ['limit'],
    });
  });

  it('reads `{% %}` as JSONata only in JSONata states', () => {
    assert.deepEqual(
      variableReferences({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Parameters: { text: '{% $x %}' }, Next: 'B' },
          B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $y %}', End: true },
        },
      }),
      { B: ['y'] },
    );
  });
});
