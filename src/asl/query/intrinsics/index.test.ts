import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AslFailure } from '../../errors/failure.ts';
import { fixtureScope } from '../scope-fixture.ts';
import { compileIntrinsic, intrinsicSyntaxError, isIntrinsicCall } from './index.ts';

function failsWith(cause: string) {
  return (error: unknown) =>
    error instanceof AslFailure && error.error === 'States.Runtime' && error.cause === cause;
}

describe('isIntrinsicCall', () => {
  it('tells intrinsic calls from paths', () => {
    assert.equal(isIntrinsicCall('States.Format($.a)'), true);
    assert.equal(isIntrinsicCall('  States.UUID()'), true);
    assert.equal(isIntrinsicCall('States.Array'), true);
    assert.equal(isIntrinsicCall('$.States.Format'), false);
    assert.equal(isIntrinsicCall('$$.Execution.Id'), false);
    assert.equal(isIntrinsicCall('$var'), false);
  });
});

describe('compileIntrinsic', () => {
  it('evaluates paths to input, context and variables', () => {
    const evaluate = compileIntrinsic("States.Format('{} {} {} {}', $.a, $$.Execution.Name, $v.k, $['b c'])");
    const scope = fixtureScope(
      { a: 1, 'b c': 'x' },
      { context: { Execution: { Name: 'run' } }, variables: { v: { k: true } } },
    );
    assert.equal(evaluate(scope), '1 run true x');
  });

  it('evaluates nested calls, innermost first', () => {
    const evaluate = compileIntrinsic(
      "States.ArrayGetItem(States.StringSplit($.name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($.name, '-')), -1))",
    );
    assert.equal(evaluate(fixtureScope({ name: 'a-b-c' })), 'c');
  });

  it('passes indefinite path results as arrays', () => {
    assert.equal(
      compileIntrinsic('States.ArrayLength($.items[*].id)')(fixtureScope({ items: [{ id: 1 }, { id: 2 }] })),
      2,
    );
  });

  it('keeps the escaped braces of a literal Format template', () => {
    assert.equal(compileIntrinsic("States.Format('\\{\\} is {}', $.a)")(fixtureScope({ a: 'x' })), '{} is x');
  });

  it('is evaluated many times from one compilation', () => {
    const evaluate = compileIntrinsic('States.MathAdd($.n, 1)');
    assert.equal(evaluate(fixtureScope({ n: 1 })), 2);
    assert.equal(evaluate(fixtureScope({ n: 41 })), 42);
  });

  it('takes UUIDs and random draws from the scope', () => {
    assert.equal(compileIntrinsic('States.UUID()')(fixtureScope(null, { uuid: 'u-1' })), 'u-1');
    assert.equal(compileIntrinsic('States.MathRandom(0, 10)')(fixtureScope(null, { random: 0.35 })), 3);
  });

  it('names the whole expression in the cause of a bad argument', () => {
    assert.throws(
      () => compileIntrinsic('States.MathAdd($.a, States.ArrayLength($.b))')(fixtureScope({ a: 1, b: 'x' })),
      failsWith(
        'There was an error while evaluating the intrinsic function: States.MathAdd($.a, States.ArrayLength($.b)). Invalid arguments in States.ArrayLength',
      ),
    );
  });

  it('reports a path that selects nothing', () => {
    assert.throws(
      () => compileIntrinsic('States.Base64Decode($.missing)')(fixtureScope({})),
      failsWith(
        "There was an error while evaluating the intrinsic function: States.Base64Decode($.missing). The JsonPath argument for the field '$.missing' could not be found in the input '{}'",
      ),
    );
  });

  it('checks argument counts at runtime, as AWS does', () => {
    const evaluate = compileIntrinsic("States.Hash('hello')");
    assert.throws(
      () => evaluate(fixtureScope({})),
      failsWith(
        "There was an error while evaluating the intrinsic function: States.Hash('hello'). Invalid arguments in States.Hash",
      ),
    );
  });

  it('throws at compile time for syntax errors and unknown functions', () => {
    assert.throws(() => compileIntrinsic('States.Array(1,'), AslFailure);
    assert.throws(() => compileIntrinsic('States.Nope(1)'), /unknown intrinsic function 'States.Nope'/);
  });
});

describe('intrinsicSyntaxError', () => {
  it('is undefined for valid calls', () => {
    assert.equal(intrinsicSyntaxError("States.Format('{}', States.UUID())"), undefined);
    assert.equal(intrinsicSyntaxError('States.ArrayRange(1, 5)'), undefined); // arity fails at runtime
  });
  it('describes what is wrong and where', () => {
    assert.equal(
      intrinsicSyntaxError('States.Array(1,)'),
      "Invalid intrinsic function call 'States.Array(1,)': expected an argument but found ')' (at character 16)",
    );
    assert.equal(
      intrinsicSyntaxError('States.Array(States.Foo())'),
      "Invalid intrinsic function call 'States.Array(States.Foo())': unknown intrinsic function 'States.Foo' (at character 14)",
    );
    assert.match(intrinsicSyntaxError('States.Array($.a..)') ?? '', /invalid path '\$\.a\.\.'/);
  });
});
