import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AslFailure } from '../../errors/failure.ts';
import type { Json } from '../../json.ts';
import { fixtureScope } from '../scope-fixture.ts';
import { compileTemplate } from './index.ts';

const scopeOf = fixtureScope;

describe('compileTemplate', () => {
  it('replaces .$ keys with the selected values and keeps constants (AWS InputPath and Parameters example)', () => {
    const template: Json = { flagged: true, parts: { 'first.$': '$.vals[0]', 'last3.$': '$.vals[3:]' } };
    const evaluate = compileTemplate(template, 'Parameters');
    assert.deepEqual(evaluate(scopeOf({ flagged: 7, vals: [0, 10, 20, 30, 40, 50] })), {
      flagged: true,
      parts: { first: 0, last3: [30, 40, 50] },
    });
  });

  it('filters arrays with a JSONPath filter (conformance test_state_pass_regex_json_path_base)', () => {
    const evaluate = compileTemplate({ 'FromInput.$': '$.users[?(@.status == 0)]' }, 'Parameters');
    const input = {
      users: [
        { year: 1997, status: 0 },
        { year: 1998, status: 1 },
      ],
    };
    assert.deepEqual(evaluate(scopeOf(input)), { FromInput: [{ year: 1997, status: 0 }] });
  });

  it('reads the context object and variables', () => {
    const evaluate = compileTemplate(
      { 'id.$': '$$.Execution.Id', 'v.$': '$count', 'all.$': '$' },
      'Parameters',
    );
    const scope = scopeOf({ x: 1 }, { context: { Execution: { Id: 'arn:e' } }, variables: { count: 3 } });
    assert.deepEqual(evaluate(scope), { id: 'arn:e', v: 3, all: { x: 1 } });
  });

  it('walks arrays and nested objects, keeping key order', () => {
    const evaluate = compileTemplate(
      { list: [1, { 'a.$': '$.a' }, [{ 'b.$': '$.b' }]], z: 0 },
      'ItemSelector',
    );
    assert.deepEqual(evaluate(scopeOf({ a: 'A', b: null })), { list: [1, { a: 'A' }, [{ b: null }]], z: 0 });
    assert.deepEqual(Object.keys(evaluate(scopeOf({ a: 1, b: 2 })) as object), ['list', 'z']);
  });

  it('shares constant subtrees between evaluations and never copies them', () => {
    const constant = { deep: { n: [1, 2] } };
    const evaluate = compileTemplate({ constant, 'x.$': '$.x' }, 'Parameters');
    const first = evaluate(scopeOf({ x: 1 })) as { constant: unknown };
    const second = evaluate(scopeOf({ x: 2 })) as { constant: unknown };
    assert.equal(first.constant, constant);
    assert.equal(second.constant, constant);
    assert.notEqual(first, second);
  });

  it('returns a fully constant template as is', () => {
    const template = { a: [1, { b: 'c' }], 'not-dollar': '$.x' };
    assert.equal(compileTemplate(template, 'Parameters')(scopeOf({})), template);
    assert.equal(compileTemplate('text', 'Parameters')(scopeOf({})), 'text');
  });

  it('shares selected values with the input instead of copying them', () => {
    const input = { big: { nested: [1, 2, 3] } };
    const out = compileTemplate({ 'b.$': '$.big' }, 'Parameters')(scopeOf(input)) as { b: unknown };
    assert.equal(out.b, input.big);
  });

  it('keeps a "__proto__" output key as data', () => {
    const template = JSON.parse('{"__proto__.$": "$.x"}') as Json;
    const out = compileTemplate(template, 'Parameters')(scopeOf({ x: { polluted: true } })) as object;
    assert.equal(Object.hasOwn(out, '__proto__'), true);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it("fails with States.Runtime and AWS's message when a path selects nothing", () => {
    const evaluate = compileTemplate({ 'address.$': '$.application.address' }, 'Parameters');
    assert.throws(
      () => evaluate(scopeOf({ flagged: false })),
      (error: unknown) =>
        error instanceof AslFailure &&
        error.error === 'States.Runtime' &&
        error.cause ===
          "The JSONPath '$.application.address' specified for the field 'address.$' could not be found in the input '{\"flagged\":false}'",
    );
  });

  it('names the nested .$ key itself in the message', () => {
    const evaluate = compileTemplate({ outer: [{ 'JobName.$': '$.JobName' }] }, 'Parameters');
    assert.throws(
      () => evaluate(scopeOf({})),
      (error: unknown) =>
        error instanceof AslFailure &&
        error.cause ===
          "The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'",
    );
  });

  it('does not fail when an indefinite path matches nothing', () => {
    const evaluate = compileTemplate({ 'x.$': '$.a[?(@.b)]' }, 'Parameters');
    assert.deepEqual(evaluate(scopeOf({ a: [{ c: 1 }] })), { x: [] });
  });

  it('delegates intrinsic calls to the intrinsics module', () => {
    const evaluate = compileTemplate(
      { 'greeting.$': "States.Format('Hello, {}', $.name)", 'arr.$': 'States.Array($.name, 1)' },
      'Parameters',
    );
    assert.deepEqual(evaluate(scopeOf({ name: 'Ada' })), { greeting: 'Hello, Ada', arr: ['Ada', 1] });
  });
});
