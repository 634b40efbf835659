import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReleasingMap } from './releasing-map.ts';

test('ReleasingMap keeps entries as a Map does, in insertion order, through deletes and re-sets', () => {
  const map = new ReleasingMap<string, { n: number }>();
  const a = { n: 1 };
  map.set('a', a).set('b', { n: 2 }).set('c', { n: 3 });
  assert.equal(map.size, 3);
  assert.equal(map.get('a'), a);
  assert.equal(map.has('b'), true);
  assert.equal(map.delete('b'), true);
  assert.equal(map.delete('b'), false);
  assert.equal(map.has('b'), false);
  assert.equal(map.get('b'), undefined);
  map.set('a', { n: 4 });
  map.set('d', { n: 5 });
  assert.deepEqual(
    [...map.values()].map((v) => v.n),
    [4, 3, 5],
  );
  assert.equal(map.size, 3);
});

test('ReleasingMap: deleting entries while iterating its values skips them, as a Map does', () => {
  const map = new ReleasingMap<number, number>();
  for (let i = 0; i < 10; i++) map.set(i, i * 10);
  const seen: number[] = [];
  for (const v of map.values()) {
    seen.push(v);
    map.delete(v / 10 + 1);
  }
  assert.deepEqual(seen, [0, 20, 40, 60, 80]);
});
