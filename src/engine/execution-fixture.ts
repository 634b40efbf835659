import assert from 'node:assert/strict';
import type { Json, JsonObject } from '../asl/index.ts';
import type { TaskScript } from '../test-support/engine-harness.ts';
import { assertChain, engineOn, ScriptedTasks, VirtualClock } from '../test-support/engine-harness.ts';
import type { HistoryEvent } from './history/event.ts';
import { MAX_STANDARD_SECONDS } from './limits.ts';

/** Shared setup of the execution-history tests: one machine, one execution on a virtual clock. */
export const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
export const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
export const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:hello';
export const INVOKE = 'arn:aws:states:::lambda:invoke';
export const NOT_TRUNCATED = { truncated: false };

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
  return { clock, tasks, record, events };
}

/** [type, id, previousEventId] of every event. */
export const brief = (events: readonly HistoryEvent[]): [string, number, number][] =>
  events.map((e) => [e.type, e.id, e.previousEventId]);

export const types = (events: readonly HistoryEvent[]): string[] => events.map((e) => e.type);

export const at = (events: readonly HistoryEvent[], id: number): HistoryEvent => {
  const e = events[id - 1];
  assert.ok(e, `no event ${id}`);
  return e;
};

/** The delays slept, without the execution's one-year limit (AWS quotas) that every run arms. */
export const retrySleeps = (clock: VirtualClock): number[] =>
  clock.sleeps.filter((ms) => ms < MAX_STANDARD_SECONDS * 1000);

export const pass = (fields: JsonObject = {}): JsonObject => ({ Type: 'Pass', End: true, ...fields });
