import type { Json, JsonObject } from '../asl/index.ts';

/** One call of a Task state's resource, as the engine asks for it. */
export interface TaskRequest {
  readonly resource: string;
  /** The effective input (after InputPath and Parameters). */
  readonly parameters: Json;
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatSeconds: number | undefined;
  /** `$$` of the state visit (Lambda's context gets execution details from it). */
  readonly context: JsonObject;
  /** Aborted when the execution stops or the state times out. */
  readonly signal: AbortSignal;
}

export type TaskResult =
  | { readonly ok: true; readonly output: Json }
  | { readonly ok: false; readonly error: string; readonly cause: string | undefined };

/** Performs Task resources: the engine's only view of the integrations. */
export interface TaskRunner {
  run(request: TaskRequest): Promise<TaskResult>;
}
