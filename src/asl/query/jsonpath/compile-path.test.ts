import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../../json.ts';
import { fixtureScope } from '../scope-fixture.ts';
import { compilePath } from './index.ts';

const scopeOf = fixtureScope;

// The Jayway README's sample document.
const store: Json = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      {
        category: 'fiction',
        author: 'Herman Melville',
        title: 'Moby Dick',
        isbn: '0-553-21311-3',
        price: 8.99,
      },
      {
        category: 'fiction',
        author: 'J. R. R. Tolkien',
        title: 'The Lord of the Rings',
        isbn: '0-395-19395-8',
        price: 22.99,
      },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
};

const select = (path: string, input: Json = store) => compilePath(path).select(scopeOf(input));

describe('compilePath: definite paths', () => {
  it('selects the whole input with $', () => {
    assert.equal(select('$'), store);
    assert.equal(compilePath('$').definite, true);
  });

  it('follows dot and bracket notation', () => {
    assert.equal(select('$.store.bicycle.color'), 'red');
    assert.equal(select("$['store']['bicycle']['color']"), 'red');
    assert.equal(select('$["store"].bicycle["price"]'), 19.95);
    assert.equal(select("$.['expensive']"), 10);
    assert.equal(select("$['a b'].c", { 'a b': { c: 1 } }), 1);
    assert.equal(select("$['it\\'s']", { "it's": 2 }), 2);
  });

  it('indexes arrays, negative indexes from the end', () => {
    assert.equal(select('$.store.book[0].author'), 'Nigel Rees');
    assert.equal(select('$.store.book[-1].author'), 'J. R. R. Tolkien');
    assert.equal(select('$[1]', ['a', 'b']), 'b');
    assert.equal(select('$.store.book[9]'), undefined);
  });

  it('returns undefined for a missing property and keeps null', () => {
    assert.equal(select('$.missing'), undefined);
    assert.equal(select('$.a', { a: null }), null);
    assert.equal(select('$.a.b', { a: 'text' }), undefined);
    assert.equal(select('$.a[0]', { a: { 0: 1 } }), undefined);
  });

  it('does not read inherited properties', () => {
    assert.equal(select('$.toString', {}), undefined);
    assert.equal(select('$.length', [1, 2]), undefined);
  });

  it('reads the context object with $$ and variables with $name', () => {
    const scope = scopeOf({}, { context: { Execution: { Id: 'arn:x' } }, variables: { v_1: { a: [1, 2] } } });
    assert.equal(compilePath('$$.Execution.Id').select(scope), 'arn:x');
    assert.deepEqual(compilePath('$$').select(scope), { Execution: { Id: 'arn:x' } });
    assert.equal(compilePath('$v_1.a[1]').select(scope), 2);
    assert.deepEqual(compilePath('$v_1').select(scope), { a: [1, 2] });
    assert.equal(compilePath('$other').select(scope), undefined);
  });

  it('merges a leaf union of names into one object, as Jayway does', () => {
    const q = compilePath("$.store.book[0]['author','title','nope']");
    assert.equal(q.definite, true);
    assert.deepEqual(q.select(scopeOf(store)), { author: 'Nigel Rees', title: 'Sayings of the Century' });
  });

  it('applies Jayway functions', () => {
    assert.equal(select('$.store.book.length()'), 4);
    assert.equal(select('$.a.length()', { a: { x: 1, y: 2 } }), 2);
    assert.equal(select('$.n.sum()', { n: [1, 2, 3] }), 6);
    assert.equal(select('$.n.avg()', { n: [1, 2, 3] }), 2);
    assert.equal(select('$.n.min()', { n: [3, 1, 2] }), 1);
    assert.equal(select('$.n.max()', { n: [3, 1, 2] }), 3);
    assert.deepEqual(select('$.a.keys()', { a: { x: 1, y: 2 } }), ['x', 'y']);
    assert.equal(select('$.n.first()', { n: [3, 1] }), 3);
    assert.equal(select('$.n.last()', { n: [3, 1] }), 1);
  });
});

