import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Json } from '../asl/index.ts';
import { jsonByteSize } from './payload-size.ts';

const bytes = (v: Json): number => Buffer.byteLength(JSON.stringify(v), 'utf8');

test('jsonByteSize equals the UTF-8 length of JSON.stringify', () => {
  const values: Json[] = [
    null,
    true,
    false,
    0,
    -1.5e-7,
    2 ** 70,
    '',
    'plain',
    'quote " and backslash \\',
    'controls \b\f\n\r\t \u0001 \u001f',
    'two-byte é ß, three-byte € 漢字, four-byte 😀',
    'lone \ud800 surrogate \udc00',
    [],
    {},
    [1, 'a', null, [true, { k: 'v' }]],
    { 'ké\ny': { nested: ['x', 2, { deep: 'é' }] }, empty: {}, list: [] },
  ];
  for (const v of values) assert.equal(jsonByteSize(v), bytes(v), JSON.stringify(v));
});

test('jsonByteSize reuses the size of shared subtrees', () => {
  const shared: Json = { big: 'x'.repeat(1000) };
  const a: Json = { shared, n: 1 };
  const b: Json = { shared, n: 22 };
  assert.equal(jsonByteSize(a), bytes(a));
  assert.equal(jsonByteSize(b), bytes(b));
});
