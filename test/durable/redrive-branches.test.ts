// RedriveExecution on a Parallel or an inline Map re-runs only the branches and iterations that
// failed or were aborted (AWS RedriveExecution API reference: "For workflows that include an
// Inline Map or Parallel state, RedriveExecution API action reschedules and redrives only the
// iterations and branches that failed or aborted"); the others keep their recorded results.
// A distributed Map, or a Parallel/Map that its own Retry ran again, still runs again whole.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { JsonObject } from '../../src/asl/index.ts';
import type { TaskRequest, TaskResult } from '../../src/integrations/index.ts';
import { MemoryStore } from '../../src/store/drivers.ts';
import type { Doc } from '../../src/store/index.ts';
import { engineOn, ScriptedTasks, VirtualClock } from '../../src/test-support/engine-harness.ts';
import type { Engine } from '../../src/engine/index.ts';
import type { HistoryEvent } from '../../src/engine/index.ts';

const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const INVOKE = 'arn:aws:states:::lambda:invoke';

const task = (parameters: JsonObject, extra: JsonObject = {}): JsonObject => ({
  Type: 'Task',
  Resource: INVOKE,
  Parameters: parameters,
  End: true,
  ...extra,
});

/** A Parallel of three one-task branches. */
const FAN: JsonObject = {
  Type: 'Parallel',
  Branches: ['a', 'b', 'c'].map((step) => ({
    StartAt: step.toUpperCase(),
    States: { [step.toUpperCase()]: task({ step }) },
  })),
  End: true,
};
const PARALLEL: JsonObject = { StartAt: 'Fan', States: { Fan: FAN } };

/** An inline Map over `$` calling one task per item, all at once. */
const EACH: JsonObject = {
  Type: 'Map',
  MaxConcurrency: 0,
  ItemProcessor: { StartAt: 'Item', States: { Item: task({ 'item.$': '$' }) } },
  End: true,
};
const MAP: JsonObject = { StartAt: 'Each', States: { Each: EACH } };

/** A Map whose iterations each run a Parallel of two tasks. */
const NESTED: JsonObject = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Sides',
        States: {
          Sides: {
            Type: 'Parallel',
            Branches: ['l', 'r'].map((side) => ({
              StartAt: side.toUpperCase(),
              States: { [side.toUpperCase()]: task({ 'item.$': '$', side }) },
            })),
            End: true,
          },
        },
      },
      End: true,
    },
  },
};

type Step = (parameters: JsonObject) => 'fail' | 'slow' | 'ok';

/**
 * Tasks answer their parameters (with `done: true`); a failing one fails after a virtual second,
 * so that its siblings have finished by then (they are not aborted), and a slow one succeeds
 * after five virtual seconds.
 */
function tasks(clock: VirtualClock, step: Step): ScriptedTasks {
  return new ScriptedTasks(async (r: TaskRequest): Promise<TaskResult> => {
    const parameters = r.parameters as JsonObject;
    const how = step(parameters);
    if (how === 'fail') {
      await clock.sleep(1000, r.signal);
      return { ok: false, error: 'Boom', cause: JSON.stringify(parameters) };
    }
    if (how === 'slow') await clock.sleep(5000, r.signal);
    return { ok: true, output: { ...parameters, done: true } };
  });
}

interface Failed {
  readonly store: MemoryStore;
  readonly clock: VirtualClock;
  readonly engine: Engine;
  readonly runner: ScriptedTasks;
  readonly executionArn: string;
}

/** Engines of failed runs, closed after each test. */
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
});

/** Runs `definition` on `input` to its failure. */
async function failedRun(definition: JsonObject, input: unknown, step: Step): Promise<Failed> {
  const store = new MemoryStore();
  const clock = new VirtualClock();
  const runner = tasks(clock, step);
  const engine = engineOn(store, clock, runner);
  engines.push(engine);
  const sm = engine.createStateMachine({ name: 'M', definition: JSON.stringify(definition), roleArn: ROLE });
  const { executionArn } = engine.startExecution({
    stateMachineArn: sm.stateMachineArn,
    name: 'e',
    input: JSON.stringify(input),
  });
  assert.equal((await clock.runUntil(engine.waitForExecution(executionArn))).status, 'FAILED');
  return { store, clock, engine, runner, executionArn };
}

