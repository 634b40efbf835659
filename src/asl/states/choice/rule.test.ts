import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AslFailure } from '../../errors/failure.ts';
import type { Json, JsonObject } from '../../json.ts';
import type { Scope } from '../../query/scope.ts';
import { compileChoiceRule, compileChoices, NO_CHOICE_MATCHED_CAUSE } from './index.ts';

function scopeOf(input: Json, variables: JsonObject = {}, context: Json = {}): Scope {
  return {
    input,
    context,
    variable: (name) => variables[name],
    random: () => 0.5,
    uuid: () => '00000000-0000-4000-8000-000000000000',
  };
}

/** Evaluates `{Variable: "$.v", [operator]: operand}` against `{v: value, ...extra}`. */
function check(operator: string, operand: Json, value: Json, extra: JsonObject = {}): boolean {
  return compileChoiceRule({ Variable: '$.v', [operator]: operand })(scopeOf({ v: value, ...extra }));
}

const T0 = '2012-10-09T19:00:55Z';
const T1 = '2012-10-09T19:00:56Z';

describe('comparison operators', () => {
  const table: [string, Json, Json, boolean][] = [
    ['StringEquals', 'abc', 'abc', true],
    ['StringEquals', 'abc', 'abd', false],
    ['StringEquals', '1', 1, false],
    ['StringLessThan', 'AB', 'A', true],
    ['StringLessThan', 'A', 'A', false],
    ['StringLessThan', 'B', 'a', false], // no case folding: 'B' (66) < 'a' (97)
    ['StringLessThan', '\uFFFF', '\u{1F600}', true], // UTF-16 code units, as Java compares
    ['StringGreaterThan', 'A', 'AB', true],
    ['StringGreaterThan', 'A', null, false],
    ['StringLessThanEquals', 'A', 'A', true],
    ['StringLessThanEquals', 'A', 'B', false],
    ['StringGreaterThanEquals', 'A', 'A', true],
    ['StringGreaterThanEquals', 'B', 'A', false],
    ['NumericEquals', 1, 1.0, true],
    ['NumericEquals', 1, 1.1, false],
    ['NumericEquals', 0, false, false],
    ['NumericEquals', 1, '1', false],
    ['NumericLessThan', 1, 0.5, true],
    ['NumericLessThan', 1, 1, false],
    ['NumericGreaterThan', 1, 1.5, true],
    ['NumericGreaterThan', 1, -2, false],
    ['NumericLessThanEquals', 1, 1, true],
    ['NumericLessThanEquals', 1, 2, false],
    ['NumericGreaterThanEquals', -1.5, -1.5, true],
    ['NumericGreaterThanEquals', 0, -0.1, false],
    ['BooleanEquals', true, true, true],
    ['BooleanEquals', false, false, true],
    ['BooleanEquals', true, false, false],
    ['BooleanEquals', true, 'true', false],
    ['BooleanEquals', false, 0, false],
    ['TimestampEquals', T0, T0, true],
    ['TimestampEquals', T0, '2012-10-09T20:00:55+01:00', true],
    ['TimestampEquals', T0, T1, false],
    ['TimestampEquals', T0, '2012-10-09T19:00:55', false],
    ['TimestampEquals', T0, 1349809255, false],
    ['TimestampLessThan', T1, T0, true],
    ['TimestampLessThan', T0, T0, false],
    ['TimestampGreaterThan', T0, T1, true],
    ['TimestampGreaterThan', T1, T0, false],
    ['TimestampLessThanEquals', T0, T0, true],
    ['TimestampLessThanEquals', T0, T1, false],
    ['TimestampGreaterThanEquals', T1, T1, true],
    ['TimestampGreaterThanEquals', T1, T0, false],
  ];
  for (const [operator, operand, value, expected] of table) {
    it(`${JSON.stringify(value)} ${operator} ${JSON.stringify(operand)} is ${expected}`, () => {
      assert.equal(check(operator, operand, value), expected);
      // The ...Path form reads the same operand from the input.
      assert.equal(check(`${operator}Path`, '$.w', value, { w: operand }), expected);
    });
  }

  it('compares false when the Path operand has the wrong type', () => {
    assert.equal(check('NumericEqualsPath', '$.w', 1, { w: '1' }), false);
    assert.equal(check('TimestampLessThanPath', '$.w', T0, { w: 'tomorrow' }), false);
  });

  it('reads Path operands and Variable from the context object and variables', () => {
    const rule = compileChoiceRule({ Variable: '$limit', NumericGreaterThanPath: '$$.Execution.Min' });
    assert.equal(rule(scopeOf({}, { limit: 5 }, { Execution: { Min: 3 } })), true);
    assert.equal(rule(scopeOf({}, { limit: 2 }, { Execution: { Min: 3 } })), false);
  });

  it('compares nested values, not just top-level fields', () => {
    const rule = compileChoiceRule({ Variable: '$.a.b', StringEquals: 'x' });
    assert.equal(rule(scopeOf({ a: { b: 'x' } })), true);
  });
});

