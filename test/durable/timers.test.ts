// Durable timers (DESIGN.md decision 4): an execution whose every thread waits long is parked as
// a timer row, holding no memory; it resumes by replay when the timer fires, also after a
// restart, and its history reads as if it had never left memory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { JsonObject } from '../../src/asl/index.ts';
import { MemoryStore, openStore } from '../../src/store/drivers.ts';
import type { Store } from '../../src/store/index.ts';
import { assertChain, engineOn, ScriptedTasks, VirtualClock } from '../../src/test-support/engine-harness.ts';
import type { Engine } from '../../src/engine/index.ts';
import { RecordInStore } from '../../src/engine/index.ts';
import type { HistoryEvent } from '../../src/engine/index.ts';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const INVOKE = 'arn:aws:states:::lambda:invoke';

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const clean of cleanups) await clean();
});

/** Each test gets a store of its own. */
const STORES: Record<string, () => Promise<Store | undefined>> = {
  memory: () => Promise.resolve(new MemoryStore()),
  sqlite: () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-timers-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return openStore({ store: 'sqlite', dataDir: dir });
  },
  postgres: async () => {
    const db = await createTestDatabase('timers');
    if (!db) return undefined;
    cleanups.push(() => db.drop());
    return openStore({ store: db.url, dataDir: '' });
  },
};

function start(engine: Engine, definition: JsonObject, input: JsonObject = {}): string {
  const sm = engine.createStateMachine({
    name: `m${Math.random().toString(36).slice(2)}`,
    definition: JSON.stringify(definition),
    roleArn: ROLE,
  });
  return engine.startExecution({ stateMachineArn: sm.stateMachineArn, input: JSON.stringify(input) })
    .executionArn;
}

async function historyOf(store: Store, arn: string): Promise<HistoryEvent[]> {
  return (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent);
}

/**
 * `clock.runUntil` for stores with real I/O (PostgreSQL): virtual time moves to the next timer
 * only after the store has had real time to answer.
 */
async function finish<T>(clock: VirtualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  for (let round = 0; round < 500; round++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (settled) return watched;
    const next = Math.min(...clock.pending);
    if (Number.isFinite(next)) await clock.advance(Math.max(0, next - clock.now()));
  }
  throw new Error('the execution did not finish');
}

const LONG_WAIT: JsonObject = {
  StartAt: 'Nap',
  States: {
    Nap: { Type: 'Wait', Seconds: 300 * 24 * 60 * 60, Next: 'Done' },
    Done: { Type: 'Pass', Result: 'rested', End: true },
  },
};

