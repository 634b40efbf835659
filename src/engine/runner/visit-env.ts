import type { Json, JsonObject, State, StepEnv } from '../../asl/index.ts';
import type { Clock } from '../clock.ts';
import { isoTime } from '../iso-time.ts';
import { mintTaskToken } from '../task-token.ts';
import type { VariableScope } from '../variables.ts';

/** The execution-wide parts of `$$` and of a step's environment. */
export interface ExecutionScope {
  readonly executionArn: string;
  /** Read when a visit entered without reading it (a silent thread's lazily timed visit). */
  readonly clock: Clock;
  /** `$$.Execution` and `$$.StateMachine` (released once the run ends). */
  executionContext(): JsonObject;
  stateMachineContext(): JsonObject;
  /** The engine's entropy (`$$`-free intrinsics: States.UUID, States.MathRandom). */
  readonly random: () => number;
  readonly uuid: () => string;
}

/**
 * The environment of one attempt of a state visit: its `$$`, its variables, its entropy.
 * `$$` is built when first read, from what the visit fixed when it began (its state, entered event
 * id, time and retry count): most states never read it, and it cost every visit three objects and
 * a time's text. Once built, every read gets the same object; the time, once read, stays.
 */
export class VisitEnv implements StepEnv {
  readonly enteredEventId: number;
  readonly variable: (name: string) => Json | undefined;
  readonly random: () => number;
  readonly uuid: () => string;
  private readonly scope: ExecutionScope;
  private readonly state: State;
  private readonly retryCount: number;
  private enteredAt: number | undefined;
  private contextValue: JsonObject | undefined;

  constructor(
    scope: ExecutionScope,
    state: State,
    vars: VariableScope,
    enteredEventId: number,
    /** Undefined: the clock is read when the visit first reads its time. */
    enteredTime: number | undefined,
    retryCount: number,
  ) {
    this.enteredEventId = enteredEventId;
    this.enteredAt = enteredTime;
    this.variable = vars.lookup;
    this.random = scope.random;
    this.uuid = scope.uuid;
    this.scope = scope;
    this.state = state;
    this.retryCount = retryCount;
    this.contextValue = undefined;
  }

  get now(): number {
    return (this.enteredAt ??= this.scope.clock.now());
  }

  get context(): JsonObject {
    return (this.contextValue ??= this.build());
  }

  private build(): JsonObject {
    const state = this.state;
    const scope = this.scope;
    const retryCount = this.retryCount;
    // A plain data object: an accessor (formatting lazily) cost more to build than the text. Each
    // shape is a literal of its own: a field added afterwards makes a hidden class that no literal
    // keeps, which V8 drops at a full GC once no visit holds one, deoptimizing the step loop.
    const enteredTime = isoTime(this.now);
    const stateContext: JsonObject =
      state.type === 'Task' || state.type === 'Parallel' || state.type === 'Map'
        ? { Name: state.name, EnteredTime: enteredTime, RetryCount: retryCount }
        : { Name: state.name, EnteredTime: enteredTime };
    // `$$.Task.Token` exists only for activities and `.waitForTaskToken` tasks (AWS guide); a
    // literal of its own too.
    return state.type === 'Task' && state.task.takesTaskToken
      ? {
          Execution: scope.executionContext(),
          StateMachine: scope.stateMachineContext(),
          State: stateContext,
          Task: { Token: mintTaskToken(scope.executionArn, this.enteredEventId, retryCount) },
        }
      : {
          Execution: scope.executionContext(),
          StateMachine: scope.stateMachineContext(),
          State: stateContext,
        };
  }
}
