import type { Json, JsonObject } from '../../../asl/index.ts';
import type { CallResult } from './service-call.ts';

/** Where a job stands after a look at it. */
export type JobState =
  | { readonly state: 'running' }
  /** Ended: the task's output when it succeeded; the cause (as JSON) when it failed. */
  | { readonly state: 'succeeded' | 'failed'; readonly job: Json };

/** A call of the service: its API and its parameters (PascalCase, as a state machine writes them). */
export interface JobCall {
  readonly api: string;
  readonly parameters: JsonObject;
}

/**
 * How Step Functions runs one API as a job (`.sync`): how it finds the job in the start call's result, looks at it until it ends, and stops it when the
 * execution is stopped or the task times out.
 */
export interface JobSpec {
  /** The start call's result as recorded (TaskSubmitted): Glue adds the job's name. */
  readonly started?: (output: JsonObject, parameters: JsonObject) => JsonObject;
  /** A start that started no job (ECS's `Failures`): the failure's cause. */
  readonly refused?: (started: JsonObject) => string | undefined;
  readonly describe: (started: JsonObject, parameters: JsonObject) => JobCall;
  readonly state: (described: JsonObject, parameters: JsonObject, started: JsonObject) => JobState;
  /** Errors of a look that mean the job has ended well: a deleted resource no longer found. */
  readonly gone?: RegExp;
  /** None where AWS leaves the job running (an EMR cluster: AWS guide, connect-emr). */
  readonly stop?: (started: JsonObject, parameters: JsonObject) => JobCall;
}

/** Calls an API of the job's service; the result has no HTTP metadata. */
export type Call = (api: string, parameters: JsonObject) => Promise<CallResult>;

/**
 * An optimized API that is not one of the service's own (EMR's `createCluster`, `addStep`): Step
 * Functions makes the service's calls in its place and shapes their result.
 */
export type Wrapped = (call: Call, parameters: JsonObject) => Promise<CallResult>;

/** The member at `path`, if every step on the way is an object (or an array, by index). */
export function at(value: Json | undefined, ...path: (string | number)[]): Json | undefined {
  let v = value;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? (typeof step === 'number' ? v[step] : undefined) : v[step];
  }
  return v;
}

export const text = (value: Json | undefined): string => (typeof value === 'string' ? value : '');

/** A job state from its status: `running` unless the status is one that ends it. */
export function settled(
  status: Json | undefined,
  job: Json,
  succeeded: readonly string[],
  failed: readonly string[],
): JobState {
  if (typeof status !== 'string') return { state: 'running' };
  if (succeeded.includes(status)) return { state: 'succeeded', job };
  if (failed.includes(status)) return { state: 'failed', job };
  return { state: 'running' };
}
