import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { uuidsFrom } from './uuids.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidsFrom', () => {
  it('writes the bytes it is given as a version 4 UUID, version and variant bits set', () => {
    const uuid = uuidsFrom((bytes) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = i === 16 + 6 || i === 16 + 8 ? 0xff : i % 256;
    });
    assert.equal(uuid(), '00010203-0405-4607-8809-0a0b0c0d0e0f');
    // The second reads the next 16 bytes; its version and variant bytes were 0xff.
    assert.equal(uuid(), '10111213-1415-4f17-bf19-1a1b1c1d1e1f');
  });

  it('reads 256 UUIDs of bytes at a time, and gives texts that later calls do not change', () => {
    let fills = 0;
    const uuid = uuidsFrom((bytes) => {
      fills++;
      randomFillSync(bytes);
    });
    const seen = Array.from({ length: 600 }, uuid);
    assert.equal(fills, 3);
    for (const text of seen) assert.match(text, V4);
    assert.equal(new Set(seen).size, seen.length);
    const first = seen[0]!;
    assert.equal(uuid().length, 36);
    assert.equal(seen[0], first);
  });
});
