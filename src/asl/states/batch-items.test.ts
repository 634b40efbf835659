import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../json.ts';
import { batchItems, MAX_INPUT_BYTES_PER_BATCH } from './batch-items.ts';

const limits = (l: { items?: number; bytes?: number; batchInput?: Json }) => ({
  maxItemsPerBatch: l.items,
  maxInputBytesPerBatch: l.bytes,
  batchInput: l.batchInput,
});
const bytes = (v: JsonObject): number => Buffer.byteLength(JSON.stringify(v), 'utf8');
const sizes = (batches: JsonObject[]): number[] => batches.map((b) => (b['Items'] as Json[]).length);

describe('batchItems', () => {
  it('groups by MaxItemsPerBatch, in order, the last batch holding the rest', () => {
    assert.deepEqual(batchItems([1, 2, 3, 4, 5], limits({ items: 2 })), [
      { Items: [1, 2] },
      { Items: [3, 4] },
      { Items: [5] },
    ]);
    // The guide's example: 1130 items, 100 per batch -> 11 batches of 100 and one of 30.
    const many = batchItems(
      Array.from({ length: 1130 }, (_, i) => i),
      limits({ items: 100 }),
    );
    assert.deepEqual(sizes(many), [...Array<number>(11).fill(100), 30]);
  });

  it('makes no batch of no items', () => {
    assert.deepEqual(batchItems([], limits({ items: 3 })), []);
  });

  it('groups by MaxInputBytesPerBatch, counted on the child input as sent', () => {
    // {"Items":[]} is 12 bytes; "aaaa" is 6, plus a comma after the first.
    const items = ['aaaa', 'aaaa', 'aaaa', 'aaaa', 'aaaa'];
    const batches = batchItems(items, limits({ bytes: 25 }));
    assert.deepEqual(sizes(batches), [2, 2, 1]);
    assert.equal(bytes(batches[0]!), 25, 'a batch may reach the limit exactly');
    assert.deepEqual(sizes(batchItems(items, limits({ bytes: 24 }))), [1, 1, 1, 1, 1]);
  });

  it('counts bytes of UTF-8, not characters', () => {
    // "éé" is 4 characters of JSON but 6 bytes.
    const batches = batchItems(['éé', 'éé'], limits({ bytes: 12 + 6 + 1 + 6 - 1 }));
    assert.deepEqual(sizes(batches), [1, 1]);
    assert.deepEqual(sizes(batchItems(['éé', 'éé'], limits({ bytes: 12 + 6 + 1 + 6 }))), [2]);
  });

  it('closes a batch on whichever limit comes first', () => {
    const items = ['aaaa', 'aaaa', 'aaaa', 'aaaa', 'aaaa'];
    assert.deepEqual(sizes(batchItems(items, limits({ items: 3, bytes: 1000 }))), [3, 2]);
    assert.deepEqual(sizes(batchItems(items, limits({ items: 3, bytes: 25 }))), [2, 2, 1]);
  });

  it('puts BatchInput first in every child input and counts it toward the byte limit', () => {
    const batchInput = { factCheck: 'December 2022' };
    const batches = batchItems(['a', 'b', 'c'], limits({ items: 2, batchInput }));
    assert.deepEqual(batches, [
      { BatchInput: batchInput, Items: ['a', 'b'] },
      { BatchInput: batchInput, Items: ['c'] },
    ]);
    assert.equal(
      JSON.stringify(batches[0]),
      '{"BatchInput":{"factCheck":"December 2022"},"Items":["a","b"]}',
    );
    // {"BatchInput":{"factCheck":"December 2022"},"Items":[]} is 55 bytes; "a" is 3.
    const tight = batchItems(['a', 'b', 'c'], limits({ bytes: 55 + 3 + 1 + 3, batchInput }));
    assert.deepEqual(sizes(tight), [2, 1]);
    for (const b of tight) assert.ok(bytes(b) <= 62);
  });

  it('keeps every child input within 256 KiB, with or without a byte limit', () => {
    const item = 'x'.repeat(100_000);
    const items = [item, item, item, item, item];
    assert.deepEqual(sizes(batchItems(items, limits({ items: 100 }))), [2, 2, 1]);
    assert.deepEqual(sizes(batchItems(items, limits({ bytes: 10 * MAX_INPUT_BYTES_PER_BATCH }))), [2, 2, 1]);
    for (const b of batchItems(items, limits({}))) assert.ok(bytes(b) <= MAX_INPUT_BYTES_PER_BATCH);
  });

  it('gives an item larger than the byte limit a batch of its own', () => {
    assert.deepEqual(batchItems(['a', 'x'.repeat(50), 'b'], limits({ bytes: 30 })), [
      { Items: ['a'] },
      { Items: ['x'.repeat(50)] },
      { Items: ['b'] },
    ]);
  });
});
