import assert from 'node:assert/strict';
import type { Decision, StepEnv } from './decision.ts';
import { compileMachine } from './definition/compile.ts';
import type { MapState, ParallelState, State, TaskState } from './definition/state.ts';
import type { Json, JsonObject } from './json.ts';
import * as step from './step.ts';
import { sync } from './sync-fixture.ts';

/** Shared setup of the step tests: synchronous steps, a fixed environment, one-state machines. */
export const enterState = (...a: Parameters<typeof step.enterState>) => sync(step.enterState(...a));
export const afterTask = (...a: Parameters<typeof step.afterTask>) => sync(step.afterTask(...a));
export const afterParallel = (...a: Parameters<typeof step.afterParallel>) => sync(step.afterParallel(...a));
export const afterMap = (...a: Parameters<typeof step.afterMap>) => sync(step.afterMap(...a));

export const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);
export const ENTERED = 7;
export const PREFIX = (name: string): string =>
  `An error occurred while executing the state '${name}' (entered at the event id #${ENTERED}). `;

export function env(overrides: Partial<StepEnv> = {}): StepEnv {
  return {
    context: {
      Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:M:e1', Name: 'e1' },
      State: { Name: 'S', EnteredTime: '2024-01-15T12:00:00.000Z' },
    },
    enteredEventId: ENTERED,
    now: NOW,
    variable: () => undefined,
    random: () => 0.25,
    uuid: () => '11111111-2222-4333-8444-555555555555',
    ...overrides,
  };
}

/** Compiles a one-state machine (other states named in Next need not exist: compile does not validate). */
export function compileState(definition: JsonObject, name = 'S'): State {
  const state = compileMachine({ StartAt: name, States: { [name]: definition } }).states.get(name);
  assert.ok(state);
  return state;
}

export function task(definition: JsonObject): TaskState {
  const s = compileState({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Next: 'N',
    ...definition,
  });
  if (s.type !== 'Task') throw new Error('not a Task');
  return s;
}

export function parallel(definition: JsonObject): ParallelState {
  const branch = { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } };
  const s = compileState({ Type: 'Parallel', Branches: [branch, branch], Next: 'N', ...definition });
  if (s.type !== 'Parallel') throw new Error('not a Parallel');
  return s;
}

export function map(definition: JsonObject): MapState {
  const processor = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
  const s = compileState({ Type: 'Map', ItemProcessor: processor, Next: 'N', ...definition });
  if (s.type !== 'Map') throw new Error('not a Map');
  return s;
}

export function enter(definition: JsonObject, input: Json, e: StepEnv = env()): Decision {
  return enterState(compileState(definition), input, e);
}

export function runtimeError(name: string, cause: string): Decision {
  return { kind: 'error', error: 'States.Runtime', cause: PREFIX(name) + cause };
}
