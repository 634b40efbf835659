import type { JsonObject, State, StepEnv } from '../../asl/index.ts';
import { isoTime } from '../iso-time.ts';
import { mintTaskToken } from '../task-token.ts';
import type { VariableScope } from '../variables.ts';

/** The execution-wide parts of `$$` and of a step's environment. */
export interface ExecutionScope {
  readonly executionArn: string;
  /** `$$.Execution` and `$$.StateMachine` (released once the run ends). */
  executionContext(): JsonObject;
  stateMachineContext(): JsonObject;
  /** The engine's entropy (`$$`-free intrinsics: States.UUID, States.MathRandom). */
  readonly random: () => number;
  readonly uuid: () => string;
}

/** The environment of one attempt of a state visit: its `$$`, its variables, its entropy. */
export function visitEnv(
  scope: ExecutionScope,
  state: State,
  vars: VariableScope,
  enteredEventId: number,
  enteredTime: number,
  retryCount: number,
): StepEnv {
  // A plain data object: an accessor (formatting lazily) cost more to build than the text. Each
  // shape is a literal of its own: a field added afterwards makes a hidden class that no literal
  // keeps, which V8 drops at a full GC once no visit holds one, deoptimizing the step loop.
  const stateContext: JsonObject =
    state.type === 'Task' || state.type === 'Parallel' || state.type === 'Map'
      ? { Name: state.name, EnteredTime: isoTime(enteredTime), RetryCount: retryCount }
      : { Name: state.name, EnteredTime: isoTime(enteredTime) };
  // `$$.Task.Token` exists only for activities and `.waitForTaskToken` tasks (AWS guide); a
  // literal of its own too.
  const context: JsonObject =
    state.type === 'Task' && state.task.takesTaskToken
      ? {
          Execution: scope.executionContext(),
          StateMachine: scope.stateMachineContext(),
          State: stateContext,
          Task: { Token: mintTaskToken(scope.executionArn, enteredEventId, retryCount) },
        }
      : {
          Execution: scope.executionContext(),
          StateMachine: scope.stateMachineContext(),
          State: stateContext,
        };
  return {
    context,
    enteredEventId,
    now: enteredTime,
    variable: vars.lookup,
    random: scope.random,
    uuid: scope.uuid,
  };
}
