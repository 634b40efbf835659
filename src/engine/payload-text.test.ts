import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../asl/index.ts';
import { PayloadText } from './payload-text.ts';

describe('PayloadText: payloads written one after the other, exactly as JSON.stringify writes them', () => {
  it('writes each of a sequence sharing members as JSON.stringify does', () => {
    const data: JsonObject = { name: 'bench', items: [1, 2, 3], meta: { a: 1, 'k"\u2028': [true, null] } };
    const proto = JSON.parse('{"__proto__": {"p": 1}, "x": 0}') as JsonObject;
    const values: Json[] = [
      { data, last: { step: -1 } },
      { data, last: { step: 0, meta: data['meta']! } },
      { data, last: { step: 1 } },
      { last: { step: 1 }, data },
      { data, last: { step: 2 }, extra: 'é😀', n: -0, big: 1e21 },
      { data, last: { step: 2 }, extra: 'é😀', n: 0 },
      { data: { ...data }, last: 3 },
      { data: 'replaced', last: 3 },
      proto,
      { ...proto, y: proto['__proto__']! },
      { ...proto, y: proto['__proto__']! },
      [data, data],
      'text',
      7,
      null,
      { data },
      { data },
      {},
      { data, '': data, '1': data, '0': 'zero' },
      { data, '': data, '1': data, '0': 'zero' },
    ];
    const texts = new PayloadText();
    for (const value of values) assert.equal(texts.of(value), JSON.stringify(value), JSON.stringify(value));
  });

  it('answers the seeded text for the seeded value, and forgets it once cleared', () => {
    const texts = new PayloadText();
    const input = { a: 1 };
    texts.seed(input, '{"a":1}');
    assert.equal(texts.of(input), '{"a":1}');
    texts.clear();
    const next = { a: 1, b: input };
    assert.equal(texts.of(next), '{"a":1,"b":{"a":1}}');
  });
});
