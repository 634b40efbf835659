import assert from 'node:assert/strict';
import type { Json, JsonObject } from '../asl/index.ts';
import type { TaskScript } from '../test-support/engine-harness.ts';
import { assertChain, engineOn, ScriptedTasks, VirtualClock } from '../test-support/engine-harness.ts';
import type { HistoryEvent } from './history/event.ts';
import { MAX_STANDARD_SECONDS } from './limits.ts';

/** Shared setup of the execution-history tests: one machine, one execution on a virtual clock. */
export const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
export const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
export const NOT_TRUNCATED = { truncated: false };

/**
 * Runs `definition` once on `input` (task calls answered by `script`) and returns the execution
 * with its history, and checks of that history: `at(id)`, `types()`, `links(steps)`.
 */
export async function execute(definition: JsonObject, input: Json = {}, script?: TaskScript) {
  const clock = new VirtualClock(T0);
  const tasks = new ScriptedTasks(script);
  const engine = engineOn(undefined, clock, tasks);
  const sm = engine.createStateMachine({ name: 'M', definition: JSON.stringify(definition), roleArn: ROLE });
  const started = engine.startExecution({
    stateMachineArn: sm.stateMachineArn,
    name: 'e1',
    input: JSON.stringify(input),
  });
  const record = await clock.runUntil(engine.waitForExecution(started.executionArn));
  const events = engine.getExecutionHistory(started.executionArn);
  assertChain(events);
  return {
    clock,
    tasks,
    record,
    events,
    at: (id: number) => at(events, id),
    types: () => types(events),
    links: (steps: Links) => assertLinks(events, steps),
  };
}

export const types = (events: readonly HistoryEvent[]): string[] => events.map((e) => e.type);

export const at = (events: readonly HistoryEvent[], id: number): HistoryEvent => {
  const e = events[id - 1];
  assert.ok(e, `no event ${id}`);
  return e;
};

/** The delays slept, without the execution's one-year limit (AWS quotas) that every run arms. */
export const retrySleeps = (clock: VirtualClock): number[] =>
  clock.sleeps.filter((ms) => ms < MAX_STANDARD_SECONDS * 1000);

/** Event types in order; [type, previousEventId] for one that does not follow the one before. */
type Links = readonly (string | readonly [string, number])[];

/**
 * Asserts a history's event types in order and how they link: each event follows the one before
 * it, unless given as [type, previousEventId] (the first event of a branch or an iteration).
 */
export function assertLinks(events: readonly HistoryEvent[], steps: Links): void {
  assert.deepEqual(
    events.map((e) => [e.type, e.id, e.previousEventId]),
    steps.map((step, i) => (typeof step === 'string' ? [step, i + 1, i] : [step[0], i + 1, step[1]])),
  );
}

/** How an execution whose first state is a Parallel begins. */
export const PARALLEL_STARTED = ['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted'];

/** What a Task state records up to its call: for a Lambda ARN, for an `arn:aws:states:::` resource. */
export const LAMBDA_CALLED = ['TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted'];
export const TASK_CALLED = ['TaskStateEntered', 'TaskScheduled', 'TaskStarted'];

/** The events of a visit to a Pass state. */
export const PASS_VISIT = ['PassStateEntered', 'PassStateExited'];

/** stateEnteredEventDetails of a state given this input. */
export const entered = (name: string, input: string): JsonObject => ({
  name,
  input,
  inputDetails: NOT_TRUNCATED,
});

/** stateExitedEventDetails of a state leaving with this output. */
export const exited = (name: string, output: string): JsonObject => ({
  name,
  output,
  outputDetails: NOT_TRUNCATED,
});

/** An event at T0 that follows the one before it, with these details. */
export const atT0 = (id: number, type: string, details: JsonObject): JsonObject => ({
  id,
  previousEventId: id - 1,
  timestamp: T0,
  type,
  ...details,
});