describe('StringMatches', () => {
  it('matches strings with wildcards and is false for other types', () => {
    assert.equal(check('StringMatches', 'log-*.txt', 'log-2024.txt'), true);
    assert.equal(check('StringMatches', 'log-*.txt', 'log-2024.csv'), false);
    assert.equal(check('StringMatches', '*', 12), false);
    assert.equal(check('StringMatches', '*', null), false);
  });
});

describe('type tests', () => {
  const values: Json[] = [null, 0, 1.1, '', 'HelloWorld', T0, '2012-10-09T19:00:55', [], {}, true, false];
  const expectations: Record<string, (value: Json) => boolean> = {
    IsNull: (v) => v === null,
    IsNumeric: (v) => typeof v === 'number',
    IsString: (v) => typeof v === 'string',
    IsBoolean: (v) => typeof v === 'boolean',
    IsTimestamp: (v) => v === T0,
    IsPresent: () => true,
  };
  for (const [operator, expected] of Object.entries(expectations)) {
    it(`${operator}: true tests the type, false its absence`, () => {
      for (const value of values) {
        assert.equal(check(operator, true, value), expected(value), `${operator} ${JSON.stringify(value)}`);
        assert.equal(
          check(operator, false, value),
          !expected(value),
          `${operator} false ${JSON.stringify(value)}`,
        );
      }
    });
  }

  it('IsPresent is the one operator that accepts a missing Variable', () => {
    const present = compileChoiceRule({ Variable: '$.missing', IsPresent: true });
    const absent = compileChoiceRule({ Variable: '$.missing', IsPresent: false });
    assert.equal(present(scopeOf({})), false);
    assert.equal(absent(scopeOf({})), true);
    assert.equal(compileChoiceRule({ Variable: '$undefinedVar', IsPresent: false })(scopeOf({})), true);
  });
});

describe('missing paths', () => {
  const expectInvalidPath = (fn: () => unknown, path: string) =>
    assert.throws(fn, (error: unknown) => {
      assert.ok(error instanceof AslFailure);
      assert.equal(error.error, 'States.Runtime');
      assert.equal(
        error.cause,
        `Invalid path '${path}': The choice state's condition path references an invalid value.`,
      );
      return true;
    });

  it('fails with States.Runtime when Variable selects nothing', () => {
    for (const operator of ['IsNull', 'IsString', 'IsNumeric', 'IsBoolean', 'IsTimestamp']) {
      expectInvalidPath(() => compileChoiceRule({ Variable: '$.x', [operator]: false })(scopeOf({})), '$.x');
    }
    expectInvalidPath(() => compileChoiceRule({ Variable: '$.x', NumericEquals: 1 })(scopeOf({})), '$.x');
    expectInvalidPath(() => compileChoiceRule({ Variable: '$.x', StringMatches: '*' })(scopeOf({})), '$.x');
    expectInvalidPath(
      () => compileChoiceRule({ Variable: '$nope', BooleanEquals: true })(scopeOf({})),
      '$nope',
    );
  });

  it('fails with States.Runtime when a ...Path operand selects nothing', () => {
    const rule = compileChoiceRule({ Variable: '$.v', NumericEqualsPath: '$.w' });
    expectInvalidPath(() => rule(scopeOf({ v: 1 })), '$.w');
    // Even when the variable has the wrong type for the comparison.
    expectInvalidPath(() => rule(scopeOf({ v: 'one' })), '$.w');
  });

  it('a null value is present, not missing', () => {
    assert.equal(compileChoiceRule({ Variable: '$.x', IsNull: true })(scopeOf({ x: null })), true);
  });
});

