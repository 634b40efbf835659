import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printedWithoutCodegen } from '../../../test-support/codegen-off.ts';
import { AslFailure } from '../../errors/failure.ts';
import type { Json } from '../../json.ts';
import { compileResultPath } from './index.ts';
import { namesWriter, setAt } from './result-path.ts';

describe('compileResultPath', () => {
  it('null discards the result', () => {
    const input = { a: 1 };
    assert.equal(compileResultPath(null)(input, { r: 1 }), input);
  });

  it('$ replaces the input with the result', () => {
    assert.deepEqual(compileResultPath('$')({ a: 1 }, 'r'), 'r');
  });

  it('writes into a copy of the input, sharing untouched branches', () => {
    const input = { keep: { deep: [1] }, a: { x: 1 } };
    const output = compileResultPath('$.a.b')(input, 5);
    assert.deepEqual(output, { keep: { deep: [1] }, a: { x: 1, b: 5 } });
    assert.deepEqual(input, { keep: { deep: [1] }, a: { x: 1 } });
    assert.equal((output as { keep: unknown }).keep, input.keep);
  });

  it('creates missing intermediate objects', () => {
    assert.deepEqual(compileResultPath('$.a.b.c')({ z: 0 }, true), { z: 0, a: { b: { c: true } } });
    assert.deepEqual(compileResultPath("$['x y']")({}, 1), { 'x y': 1 });
  });

  it('replaces an existing value, including an existing non-object leaf', () => {
    assert.deepEqual(compileResultPath('$.a')({ a: 'old' }, { n: 1 }), { a: { n: 1 } });
  });

  it('replaces an element of an existing array', () => {
    assert.deepEqual(compileResultPath('$.a[1].v')({ a: [{}, { v: 0 }] }, 9), { a: [{}, { v: 9 }] });
    assert.deepEqual(compileResultPath('$.a[-1]')({ a: [1, 2] }, 9), { a: [1, 9] });
  });

  it('keeps a "__proto__" key as data', () => {
    const output = compileResultPath("$['__proto__']")({}, { polluted: true }) as Record<string, unknown>;
    assert.equal(Object.hasOwn(output, '__proto__'), true);
    assert.equal(Object.getPrototypeOf(output), Object.prototype);
  });

  it('fails with States.ResultPathMatchFailure when the input is not an object', () => {
    const apply = compileResultPath('$.partitioned');
    assert.throws(
      () => apply('{"min_size":10000}', 1),
      (error: unknown) =>
        error instanceof AslFailure &&
        error.error === 'States.ResultPathMatchFailure' &&
        error.cause === 'Unable to apply ReferencePath $.partitioned to input "{\\"min_size\\":10000}"',
    );
  });

  it('fails when an intermediate value is not an object or the index does not exist', () => {
    assert.throws(
      () => compileResultPath('$.a.b')({ a: 1 }, 1),
      (error: unknown) =>
        error instanceof AslFailure && error.cause === 'Unable to apply ReferencePath $.a.b to input {"a":1}',
    );
    assert.throws(() => compileResultPath('$.a[5]')({ a: [] }, 1), AslFailure);
    assert.throws(() => compileResultPath('$.a[0]')({}, 1), AslFailure);
  });

  it('refuses paths validation should have rejected', () => {
    assert.throws(() => compileResultPath('$.a[*]'), /reference path/);
    assert.throws(() => compileResultPath('$$.a'), /must start with/);
  });

  it('writes a path of names as generated code, as setAt writes it', () => {
    const docs: Json[] = [
      { a: { b: { c: 1 }, x: [1] }, z: 0 },
      JSON.parse('{"__proto__": {"p": 1}, "toString": "own", "a": null}') as Json,
      { constructor: { own: true }, 'k"q': { '\u2028': 1 }, '0': { '1': 2 } },
      { a: 'text', b: [{ c: 1 }] },
      { a: { b: null } },
      [{ a: 1 }],
      'a',
      null,
      {},
    ];
    const paths = [
      ['a'],
      ['a', 'b'],
      ['a', 'b', 'c'],
      ['b', 'c'],
      ['constructor'],
      ['constructor', 'own'],
      ['toString', 'x'],
      ['hasOwnProperty', 'y'],
      ['k"q', '\u2028'],
      ['0', '1'],
      ['new', 'deep', 'path'],
    ];
    for (const doc of docs) {
      for (const steps of paths) {
        const write = namesWriter(steps)!;
        const label = `${JSON.stringify(steps)} in ${JSON.stringify(doc)}`;
        const written = write(doc, { r: 1 });
        assert.deepEqual(written, setAt(doc, steps, 0, { r: 1 }), label);
        // Key order and own keys too (deepEqual compares neither).
        assert.equal(JSON.stringify(written), JSON.stringify(setAt(doc, steps, 0, { r: 1 })), label);
      }
    }
    assert.equal(namesWriter(['a', 0]), undefined);
    assert.equal(namesWriter(['__proto__', 'a']), undefined);
  });

  it('writes by setAt where code generation from strings is off', () => {
    const printed = printedWithoutCodegen([
      "import { compileResultPath } from './src/asl/query/jsonpath/result-path.ts';",
      "console.log(JSON.stringify(compileResultPath('$.a.constructor')({ a: { x: 1 } }, 2)));",
    ]);
    assert.equal(printed, '{"a":{"x":1,"constructor":2}}');
  });
});