/** Redrives a failed run with tasks that now behave as `step`; returns the calls it made. */
async function redrive(
  run: Failed,
  step: Step,
): Promise<{ status: string; output: unknown; calls: unknown[] }> {
  run.runner.calls.length = 0;
  run.runner.script = tasks(run.clock, step).script;
  await run.engine.redriveExecution(run.executionArn);
  const done = await run.clock.runUntil(run.engine.waitForExecution(run.executionArn));
  await run.engine.flushed();
  return {
    status: done.status,
    output: done.output === undefined ? undefined : JSON.parse(done.output),
    calls: run.runner.calls.map((r) => r.parameters),
  };
}

const stored = async (store: MemoryStore, arn: string): Promise<HistoryEvent[]> =>
  (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent);

/** Ids 1..n, each event chained to an earlier one (ExecutionStarted to 0). */
function assertChained(events: readonly HistoryEvent[]): void {
  events.forEach((e, i) => {
    assert.equal(e.id, i + 1);
    assert.ok(e.previousEventId < e.id, `event ${e.id} chains forward`);
    assert.equal(e.previousEventId === 0, e.type === 'ExecutionStarted', `event ${e.id} chains to 0`);
  });
}

const count = (events: readonly HistoryEvent[], type: string, name?: string): number =>
  events.filter(
    (e) =>
      e.type === type &&
      (name === undefined ||
        e.stateEnteredEventDetails?.['name'] === name ||
        e.stateExitedEventDetails?.['name'] === name),
  ).length;

const indexOf = (e: HistoryEvent): unknown =>
  (e.mapIterationStartedEventDetails ??
    e.mapIterationSucceededEventDetails ??
    e.mapIterationFailedEventDetails)?.['index'];