describe('boolean expressions', () => {
  const inTwenties = compileChoiceRule({
    And: [
      { Variable: '$.value', IsPresent: true },
      { Variable: '$.value', IsNumeric: true },
      { Variable: '$.value', NumericGreaterThanEquals: 20 },
      { Variable: '$.value', NumericLessThan: 30 },
    ],
  });

  it('And needs every rule, and stops at the first false one', () => {
    assert.equal(inTwenties(scopeOf({ value: 22 })), true);
    assert.equal(inTwenties(scopeOf({ value: 30 })), false);
    // IsPresent is false first, so the missing path of the later rules is never read.
    assert.equal(inTwenties(scopeOf({})), false);
  });

  it('Or needs one rule, and stops at the first true one', () => {
    const rule = compileChoiceRule({
      Or: [
        { Variable: '$.a', StringEquals: 'x' },
        { Variable: '$.missing', StringEquals: 'y' },
      ],
    });
    assert.equal(rule(scopeOf({ a: 'x' })), true);
    assert.throws(() => rule(scopeOf({ a: 'z' })), AslFailure);
  });

  it('Not inverts, and nests with And/Or', () => {
    const rule = compileChoiceRule({
      Not: {
        Or: [
          { Variable: '$.type', StringEquals: 'Private' },
          {
            And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Not: { Variable: '$.n', NumericEquals: 5 } }],
          },
        ],
      },
    });
    assert.equal(rule(scopeOf({ type: 'Private', n: 0 })), false);
    assert.equal(rule(scopeOf({ type: 'Public', n: 3 })), false);
    assert.equal(rule(scopeOf({ type: 'Public', n: 5 })), true);
    assert.equal(rule(scopeOf({ type: 'Public', n: 1 })), true);
  });

  it('errors inside Not propagate rather than invert', () => {
    const rule = compileChoiceRule({ Not: { Variable: '$.x', IsNull: true } });
    assert.throws(() => rule(scopeOf({})), AslFailure);
  });
});

describe('malformed rules are bugs (validation runs first)', () => {
  it('throws TypeError at compile time', () => {
    assert.throws(() => compileChoiceRule({ Variable: '$.a' }), TypeError);
    assert.throws(() => compileChoiceRule({ Variable: '$.a', StringEquals: 'x', IsNull: true }), TypeError);
    assert.throws(() => compileChoiceRule({ Variable: '$.a', BooleanLessThan: true }), TypeError);
    assert.throws(() => compileChoiceRule({ Variable: '$.a', IsNull: 'yes' }), TypeError);
    assert.throws(() => compileChoiceRule({ And: [] }), TypeError);
    assert.throws(() => compileChoiceRule({ StringEquals: 'x' }), TypeError);
  });
});

describe('compileChoices', () => {
  const choices: JsonObject[] = [
    { Variable: '$.n', NumericLessThan: 0, Next: 'Negative' },
    { Variable: '$.n', NumericLessThan: 10, Next: 'Small' },
    { Variable: '$.n', NumericLessThan: 100, Next: 'Medium' },
  ];

  it('returns the Next of the first matching rule, in order', () => {
    const next = compileChoices(choices, 'Large');
    assert.equal(next(scopeOf({ n: -1 })), 'Negative');
    assert.equal(next(scopeOf({ n: 5 })), 'Small');
    assert.equal(next(scopeOf({ n: 50 })), 'Medium');
  });

  it('falls back to the Default', () => {
    assert.equal(compileChoices(choices, 'Large')(scopeOf({ n: 500 })), 'Large');
  });

  it('fails like AWS when nothing matches and there is no Default', () => {
    assert.throws(
      () => compileChoices(choices, undefined)(scopeOf({ n: 500 })),
      (error: unknown) => {
        assert.ok(error instanceof AslFailure);
        assert.equal(error.error, 'States.Runtime');
        assert.equal(error.cause, NO_CHOICE_MATCHED_CAUSE);
        assert.equal(
          error.cause,
          'Failed to transition out of the state. The state does not point to a next state.',
        );
        return true;
      },
    );
  });

  it('a missing Variable fails the state even when a Default exists', () => {
    assert.throws(() => compileChoices(choices, 'Large')(scopeOf({})), AslFailure);
  });
});
