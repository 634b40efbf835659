import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../asl/index.ts';
import { surelyFits } from './limits.ts';

const bytes = (value: Json): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('surelyFits: an upper bound of a payload’s UTF-8 JSON size, without writing it', () => {
  const values: Json[] = [
    null,
    true,
    false,
    0,
    -0.0000012345678901234567,
    -1.7976931348623157e308,
    5e-324,
    123456789012345680000,
    '',
    'plain',
    'quote " backslash \\ newline \n control \u0001',
    'é€😀',
    '\ud800 lone surrogate',
    [],
    {},
    [1, 'two', [3, { four: null }]],
    { a: 1, 'ké\u0002y': ['x', { y: true }], nested: { deeper: { deepest: 'z'.repeat(100) } } },
  ];

  it('never says a value fits in fewer bytes than its JSON text takes', () => {
    for (const value of values) {
      const n = bytes(value);
      assert.equal(surelyFits(value, n - 1), false, JSON.stringify(value));
    }
  });

  it('says small payloads fit AWS’s 256 KiB at once', () => {
    for (const value of values) assert.equal(surelyFits(value, 262_144), true, JSON.stringify(value));
  });

  it('is not sure of a value nested deeper than it walks', () => {
    let deep: Json = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    assert.equal(surelyFits(deep, 262_144), false);
  });

  it('says every value fits an engine without a payload quota, however deep', () => {
    let deep: Json = 'x'.repeat(1000);
    for (let i = 0; i < 40; i++) deep = { deep };
    assert.equal(surelyFits(deep, Number.POSITIVE_INFINITY), true);
  });
});
