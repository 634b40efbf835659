import type { BulkFilter } from './bulk-filter.ts';

/** What a bulk operation does to each execution it matched (bulk-actions.ts). */
export type BulkAction = 'stop' | 'redrive' | 'fork';

/** Where and how a bulk fork forks each execution (StartForkedExecution's members, per source). */
export interface BulkFork {
  /** Fork where this state was last entered; absent, where the first state was entered. */
  readonly fromState?: string;
  /** A revision, version or alias of each source's state machine to continue on. */
  readonly stateMachineArn?: string;
  /** JSON text: the forked state's edited input. */
  readonly input?: string;
}

export type BulkStatus = 'RUNNING' | 'SUCCEEDED' | 'CANCELLED';

/** A stored bulk operation: its request and the executions it matched when it started. */
export interface BulkOperation {
  readonly bulkOperationId: string;
  readonly action: BulkAction;
  readonly filter: BulkFilter;
  /** Executions touched per second at most. */
  readonly ratePerSecond: number;
  /** For stop: the error and cause recorded in each ExecutionAborted. */
  readonly error?: string;
  readonly cause?: string;
  /** For fork: where from, onto what, with what input. */
  readonly fork?: BulkFork;
  readonly createdAt: number;
  readonly status: BulkStatus;
  readonly finishedAt?: number;
  /** The matched executions, in the order they are worked through (selectExecutions). */
  readonly targets: readonly string[];
}

/** How far an operation got; written with each slice's results in one commit. */
export interface BulkProgress {
  /** Targets handled: targets[0..done) have results. */
  readonly done: number;
  readonly succeeded: number;
  readonly skipped: number;
  readonly failed: number;
  readonly updatedAt: number;
}

/** What happened to one execution: done, nothing to do (already closed), or refused. */
export interface BulkResult {
  readonly index: number;
  readonly executionArn: string;
  readonly outcome: 'SUCCEEDED' | 'SKIPPED' | 'FAILED';
  readonly message?: string;
  readonly at: number;
}
