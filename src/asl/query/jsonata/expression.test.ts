import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../../json.ts';
import { AslFailure } from '../../errors/failure.ts';
import type { JsonataScope } from './jsonata-scope.ts';
import { compileJsonataValue, valueOf } from './template.ts';
import { expressionFacts } from './static-checks.ts';
import { QueryEvaluationFailure } from './query-evaluation-failure.ts';

const NOW = Date.UTC(2025, 5, 1, 12, 30, 0);

function scope(input: Json = {}, variables: Record<string, Json> = {}, extra: Record<string, Json> = {}) {
  return {
    states: { input, context: { Execution: { Name: 'e1' } }, ...extra },
    variable: (name: string) => (Object.hasOwn(variables, name) ? variables[name] : undefined),
    random: () => 0.25,
    uuid: () => '11111111-2222-4333-8444-555555555555',
    now: NOW,
  } satisfies JsonataScope;
}

/** Evaluates one field value (a template with `{% %}` strings) against a scope. */
async function run(value: Json, s: JsonataScope = scope(), location = 'Output'): Promise<Json> {
  return valueOf(compileJsonataValue(value, location), s);
}

async function failure(value: Json, s: JsonataScope = scope(), location = 'Output') {
  try {
    await run(value, s, location);
  } catch (e) {
    assert.ok(e instanceof QueryEvaluationFailure, String(e));
    return e;
  }
  return assert.fail('expected a QueryEvaluationFailure');
}

describe('JSONata field values', () => {
  it('names array elements as Field[i] in causes', async () => {
    assert.equal((await failure({ list: [1, '{% $nope %}'] })).location, 'Output/list[1]');
  });

  it('bounds nesting at 100 levels and reports it without a JSONata code, as AWS does', async () => {
    const deep = `{% ${Array.from({ length: 200 }, () => '1').join(' + ')} %}`;
    assert.match(
      (await failure(deep)).cause,
      /threw an error during evaluation: Stack overflow error: Check for non-terminating recursive function\. Consider rewriting as tail-recursive\.$/,
    );
    assert.equal(await run(`{% ${Array.from({ length: 20 }, () => '1').join(' + ')} %}`), 20);
  });

  it('evaluates {% %} strings at any depth of objects and arrays; other strings are literal', async () => {
    const out = await run(
      {
        a: '{% $states.input.x * 2 %}',
        list: [1, '{% $states.input.x %}', { deep: '{% "d" & $v %}' }],
        lit: '$.x',
      },
      scope({ x: 21 }, { v: 'eep' }),
    );
    assert.deepEqual(out, { a: 42, list: [1, 21, { deep: 'deep' }], lit: '$.x' });
  });

  it('keeps a string with text around {% %} literal (recorded: outputdecl BASE_LITERALS)', async () => {
    assert.equal(await run(' {% states.input %} '), ' {% states.input %} ');
  });

  it('returns constant subtrees as they are, shared rather than rebuilt', async () => {
    const literal = { a: [1, { b: 'c' }] };
    assert.equal(await run(literal), literal);
  });

  it('reads $states.input, $states.context and $states.result / errorOutput', async () => {
    const s = scope({ i: 1 }, {}, { result: { r: 2 } });
    assert.deepEqual(
      await run('{% [$states.input.i, $states.result.r, $states.context.Execution.Name] %}', s),
      [1, 2, 'e1'],
    );
  });

  it('binds workflow variables as $name, undefined ones giving nothing', async () => {
    assert.deepEqual(await run('{% $order.id %}', scope({}, { order: { id: 'o-1' } })), 'o-1');
    const e = await failure('{% $doesNotExist %}');
    assert.equal(
      e.cause,
      "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).",
    );
  });

  it('names the nested field in the cause (recorded: test_math_random_seeded.0)', async () => {
    const e = await failure({ FunctionResult: '{% $randomSeeded($states.input.x) %}' });
    assert.equal(e.error, 'States.QueryEvaluationError');
    assert.equal(e.location, 'Output/FunctionResult');
    assert.equal(
      e.cause,
      "The JSONata expression '$randomSeeded($states.input.x)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function",
    );
  });

  it('facts for validation: the parser message without its code, top-level names, $states.errorOutput', () => {
    assert.equal(expressionFacts('{% 1 + %}').syntaxError, 'Unexpected end of expression');
    const facts = expressionFacts(
      '{% {"a": phone, "b": $states.input.items[price > 5], "c": $sum(amount), "d": $map([1], function($v) { $v.x })} %}',
    );
    assert.deepEqual(facts, {
      syntaxError: undefined,
      topLevelNames: ['phone', 'amount'],
      readsErrorOutput: false,
      // Called functions, the lambda's parameter and $states are no workflow variables.
      variables: [],
    });
    assert.equal(expressionFacts('{% $states.errorOutput.Cause %}').readsErrorOutput, true);
    assert.deepEqual(expressionFacts('{% ($x := a.b; $x) %}').topLevelNames, ['a']);
  });

  it('fails at evaluation, not at compile time, for an unparsable expression in an unvalidated model', async () => {
    const e = await failure('{% ( %}');
    assert.ok(e instanceof AslFailure);
    assert.match(e.cause, /could not be parsed/);
  });
});

