import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JavaRandom } from './java-random.ts';

// Expected values printed by OpenJDK's java.util.Random (jshell).
describe('JavaRandom', () => {
  it('matches java.util.Random for power-of-two and other bounds', () => {
    assert.equal(new JavaRandom(0).nextInt(2 ** 30), 784870680);
    assert.equal(new JavaRandom(42).nextInt(10), 0);
    assert.equal(new JavaRandom(42).nextInt(100), 30);
    assert.equal(new JavaRandom(-10).nextInt(999), 144);
    assert.equal(new JavaRandom(123456789012).nextInt(7), 3);
  });
  it('continues the sequence on each call', () => {
    const random = new JavaRandom(7);
    const draws = Array.from({ length: 5 }, () => random.nextInt(1000));
    assert.ok(new Set(draws).size > 1);
    assert.ok(draws.every((draw) => draw >= 0 && draw < 1000));
  });
});
