import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeptOutputs } from './kept-outputs.ts';

describe('KeptOutputs', () => {
  it('gives back every output by index, across compressed blocks and in any order added', () => {
    const kept = new KeptOutputs();
    const expected = new Map<number, unknown>();
    // Enough to fill several 1 MiB blocks; added out of order, as children end.
    for (let i = 0; i < 60_000; i++) {
      const index = i % 2 === 0 ? i : 120_000 - i;
      const value = { id: String(index), note: index % 7 === 0 ? 'ünïcödé ✓' : 'done', n: index };
      kept.add(index, JSON.stringify(value));
      expected.set(index, value);
    }
    const big = 'y'.repeat(2_000_000);
    kept.add(7, JSON.stringify(big));
    expected.set(7, big);
    assert.deepEqual(kept.values(), expected);
  });

  it('is empty with nothing added', () => {
    assert.equal(new KeptOutputs().values().size, 0);
  });
});
