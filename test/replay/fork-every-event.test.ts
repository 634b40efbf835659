// Fork (a Stepwise extension, docs/fork-and-compare.md) at every event of the recorded replay
// histories: each fork copies the history up to that event and continues as a fresh run from
// there would. Every fork must end like its source (the scenarios' functions are deterministic),
// keep the copied events exactly, and call again only the tasks whose result was not copied.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Engine, HistoryEvent } from '../../src/engine/index.ts';
import { idle, VirtualClock } from '../../src/test-support/engine-harness.ts';
import { resetWorld, world } from './functions.ts';
import type { Fixture } from './harness.ts';
import { fixtures, runtimeOn, withDirectory } from './harness.ts';
import { SCENARIOS } from './scenarios.ts';

const REVIEW = 'arn:aws:states:us-east-1:123456789012:activity:review';
const FINAL = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut']);

/** Function calls a fork from `n` makes again: tasks started in the source whose outcome it does not copy. */
function callsAfter(history: readonly HistoryEvent[], n: number): number {
  let calls = 0;
  for (const started of history) {
    if (started.type !== 'TaskStarted') continue;
    const scheduled = history.find((e) => e.id === started.previousEventId);
    const resource = scheduled?.['taskScheduledEventDetails']?.['resource'];
    // Lambda functions are counted (world.calls), and a nested execution once: its child calls
    // `double` once (scenarios.ts, `nested`). Activities are not functions.
    if (typeof resource !== 'string' || !/^(invoke|startExecution)/.test(resource)) continue;
    // The task's events chain from TaskStarted to its outcome (TaskSubmitted in between for a callback).
    let end: HistoryEvent = started;
    for (;;) {
      const next = history.find((c) => c.previousEventId === end.id && !c.type.endsWith('StateEntered'));
      if (!next || FINAL.has(end.type)) break;
      end = next;
    }
    if (!FINAL.has(end.type) || end.id > n) calls++;
  }
  return calls;
}

/** The outside world's part for a fork: callback tokens answered, activity tasks worked, until it closes. */
async function playWorld(
  engine: Engine,
  arn: string,
  tokensBefore: number,
  answer: string | undefined,
  activity: boolean,
) {
  const control = engine.taskControl;
  const signal = new AbortController().signal;
  let answered = tokensBefore;
  while (engine.describeExecution(arn).status === 'RUNNING') {
    if (answer !== undefined && world.tokens.length > answered) {
      await control.sendTaskSuccess(world.tokens[answered++]!, answer);
    }
    const task = activity ? await control.getActivityTask(REVIEW, 'worker-1', signal, 0) : undefined;
    if (task) await control.sendTaskSuccess(task.taskToken, JSON.stringify({ score: 7 }));
    await idle();
  }
}

/** Forks of the scenario's main execution at each of its events, on the fixture's store. */
async function forkEach(fixture: Fixture): Promise<void> {
  const scenario = SCENARIOS.find((s) => s.name === fixture.scenario)!;
  resetWorld();
  await withDirectory(fixture.store, async (dir) => {
    const clock = new VirtualClock(fixture.resumedAt);
    const runtime = await runtimeOn(dir, clock);
    try {
      const { engine } = runtime;
      const machine = Object.keys(scenario.machines)[0]!;
      const main = `arn:aws:states:us-east-1:123456789012:execution:${machine}:replay`;
      const stage = { runtime, clock, executionArn: main };
      const open = fixture.store.executions.filter((x) => x.status === 'RUNNING').map((x) => x.arn);
      await clock.runUntil(
        Promise.all([scenario.finish?.(stage), ...open.map((a) => engine.waitForExecution(a))]),
      );
      const source = engine.describeExecution(main);
      const history = await engine.readExecutionHistory(main);
      const answer =
        scenario.name === 'callback' ? JSON.stringify({ approved: true, by: 'replay' }) : undefined;
      // Each event as it is, and each state entry again with its recorded input as an edit: the
      // edited path (the state entered live after the events before it) must end the same way.
      const points = history.flatMap((point) => {
        const input = point['stateEnteredEventDetails']?.['input'];
        return typeof input === 'string' ? [{ point }, { point, input }] : [{ point }];
      });
      for (const { point, input } of points) {
        const calls = world.calls;
        const tokens = world.tokens.length;
        const fork = await engine.forkExecution({
          executionArn: main,
          eventId: point.id,
          name: `fork-${point.id}${input === undefined ? '' : '-edited'}`,
          ...(input === undefined ? {} : { input }),
        });
        await clock.runUntil(
          Promise.all([
            playWorld(engine, fork.executionArn, tokens, answer, !!scenario.activities),
            engine.waitForExecution(fork.executionArn),
          ]),
        );
        const ended = engine.describeExecution(fork.executionArn);
        const at = `${scenario.name}, forked at event ${point.id} (${point.type})${input === undefined ? '' : ', input edited'}`;
        // A fork that copies the redriven source's first failure fails as that attempt did.
        const redriven = history.find((e) => e.type === 'ExecutionRedriven');
        const failed = history.find((e) => e.type === 'TaskFailed');
        if (redriven && failed && point.id >= failed.id && point.id < redriven.id) {
          assert.equal(ended.status, 'FAILED', at);
          assert.equal(ended.error, 'Broken', at);
        } else {
          assert.equal(ended.status, source.status, at);
          assert.equal(ended.output, source.output, at);
          assert.equal(ended.error, source.error, at);
        }
        const forked = await engine.readExecutionHistory(fork.executionArn);
        // Copied up to the fork point, except a closing it ends on (the fork closes anew).
        const copied = history.filter((e) => e.id < point.id || (input === undefined && e.id === point.id));
        if (/^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(copied.at(-1)!.type)) copied.pop();
        assert.deepEqual(forked.slice(0, copied.length), copied, `${at}: the copied events`);
        // Before its redrive, the redriven source's failed call is not made again: the function
        // was repaired meanwhile, so the fork's call succeeds at once (a fresh run from there).
        if (!redriven || point.id >= redriven.id) {
          assert.equal(world.calls - calls, callsAfter(history, point.id), `${at}: functions called again`);
        }
        assert.equal(ended.forkedFrom?.eventId, point.id);
        assert.equal(ended.forkedFrom.edit?.input, input);
      }
      assert.equal(engine.describeExecution(main).forks?.length, points.length);
    } finally {
      await runtime.shutdown();
    }
  });
}

describe('fork at every event of the recorded histories', () => {
  // `nested`: the parent is forked; a fork that runs its Task again starts a child of its own
  // (named after the fork).
  for (const fixture of fixtures()) {
    it(`${fixture.scenario}: ${fixture.description}`, { timeout: 120_000 }, () => forkEach(fixture));
  }
});