describe('compilePath: indefinite paths return the list of matches', () => {
  const cases: [string, Json][] = [
    ['$.store.book[*].author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$..author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$.store..price', [8.95, 12.99, 8.99, 22.99, 19.95]],
    ['$..book[2].title', ['Moby Dick']],
    ['$..book[-1:].title', ['The Lord of the Rings']],
    ['$..book[0,1].title', ['Sayings of the Century', 'Sword of Honour']],
    ['$..book[:2].price', [8.95, 12.99]],
    ['$..book[1:2].price', [12.99]],
    ['$..book[-2:].price', [8.99, 22.99]],
    ['$..book[2:].price', [8.99, 22.99]],
    ['$..book[?(@.isbn)].title', ['Moby Dick', 'The Lord of the Rings']],
    ['$.store.book[?(@.price < 10)].price', [8.95, 8.99]],
    ['$..book[?(@.price <= $.expensive)].price', [8.95, 8.99]],
    ['$..book[?(@.author =~ /.*REES/i)].author', ['Nigel Rees']],
    ["$.store.book[?(@.category == 'reference')].price", [8.95]],
    ['$.store.book[?(@.category != "fiction")].price', [8.95]],
    ['$.store.book[?(@.price > 10 && @.price < 20)].price', [12.99]],
    ['$.store.book[?(@.price > 20 || @.price < 9)].price', [8.95, 8.99, 22.99]],
    ['$.store.book[?(!(@.price < 20))].price', [22.99]],
    ['$.store.book[?(@.price >= 22.99)].price', [22.99]],
    ["$.store.book[?(@.category in ['reference'])].price", [8.95]],
    ["$.store.book[?(@.category nin ['fiction'])].price", [8.95]],
    ['$.store.bicycle[?(@.color == "red")].price', [19.95]],
    ['$.store.book[?(@.nope)]', []],
    ['$.store.*.price', [19.95]],
  ];
  for (const [path, expected] of cases) {
    it(path, () => {
      assert.equal(compilePath(path).definite, false);
      assert.deepEqual(select(path), expected);
    });
  }

  it('deep-scans with a wildcard in document order', () => {
    assert.deepEqual(select('$..*', { a: { b: 1 }, c: [2] }), [{ b: 1 }, [2], 1, 2]);
  });

  it('compares numbers and numeric strings by value (Jayway)', () => {
    const input = { items: [{ v: '1' }, { v: 1 }, { v: 'x' }] };
    assert.deepEqual(select('$.items[?(@.v == 1)]', input), [{ v: '1' }, { v: 1 }]);
  });

  it('supports size, empty, contains, subsetof, anyof, noneof', () => {
    const input = { items: [{ t: ['a', 'b'] }, { t: [] }, { t: ['c'] }] };
    assert.deepEqual(select('$.items[?(@.t size 2)]', input), [{ t: ['a', 'b'] }]);
    assert.deepEqual(select('$.items[?(@.t empty true)]', input), [{ t: [] }]);
    assert.deepEqual(select("$.items[?(@.t contains 'c')]", input), [{ t: ['c'] }]);
    assert.deepEqual(select("$.items[?(@.t subsetof ['a','b','x'])]", input), [{ t: ['a', 'b'] }, { t: [] }]);
    assert.deepEqual(select("$.items[?(@.t anyof ['b','c'])]", input), [{ t: ['a', 'b'] }, { t: ['c'] }]);
    assert.deepEqual(select("$.items[?(@.t noneof ['a'])]", input), [{ t: [] }, { t: ['c'] }]);
  });

  it('matches a regex against the whole string', () => {
    const input = { s: [{ n: 'abc' }, { n: 'xabcx' }] };
    assert.deepEqual(select('$.s[?(@.n =~ /abc/)]', input), [{ n: 'abc' }]);
  });

  it('returns the same values on every evaluation without mutating the input', () => {
    const input = { a: [{ x: 1 }, { x: 2 }] };
    const frozen = structuredClone(input);
    const q = compilePath('$.a[?(@.x > 1)]');
    assert.deepEqual(q.select(scopeOf(input)), [{ x: 2 }]);
    assert.deepEqual(q.select(scopeOf(input)), [{ x: 2 }]);
    assert.deepEqual(input, frozen);
  });

  it('returns undefined where Jayway fails on the definite stretch of the path', () => {
    assert.equal(select('$.nope[*]'), undefined);
  });
});

describe('noResults: Jayway messages', () => {
  const message = (path: string, input: Json = store) => compilePath(path).noResults(scopeOf(input));

  it('matches AWS for a missing top-level field (conformance test_invalid_jsonpath)', () => {
    assert.equal(message('$.NoSuchInputPath', {}), "No results for path: $['NoSuchInputPath']");
  });

  it('names a missing leaf with the normalized path', () => {
    assert.equal(message('$.store.bicycle.gears'), "No results for path: $['store']['bicycle']['gears']");
    assert.equal(message('$.store.book[9]'), "No results for path: $['store']['book'][9]");
  });

  it('names a missing intermediate property', () => {
    assert.equal(message('$.a.b.c', { a: {} }), "Missing property in path $['a']['b']");
    assert.equal(message('$.nope[*]'), "Missing property in path $['nope']");
  });

  it('explains a step into a non-object or non-array', () => {
    assert.match(
      message('$.expensive.x'),
      /^Expected to find an object with property \['x'\] in path \$\['expensive'\] but found 'java\.lang\.Integer'\./,
    );
    assert.equal(message('$.a[0]', { a: null }), "The path $['a'] is null");
    assert.equal(
      message('$.a[0]', { a: { b: 1 } }),
      'Filter: [0] can only be applied to arrays. Current context is: {"b":1}',
    );
  });

  it('prints $ as the root for context and variable paths', () => {
    const scope = scopeOf({}, { context: { Execution: {} }, variables: { v: {} } });
    assert.equal(
      compilePath('$$.Execution.Nope').noResults(scope),
      "No results for path: $['Execution']['Nope']",
    );
    assert.equal(compilePath('$v.x').noResults(scope), "No results for path: $['x']");
  });
});
