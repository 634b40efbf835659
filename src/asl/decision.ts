import type { Json, JsonObject } from './json.ts';
import type { Transition } from './definition/state.ts';
import type { ErrorValue } from './errors/failure.ts';

/**
 * What the interpreter decided for one state visit. Effects are data: the engine performs
 * `task`, `wait`, `parallel` and `map`, records the history, then calls the matching
 * `complete*` function (DESIGN.md decision 1).
 */
export type Decision =
  /** The state is done: go to `next` (null: the machine/branch ends here). */
  | {
      readonly kind: 'transition';
      readonly output: Json;
      readonly next: Transition;
      /** Variables the state assigns; applied after it exits (later states see them). */
      readonly assigned?: JsonObject | undefined;
    }
  /** A Fail state: the machine/branch fails; Retry/Catch do not apply. */
  | { readonly kind: 'fail'; readonly error: string | undefined; readonly cause: string | undefined }
  /** An error raised while running the state; route it with `recover`. */
  | {
      readonly kind: 'error';
      readonly error: string;
      readonly cause: string | undefined;
      /**
       * Set when a JSONata evaluation failed (States.QueryEvaluationError): AWS then records an
       * `EvaluationFailed` event naming the state and the field (`location`).
       */
      readonly evaluationFailed?: { readonly location: string | undefined } | undefined;
      /** A missed heartbeat (see ErrorValue.heartbeat). */
      readonly heartbeat?: boolean | undefined;
    }
  | {
      readonly kind: 'task';
      readonly resource: string;
      readonly parameters: Json;
      readonly timeoutSeconds: number | undefined;
      readonly heartbeatSeconds: number | undefined;
      readonly credentials: Json | undefined;
    }
  /** Wait until `until` (epoch ms), then take the transition. */
  | {
      readonly kind: 'wait';
      readonly until: number;
      readonly output: Json;
      readonly next: Transition;
      readonly assigned?: JsonObject | undefined;
    }
  /** Run every branch with `input`, then `completeParallel`. */
  | { readonly kind: 'parallel'; readonly input: Json }
  /** Run the processor once per item input, then `completeMap`. */
  | {
      readonly kind: 'map';
      readonly items: readonly Json[];
      /**
       * With ItemBatcher, `items` are the batches and this says how many items each holds:
       * tolerated failures and a Map Run's item counts are counted in items (AWS guide).
       */
      readonly batchSizes?: readonly number[] | undefined;
      readonly maxConcurrency: number;
      readonly toleratedFailureCount: number | undefined;
      readonly toleratedFailurePercentage: number | undefined;
      /** Set when the Map Run fails right after it starts (bad tolerated-failure values). */
      readonly runError: ErrorValue | undefined;
      /**
       * A distributed Map with an ItemReader: `items` is empty; the engine reads them, then asks
       * `mapItemsRead` for the decision over them (ItemSelector, ItemBatcher).
       */
      readonly reader?: ItemReadSpec | undefined;
      /** A distributed Map with a ResultWriter. */
      readonly writer?: ResultWriteSpec | undefined;
    };

/** An ItemReader as evaluated for this visit. */
export interface ItemReadSpec {
  readonly resource: string;
  readonly parameters: Json;
  readonly readerConfig: JsonObject;
  readonly maxItems: number | undefined;
}

/** A ResultWriter as evaluated for this visit: `resource` absent, the results are only shaped. */
export interface ResultWriteSpec {
  readonly resource: string | undefined;
  readonly bucket: string;
  readonly prefix: string;
  readonly outputType: 'JSON' | 'JSONL';
  readonly transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
}

/**
 * A step's answer: JSONPath states decide synchronously (the hot path stays free of promises);
 * JSONata states answer with a promise, because JSONata evaluation is asynchronous.
 */
export type MaybePromise<T> = T | Promise<T>;

/** How an error of a state is handled: retried, caught, or left to fail the machine. */
export type Recovery =
  | { readonly kind: 'retry'; readonly retrier: number; readonly delayMs: number }
  | {
      readonly kind: 'catch';
      readonly next: string;
      readonly output: Json;
      readonly assigned?: JsonObject | undefined;
    }
  | { readonly kind: 'fail' };

/** The inputs of one step besides the state and its input: all that is not pure is passed in. */
export interface StepEnv {
  /** `$$` for this state visit. */
  readonly context: JsonObject;
  /** Id of the StateEntered event, quoted in AWS's runtime error causes. */
  readonly enteredEventId: number;
  /** Epoch milliseconds of this step (Wait computes its deadline from it). */
  readonly now: number;
  readonly variable: (name: string) => Json | undefined;
  readonly random: () => number;
  readonly uuid: () => string;
}
