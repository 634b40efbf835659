import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePath, isReferencePath, PathSyntaxError, pathSyntaxError } from './index.ts';

describe('pathSyntaxError', () => {
  it('accepts the path forms AWS accepts', () => {
    for (const ok of [
      '$',
      '$$',
      '$.a',
      '$$.Execution.Input',
      '$myVar',
      '$my_var2.a[0]',
      "$['a b']",
      '$["x"]',
      '$.[0]',
      '$..a',
      '$..[0]',
      '$.a[*]',
      '$.a.*',
      '$[0,1]',
      "$['a','b']",
      '$[1:3]',
      '$[:2]',
      '$[-2:]',
      '$.a[?(@.price < 10)]',
      '$.a[?(@.b == "x" && (@.c || !@.d))]',
      '$.a[?(@.n =~ /a.*/i)]',
      '$.a.length()',
      '$.a-b.c:d',
    ]) {
      assert.equal(pathSyntaxError(ok), undefined, ok);
    }
  });

  it('rejects malformed paths with a reason', () => {
    for (const bad of [
      '',
      'a.b',
      '$.',
      '$..',
      '$.a.',
      '$.a b',
      '$[',
      "$['a'",
      "$['a]",
      '$[]',
      '$[a]',
      '$.a[?(@.b <)]',
      '$.a[?(@.b == 1]',
      '$.nope()',
      '$[0]x',
      '$[0,]',
    ]) {
      const reason = pathSyntaxError(bad);
      assert.equal(typeof reason, 'string', bad);
    }
    assert.equal(pathSyntaxError('a.b'), "A path must start with '$' at position 0 in path 'a.b'");
  });

  it('compilePath throws PathSyntaxError for invalid syntax', () => {
    assert.throws(() => compilePath('$.'), PathSyntaxError);
  });
});

describe('isReferencePath', () => {
  it('accepts single-node paths', () => {
    for (const ok of ['$', '$.a.b', "$['a']", '$.a[0]', '$.a[-1]', '$$.Execution.Id', '$v.x']) {
      assert.equal(isReferencePath(ok), true, ok);
    }
  });
  it('rejects wildcards, filters, slices, unions, deep scan, functions and bad syntax', () => {
    for (const bad of [
      '$.a[*]',
      '$.*',
      '$..a',
      '$.a[0,1]',
      "$['a','b']",
      '$.a[1:2]',
      '$.a[?(@.b)]',
      '$.a.length()',
      '$.',
    ]) {
      assert.equal(isReferencePath(bad), false, bad);
    }
  });
});