describe('functions AWS adds to JSONata', () => {
  it('$partition splits an array in chunks (recorded: test_array_partition.*)', async () => {
    assert.deepEqual(await run('{% $partition([0, 1, 2, 3], 2) %}'), [
      [0, 1],
      [2, 3],
    ]);
    assert.deepEqual(await run('{% $partition([0], 4) %}'), [[0]]);
    assert.match((await failure('{% $partition([1], 0) %}')).cause, /threw an error during evaluation/);
  });

  it('$range counts from start to end inclusive by step; one item is the item (recorded: test_array_range.*)', async () => {
    assert.deepEqual(await run('{% $range(0, 10, 3) %}'), [0, 3, 6, 9]);
    assert.deepEqual(await run('{% $range(0, 6, 2) %}'), [0, 2, 4, 6]);
    assert.equal(await run('{% $range(1, 9, 9) %}'), 1);
    assert.deepEqual(await run('{% $range(5, 1, -2) %}'), [5, 3, 1]);
    assert.match((await failure('{% $range(1, 2, 0) %}')).cause, /threw an error/);
  });

  it('$hash digests a string with the named algorithm', async () => {
    assert.equal(await run("{% $hash('input', 'MD5') %}"), 'a43c1b0aa53a0c908810c06ab1ff3967');
    // Measured on AWS (floci #2662).
    assert.equal(await run("{% $hash('input', 'SHA-1') %}"), '140f86aae51ab9e1cda9b4254fe98a74eb54c1a1');
    assert.equal(
      await run("{% $hash('input', 'SHA-256') %}"),
      'c96c6d5be8d08a12e7b5cdc1b207fa6b2430974c86803d8891675e76fd992c20',
    );
    assert.match((await failure("{% $hash('input', 'SHA-3') %}")).cause, /MD5, SHA-1, SHA-256/);
  });

  it('$random draws from the step env unseeded, and is a pure function of its seed', async () => {
    assert.equal(await run('{% $random() %}'), 0.25);
    const a = await run('{% $random(42) %}', scope());
    const b = await run('{% $random(42) %}', { ...scope(), random: () => 0.9 });
    const c = await run('{% $random(43) %}');
    assert.equal(a, b);
    assert.notEqual(a, c);
    // java.util.Random, bit for bit: AWS answers 0.7275636800328681 for seed 42 (floci #2662, measured).
    assert.equal(a, 0.7275636800328681);
    assert.ok(typeof a === 'number' && a >= 0 && a < 1);
  });

  it('$uuid comes from the step env', async () => {
    assert.equal(await run('{% $uuid() %}'), '11111111-2222-4333-8444-555555555555');
  });

  it('$parse reads JSON text (recorded: test_parse.*)', async () => {
    assert.deepEqual(await run('{% $parse($states.input) %}', scope('{"Arg1": 1, "Arg2": []}')), {
      Arg1: 1,
      Arg2: [],
    });
    assert.equal(await run('{% $parse("-0") %}'), 0);
    assert.match((await failure('{% $parse("{") %}')).cause, /could not parse/);
  });

  it('$now and $millis read the step time, not the wall clock', async () => {
    assert.equal(await run('{% $millis() %}'), NOW);
    assert.equal(await run('{% $now() %}'), '2025-06-01T12:30:00.000Z');
  });
});

describe('functions Step Functions leaves out', () => {
  it('$eval is not offered ($parse replaces it): calling it is T1006', async () => {
    assert.match((await failure('{% $eval("1 + 1") %}')).cause, /T1006: Attempted to invoke a non-function$/);
  });
});
