import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Retrier } from '../definition/recovery.ts';
import { compileRetriers } from '../definition/recovery.ts';
import { retryDelayMs } from './retry-delay.ts';

const retrier = (overrides: Partial<Retrier> = {}): Retrier => ({
  errorEquals: ['States.ALL'],
  intervalSeconds: 1,
  maxAttempts: 3,
  backoffRate: 2,
  maxDelaySeconds: undefined,
  jitter: 'NONE',
  ...overrides,
});

const never = (): number => {
  throw new Error('random must not be drawn without JitterStrategy FULL');
};

describe('retryDelayMs', () => {
  it('is IntervalSeconds × BackoffRate^attempt', () => {
    const r = retrier({ intervalSeconds: 3, backoffRate: 1.5 });
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => retryDelayMs(r, n, never)),
      [3000, 4500, 6750, 10125],
    );
  });

  it('uses the spec defaults: 1 s, then doubling', () => {
    const [r] = compileRetriers([{ ErrorEquals: ['States.ALL'] }]);
    assert.ok(r);
    assert.deepEqual(
      [0, 1, 2].map((n) => retryDelayMs(r, n, never)),
      [1000, 2000, 4000],
    );
    assert.equal(r.maxAttempts, 3);
  });

  it('caps the delay at MaxDelaySeconds', () => {
    const r = retrier({ intervalSeconds: 2, backoffRate: 3, maxDelaySeconds: 10 });
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => retryDelayMs(r, n, never)),
      [2000, 6000, 10000, 10000],
    );
  });

  it('keeps a BackoffRate of 1 constant', () => {
    const r = retrier({ intervalSeconds: 5, backoffRate: 1 });
    assert.equal(retryDelayMs(r, 7, never), 5000);
  });

  it('JitterStrategy FULL draws below the capped delay with the injected random', () => {
    const r = retrier({ intervalSeconds: 2, backoffRate: 2, maxDelaySeconds: 5, jitter: 'FULL' });
    assert.equal(
      retryDelayMs(r, 0, () => 0.5),
      1000,
    );
    assert.equal(
      retryDelayMs(r, 1, () => 0.25),
      1000,
    );
    assert.equal(
      retryDelayMs(r, 4, () => 0.5),
      2500,
    ); // capped at 5 s before the draw
    assert.equal(
      retryDelayMs(r, 0, () => 0),
      0,
    );
    assert.ok(retryDelayMs(r, 0, () => 0.9999999) < 2000);
  });
});
