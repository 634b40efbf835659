import type { Json } from '../json.ts';
import type { Scope } from '../query/scope.ts';

// Apart from state.ts so that recovery.ts (Retry/Catch) can use them without a cycle.
/** A compiled payload template or intrinsic: evaluated against a scope. */
export type Evaluator = (scope: Scope) => Json;
/** ResultPath: merges a result into the state's raw input. */
export type ResultMerger = (input: Json, result: Json) => Json;
