import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AslFailure } from '../../errors/failure.ts';
import { compileStringMatches } from './string-matches.ts';

describe('compileStringMatches', () => {
  it('matches the spec examples', () => {
    assert.equal(compileStringMatches('foo*.log')('foo23.log'), true);
    assert.equal(compileStringMatches('*.log')('zebra.log'), true);
    assert.equal(compileStringMatches('foo*.*')('foobar.zebra'), true);
    assert.equal(compileStringMatches('foo*.log')('foo23.txt'), false);
  });

  it('lets * match nothing and anything, and needs the whole text', () => {
    assert.equal(compileStringMatches('*')(''), true);
    assert.equal(compileStringMatches('a*b')('ab'), true);
    assert.equal(compileStringMatches('a*b')('ab!'), false);
    assert.equal(compileStringMatches('a*b*b')('abxb'), true);
    assert.equal(compileStringMatches('a*ba*ab')('aba'), false);
    assert.equal(compileStringMatches('**x**')('yyxyy'), true);
    assert.equal(compileStringMatches('abc')('abc'), true);
    assert.equal(compileStringMatches('abc')('abcd'), false);
  });

  it('gives no other character a meaning', () => {
    assert.equal(compileStringMatches('a.c?[x]')('a.c?[x]'), true);
    assert.equal(compileStringMatches('a.c')('abc'), false);
  });

  it('reads \\* as a literal star and \\\\ as a literal backslash', () => {
    assert.equal(compileStringMatches('a\\*b')('a*b'), true);
    assert.equal(compileStringMatches('a\\*b')('axb'), false);
    assert.equal(compileStringMatches('a\\\\*')('a\\anything'), true);
    assert.equal(compileStringMatches('a\\\\*')('ab'), false);
  });

  it('fails at run time on an open escape', () => {
    assert.throws(() => compileStringMatches('abc\\')('abc'), AslFailure);
    assert.throws(() => compileStringMatches('a\\bc')('abc'), AslFailure);
  });
});