describe('redrive re-runs only the failed branches and iterations', () => {
  it('a Parallel runs again only its failed branch', async () => {
    const run = await failedRun(PARALLEL, {}, (p) => (p['step'] === 'b' ? 'fail' : 'ok'));
    assert.deepEqual(
      run.runner.calls.map((r) => r.parameters),
      [{ step: 'a' }, { step: 'b' }, { step: 'c' }],
    );
    const result = await redrive(run, () => 'ok');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.calls, [{ step: 'b' }]);
    assert.deepEqual(result.output, [
      { step: 'a', done: true },
      { step: 'b', done: true },
      { step: 'c', done: true },
    ]);
    const events = await stored(run.store, run.executionArn);
    assertChained(events);
    // The Parallel is entered and started once; its failed attempt's marker stays in the history.
    assert.equal(count(events, 'ParallelStateEntered'), 1);
    assert.equal(count(events, 'ParallelStateStarted'), 1);
    assert.equal(count(events, 'ParallelStateFailed'), 1);
    assert.equal(count(events, 'ParallelStateExited'), 1);
    assert.equal(count(events, 'TaskStateEntered', 'A'), 1);
    assert.equal(count(events, 'TaskStateEntered', 'C'), 1);
    assert.equal(count(events, 'TaskStateEntered', 'B'), 2);
    // B is entered again from the recorded ParallelStateStarted, after the redrive.
    const started = events.find((e) => e.type === 'ParallelStateStarted');
    const redriven = events.find((e) => e.type === 'ExecutionRedriven');
    const again = events.findLast((e) => e.stateEnteredEventDetails?.['name'] === 'B');
    assert.ok(started && redriven && again);
    assert.equal(again.previousEventId, started.id);
    assert.ok(again.id > redriven.id);
    assert.equal(events.at(-1)?.type, 'ExecutionSucceeded');
  });

  it('an inline Map runs again only its failed iteration', async () => {
    const run = await failedRun(MAP, [1, 2, 3, 4, 5], (p) => (p['item'] === 3 ? 'fail' : 'ok'));
    assert.equal(run.runner.calls.length, 5);
    const result = await redrive(run, () => 'ok');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.calls, [{ item: 3 }]);
    assert.deepEqual(
      result.output,
      [1, 2, 3, 4, 5].map((item) => ({ item, done: true })),
    );
    const events = await stored(run.store, run.executionArn);
    assertChained(events);
    assert.equal(count(events, 'MapStateEntered'), 1);
    assert.equal(count(events, 'MapStateStarted'), 1);
    // Every iteration started once (item 3's start is adopted); item 3 failed, then succeeded.
    assert.deepEqual(events.filter((e) => e.type === 'MapIterationStarted').map(indexOf), [0, 1, 2, 3, 4]);
    assert.deepEqual(events.filter((e) => e.type === 'MapIterationFailed').map(indexOf), [2]);
    assert.deepEqual(
      events
        .filter((e) => e.type === 'MapIterationSucceeded')
        .map(indexOf)
        .sort(),
      [0, 1, 2, 3, 4],
    );
    assert.equal(count(events, 'TaskStateEntered'), 6);
    assert.equal(count(events, 'MapStateFailed'), 1);
    assert.equal(count(events, 'MapStateSucceeded'), 1);
    assert.equal(events.at(-1)?.type, 'ExecutionSucceeded');
  });

  it('a Parallel inside a Map iteration runs again only its failed branch', async () => {
    const run = await failedRun(NESTED, [0, 1, 2], (p) =>
      p['item'] === 1 && p['side'] === 'r' ? 'fail' : 'ok',
    );
    assert.equal(run.runner.calls.length, 6);
    const result = await redrive(run, () => 'ok');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.calls, [{ item: 1, side: 'r' }]);
    assert.deepEqual(
      result.output,
      [0, 1, 2].map((item) => [
        { item, side: 'l', done: true },
        { item, side: 'r', done: true },
      ]),
    );
    const events = await stored(run.store, run.executionArn);
    assertChained(events);
    assert.equal(count(events, 'MapStateEntered'), 1);
    assert.equal(count(events, 'MapIterationStarted'), 3);
    assert.equal(count(events, 'ParallelStateEntered'), 3);
    assert.equal(count(events, 'ParallelStateStarted'), 3);
    assert.equal(count(events, 'TaskStateEntered', 'R'), 4);
    assert.equal(count(events, 'TaskStateEntered', 'L'), 3);
  });

  it('a Map inside a Parallel branch runs again only its failed iteration', async () => {
    const definition: JsonObject = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'One', States: { One: task({ step: 'one' }) } },
            { StartAt: 'Each', States: { Each: EACH } },
          ],
          End: true,
        },
      },
    };
    const run = await failedRun(definition, [1, 2, 3], (p) => (p['item'] === 2 ? 'fail' : 'ok'));
    assert.equal(run.runner.calls.length, 4);
    const result = await redrive(run, () => 'ok');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.calls, [{ item: 2 }]);
    assert.deepEqual(result.output, [
      { step: 'one', done: true },
      [1, 2, 3].map((item) => ({ item, done: true })),
    ]);
    assertChained(await stored(run.store, run.executionArn));
  });

  it('a Parallel that its Retry ran again runs again whole', async () => {
    const definition: JsonObject = {
      StartAt: 'Fan',
      States: {
        Fan: {
          ...FAN,
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 1 }],
        },
      },
    };
    const run = await failedRun(definition, {}, (p) => (p['step'] === 'b' ? 'fail' : 'ok'));
    assert.equal(run.runner.calls.length, 6);
    const result = await redrive(run, () => 'ok');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.calls, [{ step: 'a' }, { step: 'b' }, { step: 'c' }]);
    const events = await stored(run.store, run.executionArn);
    assertChained(events);
    assert.equal(count(events, 'ParallelStateEntered'), 2);
  });

  it('a distributed Map Run is redriven: only its unsuccessful children run again (AWS guide, redrive-map-run)', async () => {
    const definition: JsonObject = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Item',
            States: { Item: task({ 'item.$': '$' }) },
          },
          End: true,
        },
      },
    };
    const run = await failedRun(definition, [1, 2, 3], (p) => (p['item'] === 2 ? 'fail' : 'ok'));
    const result = await redrive(run, () => 'ok');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.calls, [{ item: 2 }]);
    const events = await stored(run.store, run.executionArn);
    assertChained(events);
    // The Map state is not entered again: its run goes on (MapRunRedriven).
    assert.equal(count(events, 'MapStateEntered'), 1);
    assert.equal(count(events, 'MapRunRedriven'), 1);
  });

  it('a Parallel redriven twice keeps what each attempt finished', async () => {
    // First b fails; on the first redrive b succeeds and c fails; the second redrive runs c only.
    const run = await failedRun(PARALLEL, {}, (p) =>
      p['step'] === 'b' ? 'fail' : p['step'] === 'c' ? 'slow' : 'ok',
    );
    let result = await redrive(run, (p) => (p['step'] === 'c' ? 'fail' : 'ok'));
    // c was aborted when b failed (it was slow): it runs again with b.
    assert.equal(result.status, 'FAILED');
    assert.deepEqual(result.calls, [{ step: 'b' }, { step: 'c' }]);
    result = await redrive(run, () => 'ok');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.calls, [{ step: 'c' }]);
    assert.deepEqual(result.output, [
      { step: 'a', done: true },
      { step: 'b', done: true },
      { step: 'c', done: true },
    ]);
    const events = await stored(run.store, run.executionArn);
    assertChained(events);
    assert.equal(count(events, 'ParallelStateEntered'), 1);
    assert.equal(count(events, 'TaskStateEntered', 'A'), 1);
    assert.equal(count(events, 'TaskStateEntered', 'B'), 2);
    assert.equal(count(events, 'TaskStateEntered', 'C'), 3);
  });

  it('a Map that exited with a tolerated failure is kept whole, its failed iteration too', async () => {
    const { End: _end, ...map } = EACH;
    const definition: JsonObject = {
      StartAt: 'Each',
      States: {
        Each: { ...map, ToleratedFailureCount: 1, Next: 'Last' },
        Last: task({ step: 'last' }),
      },
    };
    const run = await failedRun(definition, [1, 2, 3], (p) =>
      p['item'] === 2 || p['step'] === 'last' ? 'fail' : 'ok',
    );
    const result = await redrive(run, (p) => (p['item'] === 2 ? 'fail' : 'ok'));
    assert.equal(result.status, 'SUCCEEDED');
    // Only the failed state after the Map runs again; the tolerated failure stands as recorded.
    assert.deepEqual(result.calls, [{ step: 'last' }]);
    const events = await stored(run.store, run.executionArn);
    assertChained(events);
    assert.equal(count(events, 'MapIterationFailed'), 1);
    assert.equal(count(events, 'MapStateExited'), 1);
  });

  it('a redriven Parallel interrupted by a crash resumes without running its branches again', async () => {
    const run = await failedRun(PARALLEL, {}, (p) => (p['step'] === 'b' ? 'fail' : 'ok'));
    await run.engine.close();
    // Redriven by a new process, which dies while b runs again (slowly).
    const secondTasks = tasks(run.clock, (p) => (p['step'] === 'b' ? 'slow' : 'ok'));
    const second = engineOn(run.store, run.clock, secondTasks);
    await second.recover();
    await second.redriveExecution(run.executionArn);
    await run.clock.advance(1000);
    await second.close();
    assert.deepEqual(
      secondTasks.calls.map((r) => r.parameters),
      [{ step: 'b' }],
    );

    const thirdTasks = tasks(run.clock, () => 'ok');
    const third = engineOn(run.store, run.clock, thirdTasks);
    assert.equal(await third.recover(), 1);
    const done = await run.clock.runUntil(third.waitForExecution(run.executionArn));
    await third.flushed();
    assert.equal(done.status, 'SUCCEEDED');
    // b's result was not recorded before the crash: it runs again (at least once); a and c do not.
    assert.deepEqual(
      thirdTasks.calls.map((r) => r.parameters),
      [{ step: 'b' }],
    );
    assert.deepEqual(JSON.parse(done.output ?? ''), [
      { step: 'a', done: true },
      { step: 'b', done: true },
      { step: 'c', done: true },
    ]);
    const events = await stored(run.store, run.executionArn);
    assertChained(events);
    assert.equal(count(events, 'ParallelStateEntered'), 1);
    assert.equal(count(events, 'TaskStateEntered', 'B'), 2);
    await third.close();
  });

  it('a redrive cut at any of its committed events finishes as the uninterrupted redrive', async () => {
    // A Parallel of a task and a Map whose item 2 fails at first, and takes a while on the redrive.
    const definition: JsonObject = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'One', States: { One: task({ step: 'one' }) } },
            { StartAt: 'Each', States: { Each: EACH } },
          ],
          End: true,
        },
      },
    };
    const run = await failedRun(definition, [1, 2, 3], (p) => (p['item'] === 2 ? 'fail' : 'ok'));
    const reference = await redrive(run, () => 'slow');
    assert.equal(reference.status, 'SUCCEEDED');
    assert.deepEqual(reference.calls, [{ item: 2 }]);
    const full = await stored(run.store, run.executionArn);
    const row = await run.store.getExecution(run.executionArn);
    assert.ok(row);
    const documents = [
      ...(await run.store.listDocuments('stateMachine')),
      ...(await run.store.listDocuments('stateMachineRevision')),
    ];
    const redriven = full.find((e) => e.type === 'ExecutionRedriven')?.id ?? 0;
    const shape = (e: HistoryEvent): string =>
      JSON.stringify([e.type, e.previousEventId <= redriven ? e.previousEventId : 0]);
    for (let cut = redriven; cut < full.length; cut++) {
      const where = `cut after event ${cut} (${full[cut - 1]?.type})`;
      const crashed = new MemoryStore();
      const { output: _o, stopDate: _s, ...open } = row.data as Doc & { output?: string; stopDate?: number };
      await crashed.commit({
        documents,
        executions: [{ ...row, status: 'RUNNING', data: { ...open, status: 'RUNNING' } }],
        events: full
          .slice(0, cut)
          .map((e) => ({ executionArn: run.executionArn, id: e.id, data: e as unknown as Doc })),
      });
      const clock = new VirtualClock(full[cut - 1]?.timestamp);
      const runner = tasks(clock, () => 'slow');
      const resumed = engineOn(crashed, clock, runner);
      assert.equal(await resumed.recover(), 1, where);
      const record = await clock.runUntil(resumed.waitForExecution(run.executionArn));
      await resumed.flushed();
      assert.equal(record.status, 'SUCCEEDED', where);
      assert.deepEqual(JSON.parse(record.output ?? ''), reference.output, where);
      const events = await stored(crashed, run.executionArn);
      assertChained(events);
      assert.deepEqual(events.slice(0, cut), full.slice(0, cut), where);
      // The same events, chained to the same recorded ones (the new ones' ids may differ).
      assert.deepEqual(events.map(shape).sort(), full.map(shape).sort(), where);
      // Only item 2 runs again, and only if its result was not recorded before the cut.
      const recorded = full.slice(0, cut).some((e) => e.id > redriven && e.type === 'TaskSucceeded');
      assert.deepEqual(
        runner.calls.map((r) => r.parameters),
        recorded ? [] : [{ item: 2 }],
        where,
      );
      await resumed.close();
    }
  });
});
