import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printedWithoutCodegen } from '../../../test-support/codegen-off.ts';
import type { Json } from '../../json.ts';
import { fixtureScope } from '../scope-fixture.ts';
import { simpleSelect, walkSimple } from './simple-select.ts';
import { compilePath } from './compile-path.ts';

const docs: Json[] = [
  { a: { b: [10, { c: 'x' }, null] }, 'k"q': { '\u2028': 1 }, constructor: { own: true }, n: null },
  JSON.parse('{"__proto__": {"p": 1}, "toString": "own", "a": [1, 2]}') as Json,
  { a: 'text', b: 1 },
  [{ a: 1 }, [2, 3]],
  { a: { b: { length: 3 } } },
  'a',
  null,
  {},
];
const paths: (string | number)[][] = [
  [],
  ['a'],
  ['a', 'b'],
  ['a', 'b', 0],
  ['a', 'b', -1],
  ['a', 'b', -3],
  ['a', 'b', -4],
  ['a', 'b', 1, 'c'],
  ['a', 'b', 5],
  ['a', 1],
  [0, 'a'],
  [1, -1],
  ['k"q', '\u2028'],
  ['constructor'],
  ['constructor', 'own'],
  ['toString'],
  ['__proto__'],
  ['__proto__', 'p'],
  ['hasOwnProperty'],
  ['a', 'length'],
  ['a', 'b', 'length'],
  ['n'],
  ['n', 'x'],
];

describe('simpleSelect: a single-step path walked by generated code', () => {
  it('selects what the loop selects, own keys only (prototype names included), arrays by index', () => {
    for (const doc of docs) {
      for (const steps of paths) {
        const select = simpleSelect({ kind: 'input' }, steps, (s) => s.input);
        assert.equal(
          select(fixtureScope(doc)),
          walkSimple(doc, steps),
          `${JSON.stringify(steps)} in ${JSON.stringify(doc)}`,
        );
      }
    }
  });

  it('starts at the context object or a variable', () => {
    const scope = fixtureScope({}, { context: { State: { Name: 'S' } }, variables: { v: [{ w: 2 }] } });
    assert.equal(simpleSelect({ kind: 'context' }, ['State', 'Name'], (s) => s.context)(scope), 'S');
    assert.equal(simpleSelect({ kind: 'variable', name: 'v' }, [0, 'w'], (s) => s.variable('v'))(scope), 2);
    assert.equal(
      simpleSelect({ kind: 'variable', name: 'nope' }, [], (s) => s.variable('nope'))(scope),
      undefined,
    );
  });

  it('answers what must select something: the value (null too), or what `missing` says', () => {
    const missing = (): never => {
      throw new Error('missing');
    };
    const doc: Json = { a: null, b: [0, { c: false }], d: [{ e: 1 }, { e: 2 }] };
    for (const [path, expected] of [
      ['$.a', null],
      ['$.b[1].c', false],
      ['$.b[-2]', 0],
      ['$.d[*].e', [1, 2]],
      ['$.d[?(@.e == 2)]', [{ e: 2 }]],
    ] as const) {
      assert.deepEqual(compilePath(path).selectOr(missing)(fixtureScope(doc)), expected, path);
    }
    for (const path of ['$.x', '$.a.b', '$.b[2]', '$.b[1].c.d']) {
      assert.throws(() => compilePath(path).selectOr(missing)(fixtureScope(doc)), /missing/, path);
    }
  });

  it('walks by the loop where code generation from strings is off', () => {
    const printed = printedWithoutCodegen([
      "import { simpleSelect } from './src/asl/query/jsonpath/simple-select.ts';",
      "const select = simpleSelect({ kind: 'input' }, ['a', -1, 'constructor'], (s) => s.input);",
      'console.log(JSON.stringify([select({ input: { a: [0, { constructor: 7 }] } }), select({ input: { a: [{}] } }) ?? "none"]));',
      "const must = simpleSelect({ kind: 'input' }, ['a'], (s) => s.input, () => { throw new Error('missing'); });",
      'console.log(JSON.stringify(must({ input: { a: null } })), (() => { try { must({ input: {} }); } catch (e) { return e.message; } })());',
    ]);
    assert.equal(printed, '[7,"none"]\nnull missing');
  });
});
