import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  comparisonOf,
  convertRule,
  OPERATORS,
  operandKind,
  parseOperand,
  ruleKind,
  withComparison,
} from './choice-model.ts';

test('operators: all the typed ones, their Path forms and the type tests', () => {
  for (const op of [
    'StringEquals',
    'NumericLessThanEqualsPath',
    'TimestampGreaterThan',
    'BooleanEqualsPath',
    'StringMatches',
    'IsTimestamp',
  ]) {
    assert.ok(OPERATORS.includes(op), op);
  }
  assert.equal(operandKind('NumericEquals'), 'number');
  assert.equal(operandKind('NumericEqualsPath'), 'path');
  assert.equal(operandKind('IsPresent'), 'boolean');
  assert.equal(parseOperand('NumericEquals', '200'), 200);
  assert.equal(parseOperand('StringEquals', '200'), '200');
});

test('a comparison is edited in place; changing operator keeps a fitting operand', () => {
  const rule = { Variable: '$.a', NumericEquals: 1, Next: 'X' };
  assert.deepEqual(comparisonOf(rule), { variable: '$.a', operator: 'NumericEquals', operand: 1 });
  const changed = withComparison(rule, { operator: 'NumericGreaterThan' });
  assert.deepEqual(changed, { Variable: '$.a', NumericGreaterThan: 1, Next: 'X' });
  assert.deepEqual(Object.keys(withComparison(rule, { operator: 'StringEquals' })), [
    'Variable',
    'StringEquals',
    'Next',
  ]);
  assert.equal(withComparison(rule, { operator: 'StringEquals' }).StringEquals, '');
  assert.deepEqual(withComparison(rule, { variable: '$.b', operand: 5 }), {
    Variable: '$.b',
    NumericEquals: 5,
    Next: 'X',
  });
});

test('rules convert between comparison, And/Or/Not and Condition, keeping Next last', () => {
  const rule = { Variable: '$.a', IsNull: true, Next: 'X' };
  const and = convertRule(rule, 'And');
  assert.deepEqual(and, { And: [{ Variable: '$.a', IsNull: true }], Next: 'X' });
  assert.equal(ruleKind(and), 'And');
  assert.deepEqual(convertRule(and, 'Comparison'), { Variable: '$.value', IsPresent: true, Next: 'X' });
  assert.deepEqual(convertRule(rule, 'Not'), { Not: { Variable: '$.a', IsNull: true }, Next: 'X' });
  assert.deepEqual(convertRule(rule, 'Condition'), { Condition: '{% true %}', Next: 'X' });
  assert.equal(convertRule(rule, 'Comparison'), rule);
});