for (const [kind, openKind] of Object.entries(STORES)) {
  describe(`durable timers (${kind} store)`, () => {
    const open = async (): Promise<Store> => {
      const store = await openKind();
      if (!store) throw new Error('no PostgreSQL server (set STEPWISE_TEST_POSTGRES)');
      return store;
    };
    it('parks a Wait of 300 days as a timer row and resumes it when the timer fires', async () => {
      const store = await open();
      const clock = new VirtualClock(T0);
      const engine = engineOn(store, clock);
      const arn = start(engine, LONG_WAIT);
      await clock.advance(0); // lets the park check (a zero-delay timer) run
      await engine.flushed();
      assert.deepEqual(engine.residency(), { inMemory: 0, parked: 1 });
      assert.deepEqual(await store.dueTimers(Number.MAX_SAFE_INTEGER, 10), [
        { executionArn: arn, fireAt: T0 + 300 * DAY },
      ]);
      assert.equal(engine.describeExecution(arn).status, 'RUNNING');
      assert.deepEqual(
        (await engine.readExecutionHistory(arn)).map((e) => e.type),
        ['ExecutionStarted', 'WaitStateEntered'],
      );

      const done = await finish(clock, engine.waitForExecution(arn));
      await engine.flushed();
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(done.output, '"rested"');
      const events = await historyOf(store, arn);
      assertChain(events);
      assert.deepEqual(
        events.map((e) => [e.type, e.timestamp - T0]),
        [
          ['ExecutionStarted', 0],
          ['WaitStateEntered', 0],
          ['WaitStateExited', 300 * DAY],
          ['PassStateEntered', 300 * DAY],
          ['PassStateExited', 300 * DAY],
          ['ExecutionSucceeded', 300 * DAY],
        ],
      );
      assert.deepEqual(await store.dueTimers(Number.MAX_SAFE_INTEGER, 10), [], 'the timer row is gone');
      assert.deepEqual(engine.residency(), { inMemory: 0, parked: 0 });
      await engine.close();
      await store.close();
    });

    it('keeps a parked execution asleep across a restart, and fires a timer that fell due while down', async () => {
      const store = await open();
      const clock = new VirtualClock(T0);
      const first = engineOn(store, clock);
      const asleep = start(first, LONG_WAIT);
      const due = start(first, {
        StartAt: 'Nap',
        States: { Nap: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Succeed' } },
      });
      await clock.advance(0); // lets the park check (a zero-delay timer) run
      await first.close();

      await clock.advance(2 * 3600 * 1000); // the server is down when the hour ends
      const second = engineOn(store, clock);
      assert.equal(await second.recover(), 1, 'only the execution whose timer is due runs again');
      assert.equal((await finish(clock, second.waitForExecution(due))).status, 'SUCCEEDED');
      await clock.advance(0); // lets the park check (a zero-delay timer) run
      assert.deepEqual(second.residency(), { inMemory: 0, parked: 1 });
      // Only its timer is in memory after the restart: its record is read when asked for.
      assert.throws(() => second.describeExecution(asleep), RecordInStore);
      await second.loadExecution(asleep);
      assert.equal(second.describeExecution(asleep).status, 'RUNNING');

      const done = await finish(clock, second.waitForExecution(asleep));
      await second.flushed();
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(done.stopDate, T0 + 300 * DAY);
      assertChain(await historyOf(store, asleep));
      const late = (await historyOf(store, due)).find((e) => e.type === 'WaitStateExited');
      assert.equal(late?.timestamp, T0 + 2 * 3600 * 1000, 'a timer in the past fires at once');
      await second.close();
      await store.close();
    });

    it('stops a parked execution without waking it: ExecutionAborted follows its last event', async () => {
      const store = await open();
      const clock = new VirtualClock(T0);
      const engine = engineOn(store, clock);
      const arn = start(engine, LONG_WAIT);
      await clock.advance(0); // lets the park check (a zero-delay timer) run
      await clock.advance(DAY);
      const stopped = engine.stopExecution(arn, 'Operator', 'no longer needed');
      assert.equal(stopped.status, 'ABORTED');
      await engine.flushed();
      const events = await historyOf(store, arn);
      assertChain(events);
      assert.deepEqual(events.at(-1), {
        id: 3,
        previousEventId: 2,
        timestamp: T0 + DAY,
        type: 'ExecutionAborted',
        executionAbortedEventDetails: { error: 'Operator', cause: 'no longer needed' },
      });
      assert.equal((await store.getExecution(arn))?.status, 'ABORTED');
      assert.deepEqual(await store.dueTimers(Number.MAX_SAFE_INTEGER, 10), []);
      assert.equal((await engine.waitForExecution(arn)).status, 'ABORTED');
      await clock.advance(400 * DAY);
      assert.equal((await historyOf(store, arn)).length, 3, 'nothing runs after the stop');
      await engine.close();
      await store.close();
    });
  });
}

describe('durable timers in branches, retries and limits', () => {
  it('parks only once every Parallel branch sleeps, and resumes both branches', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const tasks = new ScriptedTasks(async (r) => {
      await clock.sleep(5 * 60 * 1000, r.signal);
      return { ok: true, output: 'worked' };
    });
    const engine = engineOn(store, clock, tasks);
    const arn = start(engine, {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 7200, End: true } } },
            {
              StartAt: 'Work',
              States: {
                Work: { Type: 'Task', Resource: INVOKE, Next: 'Rest' },
                Rest: { Type: 'Wait', Seconds: 3600, End: true },
              },
            },
          ],
          End: true,
        },
      },
    });
    await clock.advance(0); // lets the park check (a zero-delay timer) run
    assert.deepEqual(engine.residency(), { inMemory: 1, parked: 0 }, 'a task is running: not parked');
    await clock.advance(5 * 60 * 1000);
    assert.deepEqual(engine.residency(), { inMemory: 0, parked: 1 }, 'both branches sleep');
    assert.deepEqual(await store.dueTimers(Number.MAX_SAFE_INTEGER, 10), [
      { executionArn: arn, fireAt: T0 + 5 * 60 * 1000 + 3600 * 1000 },
    ]);
    const done = await clock.runUntil(engine.waitForExecution(arn));
    await engine.flushed();
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output ?? ''), [{}, 'worked']);
    assert.equal(done.stopDate, T0 + 7200 * 1000);
    assert.equal(tasks.calls.length, 1, 'the finished task is not run again');
    const events = await historyOf(store, arn);
    assertChain(events);
    assert.equal(events.filter((e) => e.type === 'WaitStateExited').length, 2);
  });

  it('parks a long Retry interval and retries at the failure time plus the interval', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const tasks = new ScriptedTasks((_r, call) =>
      call === 0 ? { ok: false, error: 'Busy', cause: 'try later' } : { ok: true, output: call },
    );
    const engine = engineOn(store, clock, tasks);
    const arn = start(engine, {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: INVOKE,
          Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 6 * 3600, MaxAttempts: 1 }],
          End: true,
        },
      },
    });
    await clock.advance(0); // lets the park check (a zero-delay timer) run
    assert.deepEqual(engine.residency(), { inMemory: 0, parked: 1 });
    const done = await clock.runUntil(engine.waitForExecution(arn));
    await engine.flushed();
    assert.equal(done.status, 'SUCCEEDED');
    const scheduled = (await historyOf(store, arn)).filter((e) => e.type === 'TaskScheduled');
    assert.deepEqual(
      scheduled.map((e) => e.timestamp - T0),
      [0, 6 * 3600 * 1000],
    );
  });

  it('wakes a parked execution at its TimeoutSeconds, before the Wait ends', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const engine = engineOn(store, clock);
    const arn = start(engine, { ...LONG_WAIT, TimeoutSeconds: 2 * 24 * 3600 });
    await clock.advance(0); // lets the park check (a zero-delay timer) run
    assert.deepEqual(await store.dueTimers(Number.MAX_SAFE_INTEGER, 10), [
      { executionArn: arn, fireAt: T0 + 2 * DAY },
    ]);
    const done = await clock.runUntil(engine.waitForExecution(arn));
    await engine.flushed();
    assert.equal(done.status, 'TIMED_OUT');
    assert.equal(done.stopDate, T0 + 2 * DAY);
    assert.equal(done.error, 'States.Timeout');
    const events = await historyOf(store, arn);
    assertChain(events);
    assert.deepEqual(
      events.map((e) => e.type),
      ['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut'],
    );
  });

  it('times a Standard execution out after one year (AWS quota), whatever it waits for', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const engine = engineOn(store, clock);
    const arn = start(engine, {
      StartAt: 'Nap',
      States: { Nap: { Type: 'Wait', Seconds: 400 * 24 * 3600, End: true } },
    });
    const done = await clock.runUntil(engine.waitForExecution(arn));
    assert.equal(done.status, 'TIMED_OUT');
    assert.equal(done.error, 'States.Timeout');
    assert.equal(done.stopDate, T0 + 365 * DAY);
  });
});
