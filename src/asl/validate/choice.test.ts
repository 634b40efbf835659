import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from './index.ts';

const S = 'SCHEMA_VALIDATION_FAILED';

function check(choices: unknown[], extra: object = {}, top: object = {}): string[][] {
  const def = {
    StartAt: 'C',
    States: { C: { Type: 'Choice', Choices: choices, Default: 'Done', ...extra }, Done: { Type: 'Succeed' } },
    ...top,
  };
  return validateDefinition(def).map((d) => [d.code, d.message, d.location ?? 'null']);
}

test('valid JSONPath rules of every family pass', () => {
  const rules = [
    { Variable: '$.s', StringEquals: 'a', Next: 'Done' },
    { Variable: '$.s', StringMatches: 'log-*.txt', Next: 'Done' },
    { Variable: '$.n', NumericGreaterThanEqualsPath: '$.m', Next: 'Done' },
    { Variable: '$.t', TimestampLessThan: '2016-03-14T01:59:00Z', Next: 'Done' },
    { Not: { Variable: '$.b', BooleanEquals: true }, Next: 'Done' },
    {
      And: [{ Variable: '$.x', IsPresent: true }, { Or: [{ Variable: '$.y', IsNull: false }] }],
      Next: 'Done',
      Assign: { seen: true },
    },
  ];
  assert.deepEqual(check(rules), []);
});

test('Choices must be a non-empty list; Default must name a state', () => {
  assert.deepEqual(check([]), [[S, 'Value cannot be empty', '/States/C/Choices']]);
  assert.deepEqual(check([{ Variable: '$.x', IsPresent: true, Next: 'Done' }], { Default: 'Ghost' }), [
    ['MISSING_TRANSITION_TARGET', "Missing 'Next' target: Ghost", '/States/C/Default'],
  ]);
});

test('top-level rules need Next, nested rules must not have it', () => {
  assert.deepEqual(check([{ Variable: '$.x', IsPresent: true }]), [
    [S, 'These fields are required: [Next]', '/States/C/Choices[0]'],
  ]);
  assert.deepEqual(check([{ Not: { Variable: '$.x', IsPresent: true, Next: 'Done' }, Next: 'Done' }]), [
    [S, "Field 'Next' is not supported", '/States/C/Choices[0]/Not'],
  ]);
  assert.deepEqual(check([{ Variable: '$.x', IsPresent: true, Next: 'Ghost' }]), [
    ['MISSING_TRANSITION_TARGET', "Missing 'Next' target: Ghost", '/States/C/Choices[0]/Next'],
  ]);
});

test('exactly one comparison per rule, with a Variable and the right operand type', () => {
  assert.deepEqual(check([{ Variable: '$.x', StringEquals: 'a', IsNull: true, Next: 'Done' }]), [
    [S, 'There should only be one of the following fields: [StringEquals, IsNull]', '/States/C/Choices[0]'],
  ]);
  assert.deepEqual(check([{ StringEquals: 'a', Next: 'Done' }]), [
    [
      S,
      'This object should have only one of the following fields: [And, Or, Not, Variable]',
      '/States/C/Choices[0]',
    ],
    [S, 'These fields are required: [Variable]', '/States/C/Choices[0]'],
  ]);
  assert.deepEqual(check([{ Variable: '$.x', NumericEquals: '1', Next: 'Done' }]), [
    [S, 'Expected value of type [NUMBER]', '/States/C/Choices[0]/NumericEquals'],
  ]);
  assert.deepEqual(check([{ Variable: '$.x', TimestampEquals: 'yesterday', Next: 'Done' }]), [
    [S, 'String does not match RFC3339 timestamp', '/States/C/Choices[0]/TimestampEquals'],
  ]);
  assert.deepEqual(check([{ Variable: '$.x', StringEqualsPath: '$.y[*]', Next: 'Done' }]), [
    [S, 'Value is not a Reference Path', '/States/C/Choices[0]/StringEqualsPath'],
  ]);
  assert.deepEqual(check([{ And: [], Next: 'Done' }]), [
    [S, 'Value cannot be empty', '/States/C/Choices[0]/And'],
  ]);
});

test('JSONata rules take Condition; JSONPath rules refuse it and vice versa', () => {
  const jsonata = { QueryLanguage: 'JSONata' };
  assert.deepEqual(
    check([{ Condition: '{% $states.input.x > 1 %}', Next: 'Done', Output: '{% 1 %}' }], {}, jsonata),
    [],
  );
  assert.deepEqual(check([{ Variable: '$.x', IsPresent: true, Next: 'Done' }], {}, jsonata), [
    [
      S,
      "The QueryLanguage is set to 'JSONata', but field 'Variable' is only supported for the 'JSONPath' QueryLanguage",
      '/States/C/Choices[0]',
    ],
    [
      S,
      "The QueryLanguage is set to 'JSONata', but field 'IsPresent' is only supported for the 'JSONPath' QueryLanguage",
      '/States/C/Choices[0]',
    ],
    [S, 'These fields are required: [Condition]', '/States/C/Choices[0]'],
  ]);
  assert.deepEqual(check([{ Condition: '{% true %}', Next: 'Done' }]), [
    [
      S,
      "The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage",
      '/States/C/Choices[0]',
    ],
    [
      S,
      'This object should have only one of the following fields: [And, Or, Not, Variable]',
      '/States/C/Choices[0]',
    ],
  ]);
});
