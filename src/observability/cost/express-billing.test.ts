import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpressBilling } from './express-billing.ts';

type Observed = Parameters<ExpressBilling['closed']>[0];

const A = 'arn:aws:states:us-east-1:123456789012:stateMachine:A';
const B = 'arn:aws:states:us-east-1:123456789012:stateMachine:B';
const DAY = 86_400_000;
const MIDNIGHT = Date.UTC(2026, 11, 6);

/** A closed Express execution of `arn` that started at `start` and ran `ms`. */
function closed(arn: string, start: number, ms: number, type = 'EXPRESS'): Observed {
  return {
    record: { stateMachineArn: arn, startDate: start, stopDate: start + ms },
    stateMachine: { type },
  } as unknown as Observed;
}

describe('ExpressBilling', () => {
  it('bills each machine per UTC day, its versions and aliases with it, whatever order they close in', () => {
    const billing = new ExpressBilling();
    billing.closed(closed(A, MIDNIGHT - 1, 50)); // the day before
    billing.closed(closed(A, MIDNIGHT, 150));
    billing.closed(closed(B, MIDNIGHT + 10, 10));
    billing.closed(closed(`${A}:3`, MIDNIGHT + 20, 10)); // a version of A
    billing.closed(closed(`${A}:prod`, MIDNIGHT + DAY, 10)); // an alias, the next day
    billing.closed(closed(A, MIDNIGHT + 30, 10, 'STANDARD')); // not billed here
    assert.deepEqual(
      billing.days(A).map((d) => [d.day, d.requests, d.billedDurationMs]),
      [
        ['2026-12-05', 1, 100],
        ['2026-12-06', 2, 300],
        ['2026-12-07', 1, 100],
      ],
    );
    assert.deepEqual(billing.days(`${A}:prod`), billing.days(A));
    assert.deepEqual(
      billing.days(B).map((d) => [d.day, d.requests, d.billedMemoryMbMs]),
      [['2026-12-06', 1, 100 * 64]],
    );
  });

  it('bills an execution of an earlier day that closes late to that day', () => {
    const billing = new ExpressBilling();
    billing.closed(closed(A, MIDNIGHT + 5, 10));
    billing.closed(closed(A, MIDNIGHT - 5, 10));
    billing.closed(closed(A, MIDNIGHT + 6, 10));
    assert.deepEqual(
      billing.days(A).map((d) => [d.day, d.requests]),
      [
        ['2026-12-05', 1],
        ['2026-12-06', 2],
      ],
    );
  });
});
