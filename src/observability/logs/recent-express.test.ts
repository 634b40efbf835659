import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../../engine/index.ts';
import { RecentExpress } from './recent-express.ts';

const event = (id: number): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: 0, type: 'X' });

describe('RecentExpress (the Express executions a fork can read when logs go to standard output)', () => {
  it('keeps the latest executions, the oldest dropped first', () => {
    const recent = new RecentExpress(2, 100);
    for (const arn of ['a', 'b', 'c']) recent.keep(arn)(event(1));
    assert.equal(recent.events('a'), undefined);
    assert.deepEqual(recent.events('b'), [event(1)]);
    assert.deepEqual(recent.events('c'), [event(1)]);
  });

  it('keeps at most so many events in all: older executions go first, then a too large one itself', () => {
    const recent = new RecentExpress(10, 3);
    const a = recent.keep('a');
    a(event(1));
    a(event(2));
    const b = recent.keep('b');
    b(event(1));
    b(event(2));
    assert.equal(recent.events('a'), undefined);
    assert.equal(recent.events('b')?.length, 2);
    b(event(3));
    b(event(4));
    assert.equal(recent.events('b'), undefined, 'more events than all may hold');
    b(event(5));
    const c = recent.keep('c');
    c(event(1));
    assert.deepEqual(recent.events('c'), [event(1)]);
  });
});
