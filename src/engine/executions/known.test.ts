import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionRow, Store } from '../../store/index.ts';
import type { ExecutionRecord } from '../execution.ts';
import type { ExecutionObservers } from '../observers.ts';
import { KnownExecutions } from './known.ts';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:child';
const MAP_RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:parent/Fan:run';

function record(name: string, startDate: number): ExecutionRecord {
  return {
    executionArn: `arn:aws:states:us-east-1:123456789012:execution:child:${name}`,
    stateMachineArn: SM,
    name,
    input: '{}',
    startDate,
    roleArn: 'arn:aws:iam::123456789012:role/r',
    mapRunArn: MAP_RUN,
    status: 'RUNNING',
  };
}

function row(r: ExecutionRecord): ExecutionRow {
  return {
    arn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    status: r.status,
    startDate: r.startDate,
    historyFormat: 1,
    data: { ...r, revision: 'r1' },
  };
}

describe('KnownExecutions listings', () => {
  it('list an execution that came into memory while the store was read (driven by another server, seen meanwhile)', async () => {
    const a = record('a', 1);
    const b = record('b', 2);
    let reading: (() => void) | undefined;
    const store = {
      listExecutions: () =>
        new Promise<ExecutionRow[]>((resolve) => {
          reading = () => resolve([row(b), row(a)]);
        }),
    } as unknown as Store;
    const known = new KnownExecutions({
      clock: { now: () => 0, sleep: () => Promise.resolve() },
      store,
      journal: undefined,
      due: () => {},
      observers: {} as ExecutionObservers,
      load: () => Promise.resolve(),
      remember: () => Promise.resolve(false),
    });
    // Other servers write the store: memory does not hold every execution.
    known.closed.incomplete();
    const listing = known.listedOfMapRun(MAP_RUN);
    // Memory was listed (nothing); the store's answer comes after `b` was seen driven elsewhere.
    known.elsewhere.set(b.executionArn, b);
    reading!();
    assert.deepEqual(
      (await listing).map((r) => r.name),
      ['b', 'a'],
    );
  });
});
