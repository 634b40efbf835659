import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printedWithoutCodegen } from '../../../test-support/codegen-off.ts';
import type { Json } from '../../json.ts';
import { fixtureScope } from '../scope-fixture.ts';
import type { Field } from './object-builder.ts';
import { objectBuilder, storesBuilder } from './object-builder.ts';

const input = { a: 1, b: 'two' };
const scope = fixtureScope(input);
/** Keys that are not plain identifiers: quotes, escapes, line separators, a lone surrogate, numbers. */
const oddKeys = ['with "quotes"', 'back\\slash', 'line\u2028sep', 'nl\nx', '\ud800', '10', '2', '', 'é€😀'];

const fields: Field[] = [
  { key: 'first', evaluate: (s) => (s.input as { a: Json }).a },
  { key: 'fixed', constant: { shared: true } },
  ...oddKeys.map((key, i): Field => ({ key, constant: i })),
  { key: 'later', evaluate: (s) => (s.input as { b: Json }).b },
];

describe('objectBuilder: a template object built by one generated literal', () => {
  it('builds the same object as key-by-key stores: keys, order, values, shared constants', () => {
    const built = objectBuilder(fields)(scope);
    const stored = storesBuilder(fields)(scope);
    assert.deepEqual(built, stored);
    assert.deepEqual(Object.keys(built as object), Object.keys(stored as object));
    assert.equal(
      (built as { fixed: Json }).fixed,
      fields[1] && 'constant' in fields[1] && fields[1].constant,
    );
    assert.equal(JSON.stringify(built), JSON.stringify(stored));
  });

  it('keeps "__proto__" an own key and the prototype untouched', () => {
    const out = objectBuilder([
      { key: '__proto__', evaluate: () => ({ polluted: true }) },
      { key: 'x', constant: 1 },
    ])(scope) as Record<string, unknown>;
    assert.equal(Object.hasOwn(out, '__proto__'), true);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal(out['polluted'], undefined);
    assert.equal(JSON.stringify(out), '{"__proto__":{"polluted":true},"x":1}');
  });

  it('gives a repeated key its last value at its first place, as stores do', () => {
    const repeated: Field[] = [
      { key: 'k', constant: 1 },
      { key: 'm', constant: 2 },
      { key: 'k', evaluate: () => 3 },
      { key: '__proto__', constant: 4 },
      { key: '__proto__', constant: 5 },
    ];
    const out = objectBuilder(repeated)(scope);
    assert.equal(JSON.stringify(out), '{"k":3,"m":2,"__proto__":5}');
    assert.deepEqual(out, storesBuilder(repeated)(scope));
  });

  it('evaluates the fields in order, each once per build', () => {
    const seen: string[] = [];
    const build = objectBuilder(
      ['x', 'y', 'z'].map((key): Field => ({ key, evaluate: () => (seen.push(key), key) })),
    );
    build(scope);
    build(scope);
    assert.deepEqual(seen, ['x', 'y', 'z', 'x', 'y', 'z']);
  });

  it('builds by stores where code generation from strings is off', () => {
    const printed = printedWithoutCodegen([
      "import { objectBuilder } from './src/asl/query/template/object-builder.ts';",
      "const out = objectBuilder([{ key: 'a', evaluate: (s) => s.input }, { key: '__proto__', constant: 1 }])({ input: 7 });",
      'console.log(JSON.stringify(out), Object.getPrototypeOf(out) === Object.prototype);',
    ]);
    assert.equal(printed, '{"a":7,"__proto__":1} true');
  });
});
