import type { Json, JsonObject } from '../json.ts';
import type { PathQuery } from '../query/jsonpath/index.ts';
import type { Scope } from '../query/scope.ts';
import type { Evaluator, ResultMerger } from './evaluator.ts';
import type { ItemReaderDef, ResultWriterDef } from './map-io.ts';
import type { Catcher, Retrier } from './recovery.ts';
import type { JsonataFields } from './jsonata-fields.ts';
import type { TaskResource } from './task-resource.ts';

export type QueryLanguage = 'JSONPath' | 'JSONata';

/** Where a state goes when it is done: the next state's name, or null for End. */
export type Transition = string | null;

interface StateCommon {
  readonly name: string;
  readonly raw: JsonObject;
  /**
   * Set for a JSONata state: its fields, evaluated by states/jsonata instead of the JSONPath
   * pipeline below (whose fields are then neutral: no paths, templates or rules).
   */
  readonly jsonata: JsonataFields | undefined;
  /** undefined: `$` (whole input); null: `{}` (AWS's InputPath: null). */
  readonly inputPath: PathQuery | null | undefined;
  readonly outputPath: PathQuery | null | undefined;
  /** Assign: evaluates to the variables the state sets (name -> value). */
  readonly assign: Evaluator | undefined;
}

export interface PassState extends StateCommon {
  readonly type: 'Pass';
  readonly transition: Transition;
  readonly parameters: Evaluator | undefined;
  readonly result: Json | undefined;
  readonly resultPath: ResultMerger;
}

export interface TaskState extends StateCommon {
  readonly type: 'Task';
  readonly transition: Transition;
  readonly resource: string;
  /** The resource's kind, classified once here (history vocabulary, task token, routing). */
  readonly task: TaskResource;
  readonly parameters: Evaluator | undefined;
  readonly resultSelector: Evaluator | undefined;
  readonly resultPath: ResultMerger;
  readonly timeoutSeconds: number | PathQuery | undefined;
  readonly heartbeatSeconds: number | PathQuery | undefined;
  readonly credentials: Evaluator | undefined;
  readonly retry: readonly Retrier[];
  readonly catch: readonly Catcher[];
  /**
   * Whether `$$` may be read once the task has answered: a field evaluated afterwards
   * (ResultSelector, OutputPath, Assign, a Catcher's) mentions it, or a Retry's next attempt
   * evaluates the fields again. When not, every read of the state's `$$.State.EnteredTime`
   * happens as it is entered.
   */
  readonly contextAfterTask: boolean;
}

export interface ChoiceState extends StateCommon {
  readonly type: 'Choice';
  /** Index of the first matching rule, -1 for Default; throws when neither applies. */
  readonly match: (scope: Scope) => number;
  readonly choices: readonly { readonly next: string; readonly assign: Evaluator | undefined }[];
  readonly defaultNext: string | undefined;
}

export type WaitSpec =
  | { readonly kind: 'Seconds'; readonly value: number }
  | { readonly kind: 'Timestamp'; readonly value: string }
  | { readonly kind: 'SecondsPath'; readonly path: PathQuery }
  | { readonly kind: 'TimestampPath'; readonly path: PathQuery };

export interface WaitState extends StateCommon {
  readonly type: 'Wait';
  readonly transition: Transition;
  readonly wait: WaitSpec;
}

export interface SucceedState extends StateCommon {
  readonly type: 'Succeed';
}

/** A value read at run time: a path, or (ErrorPath/CausePath) an intrinsic function call. */
export interface DynamicValue {
  readonly source: string;
  select(scope: Scope): Json | undefined;
}

export interface FailState extends StateCommon {
  readonly type: 'Fail';
  readonly error: string | DynamicValue | undefined;
  readonly cause: string | DynamicValue | undefined;
}

export interface ParallelState extends StateCommon {
  readonly type: 'Parallel';
  readonly transition: Transition;
  readonly branches: readonly Machine[];
  readonly parameters: Evaluator | undefined;
  readonly resultSelector: Evaluator | undefined;
  readonly resultPath: ResultMerger;
  readonly retry: readonly Retrier[];
  readonly catch: readonly Catcher[];
}

/**
 * ItemBatcher of a distributed Map (AWS guide, "ItemBatcher (Map)"): each limit is a literal or a
 * `<field>Path`; BatchInput is a payload template. A JSONata Map keeps its own in `jsonata`.
 */
export interface ItemBatcher {
  readonly maxItemsPerBatch: number | PathQuery | undefined;
  readonly maxInputBytesPerBatch: number | PathQuery | undefined;
  readonly batchInput: Evaluator | undefined;
}

export interface MapState extends StateCommon {
  readonly type: 'Map';
  readonly transition: Transition;
  readonly itemsPath: PathQuery | undefined;
  /** ItemSelector, or the legacy Parameters. */
  readonly itemSelector: Evaluator | undefined;
  readonly processor: Machine;
  readonly mode: 'INLINE' | 'DISTRIBUTED';
  readonly maxConcurrency: number | PathQuery;
  readonly toleratedFailureCount: number | PathQuery | undefined;
  readonly toleratedFailurePercentage: number | PathQuery | undefined;
  /** Set only for a DISTRIBUTED Map that batches its items. */
  readonly itemBatcher: ItemBatcher | undefined;
  /** Names the Map Run (`mapRun:<machine>/<Label>:<id>`) instead of the state's name. */
  readonly label: string | undefined;
  /** A DISTRIBUTED Map's ItemReader: its items come from S3, not the input. */
  readonly itemReader: ItemReaderDef | undefined;
  /** A DISTRIBUTED Map's ResultWriter: how its results are shaped, and where they are exported. */
  readonly resultWriter: ResultWriterDef | undefined;
  readonly resultSelector: Evaluator | undefined;
  readonly resultPath: ResultMerger;
  readonly retry: readonly Retrier[];
  readonly catch: readonly Catcher[];
}

export type State =
  PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

/** A compiled state machine, or a Parallel branch / Map processor (same shape). */
export interface Machine {
  readonly startAt: string;
  readonly states: ReadonlyMap<string, State>;
  readonly timeoutSeconds: number | undefined;
  readonly raw: JsonObject;
}
