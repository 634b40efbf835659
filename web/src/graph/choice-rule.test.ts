import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleText, shorten } from './choice-rule.ts';

test('comparisons read like the AWS console writes them', () => {
  assert.equal(ruleText({ Variable: '$.n', NumericGreaterThanEquals: 3 }), '$.n >= 3');
  assert.equal(ruleText({ Variable: '$.s', StringEquals: 'ok' }), '$.s == "ok"');
  assert.equal(ruleText({ Variable: '$.a', NumericLessThanPath: '$.b' }), '$.a < $.b');
  assert.equal(ruleText({ Variable: '$.s', StringMatches: 'log-*' }), '$.s matches "log-*"');
  assert.equal(ruleText({ Variable: '$.x', IsPresent: false }), '$.x is not present');
});

test('And, Or and Not nest; JSONata rules show their Condition', () => {
  assert.equal(
    ruleText({
      And: [
        { Variable: '$.a', BooleanEquals: true },
        {
          Not: {
            Or: [
              { Variable: '$.b', IsNull: true },
              { Variable: '$.c', TimestampLessThan: '2025-01-01T00:00:00Z' },
            ],
          },
        },
      ],
    }),
    '($.a == true and not ($.b is null or $.c < "2025-01-01T00:00:00Z"))',
  );
  assert.equal(ruleText({ Condition: '{% $states.input.n > 1 %}' }), '{% $states.input.n > 1 %}');
  assert.equal(ruleText(42), '?');
});

test('long labels are cut to one line', () => {
  assert.equal(shorten('abcdef', 4), 'abc…');
  assert.equal(shorten('abc', 4), 'abc');
});
