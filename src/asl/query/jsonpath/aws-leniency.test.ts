// Paths AWS deploys although today's Jayway refuses them (json-path 2.0's rules): an unquoted
// word in a filter, blanks around a path, and the script index [(@.length-n)].
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../../json.ts';
import { fixtureScope } from '../scope-fixture.ts';
import { compilePath, isReferencePath, pathSyntaxError } from './index.ts';

const select = (path: string, input: Json, context: Json = {}): Json | undefined =>
  compilePath(path).select(fixtureScope(input, { context }));

describe('an unquoted word in a filter is the string it spells', () => {
  const items: Json = {
    items: [
      { lang: 'en', text: 'hello' },
      { lang: 'es', text: 'hola' },
      { lang: 'es', text: 'buenas' },
    ],
  };

  it('validates', () => {
    assert.equal(pathSyntaxError('$.items[?(@.lang==es)].text'), undefined);
    assert.equal(pathSyntaxError('$..r[?(@.status==Failure)]'), undefined);
    assert.equal(pathSyntaxError('$.a[?(@.k != some-id_2 && @.n > 1)]'), undefined);
  });

  it('compares as the quoted string would', () => {
    assert.deepEqual(select('$.items[?(@.lang==es)].text', items), ['hola', 'buenas']);
    assert.deepEqual(
      select('$.items[?(@.lang == es)].text', items),
      select("$.items[?(@.lang == 'es')].text", items),
    );
    assert.deepEqual(select('$.items[?(@.lang!=es)].text', items), ['hello']);
    const results: Json = {
      a: {
        r: [
          { status: 'Failure', id: 1 },
          { status: 'Success', id: 2 },
        ],
      },
      b: { r: [{ status: 'Failure', id: 3 }] },
    };
    assert.deepEqual(select('$..r[?(@.status==Failure)].id', results), [1, 3]);
  });

  it('keeps numbers, booleans and null what they are', () => {
    const values: Json = { v: [{ n: 1 }, { n: true }, { n: null }, { n: 'x' }] };
    assert.deepEqual(select('$.v[?(@.n == 1)]', values), [{ n: 1 }]);
    assert.deepEqual(select('$.v[?(@.n == true)]', values), [{ n: true }]);
    assert.deepEqual(select('$.v[?(@.n == null)]', values), [{ n: null }]);
    assert.deepEqual(select('$.v[?(@.n == 1x)]', values), []);
  });

  it('still refuses a missing operand', () => {
    assert.equal(typeof pathSyntaxError('$.a[?(@.b ==)]'), 'string');
    assert.equal(typeof pathSyntaxError('$.a[?(@.b == )]'), 'string');
  });
});

describe('blanks around a path are dropped', () => {
  it('validates and selects as the trimmed path', () => {
    for (const path of ['$$.Execution.Name ', ' $$.Execution.Name', '\t$$.Execution.Name\n']) {
      assert.equal(pathSyntaxError(path), undefined, JSON.stringify(path));
      assert.equal(isReferencePath(path), true, JSON.stringify(path));
      assert.equal(select(path, {}, { Execution: { Name: 'run-1' } }), 'run-1');
    }
  });

  it('blanks inside a path are still refused', () => {
    assert.equal(typeof pathSyntaxError('$.a b'), 'string');
    assert.equal(typeof pathSyntaxError('$. a'), 'string');
  });
});

describe('the script index [(@.length-n)]', () => {
  const list: Json = [{ bar: 1 }, { bar: 2 }, { bar: 3 }];

  it('validates, as a Path but not a reference path', () => {
    for (const path of [
      '$[(@.length-1)].bar',
      '$.a[( @.length - 2 )]',
      '$[(@.size()-1)]',
      '$[(@.size( ) - 3)]',
    ]) {
      assert.equal(pathSyntaxError(path), undefined, path);
    }
    assert.equal(isReferencePath('$[(@.length-1)].bar'), false);
    for (const bad of ['$[(@.length+1)]', '$[(@.foo-1)]', '$[(@.length-1]', '$[(@.length-)]', '$[(1)]']) {
      assert.equal(typeof pathSyntaxError(bad), 'string', bad);
    }
  });

  it('selects the element n from the end, one value', () => {
    assert.equal(select('$[(@.length-1)].bar', list), 3);
    assert.equal(compilePath('$[(@.length-1)].bar').definite, true);
    assert.deepEqual(select('$[(@.size() - 3)]', list), { bar: 1 });
    assert.equal(select('$[(@.length-4)]', list), undefined);
    assert.equal(select('$[(@.length-0)]', list), undefined);
    assert.equal(select('$.a[(@.length-1)]', { a: {} }), undefined);
    assert.equal(
      compilePath('$[(@.length-4)]').noResults(fixtureScope(list)),
      'No results for path: $[@.size()-4]',
    );
  });
});
