import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { orderedName } from './ordered-name.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

void describe('orderedName', () => {
  void it('is a version 7 UUID whose first 48 bits are the time, the rest the random UUID’s', () => {
    const random = '0f1e2d3c-4b5a-4987-a654-3210fedcba98';
    const name = orderedName(Date.UTC(2026, 11, 4, 21, 0, 0, 5), random);
    assert.match(name, V7);
    assert.equal(name, '01a242db-5485-7987-a654-3210fedcba98');
    assert.equal(parseInt(name.slice(0, 8) + name.slice(9, 13), 16), Date.UTC(2026, 11, 4, 21, 0, 0, 5));
  });

  void it('sorts by time, whatever the random part', () => {
    const names = [1_700_000_000_000, 1_700_000_000_001, 1_700_000_000_256, 1_800_000_000_000].map((t) =>
      orderedName(t, randomUUID()),
    );
    for (const n of names) assert.match(n, V7);
    assert.deepEqual([...names].sort(), names);
  });

  void it('keeps the random part unique within one millisecond', () => {
    const names = new Set(Array.from({ length: 1000 }, () => orderedName(1_700_000_000_000, randomUUID())));
    assert.equal(names.size, 1000);
  });

  void it('writes every time from 0 to 2^48 - 1 as its 12 hex digits', () => {
    const random = randomUUID();
    for (const t of [
      0,
      1,
      255,
      256,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 32 + 1,
      0xabcdef012345,
      2 ** 48 - 1,
    ]) {
      const name = orderedName(t, random);
      assert.equal(name.slice(0, 8) + name.slice(9, 13), t.toString(16).padStart(12, '0'), `time ${t}`);
    }
  });
});
