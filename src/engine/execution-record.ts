export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
  readonly roleArn: string;
  /** Set when the execution was started through a version or an alias ARN. */
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  /** A child execution of a distributed Map: the Map Run that started it (DescribeExecution). */
  readonly mapRunArn?: string;
  /** The X-Ray trace header given to StartExecution (`traceHeader`; DescribeExecution shows it). */
  readonly traceHeader?: string;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  stopDate?: number;
  /** How many times RedriveExecution restarted it, and when it last did. */
  redriveCount?: number;
  redriveDate?: number;
  /** The client tokens of its latest redrives, newest last (RedriveExecution is idempotent by them). */
  redriveTokens?: ReadonlyArray<{ readonly token: string; readonly redriveDate: number }>;
  /** Stepwise extension: the execution this one was forked from (executions/fork.ts). */
  readonly forkedFrom?: ForkOrigin;
  /** Stepwise extension: the executions forked from this one, oldest first. */
  forks?: readonly string[];
}

/** Where a fork comes from, and what it changed there (docs/fork-and-compare.md). */
export interface ForkOrigin {
  readonly executionArn: string;
  /** The source's event the fork continues from. */
  readonly eventId: number;
  /**
   * An edited state input or variables: applied when the thread whose last copied event is
   * `afterEventId` enters `stateName` (kept here so that a fork resumed after a crash applies it).
   */
  readonly edit?: {
    readonly afterEventId: number;
    readonly stateName: string;
    /** JSON texts. */
    readonly input?: string;
    readonly variables?: string;
  };
}

/** The closing event of an unsuccessful execution and its details member. */
const CLOSING_EVENT = {
  FAILED: ['ExecutionFailed', 'executionFailedEventDetails'],
  TIMED_OUT: ['ExecutionTimedOut', 'executionTimedOutEventDetails'],
  ABORTED: ['ExecutionAborted', 'executionAbortedEventDetails'],
} as const;

/**
 * Closes a record as FAILED, TIMED_OUT or ABORTED and gives its closing event's details. An
 * error of '' stands for a Fail state without Error: AWS then reports no error at all.
 */
export function closeUnsuccessfully(
  record: ExecutionRecord,
  status: Exclude<ExecutionStatus, 'RUNNING' | 'SUCCEEDED'>,
  now: number,
  error: string | undefined,
  cause: string | undefined,
): Record<string, string> {
  record.status = status;
  record.stopDate = now;
  const details: Record<string, string> = {};
  if (error) record.error = details['error'] = error;
  if (cause !== undefined) record.cause = details['cause'] = cause;
  return details;
}

/** Closes a record as FAILED, TIMED_OUT or ABORTED: its closing event's type, member and details. */
export function closeWithEvent(
  record: ExecutionRecord,
  status: Exclude<ExecutionStatus, 'RUNNING' | 'SUCCEEDED'>,
  now: number,
  error: string | undefined,
  cause: string | undefined,
): readonly [type: string, member: string, details: Record<string, string>] {
  const [type, member] = CLOSING_EVENT[status];
  return [type, member, closeUnsuccessfully(record, status, now, error, cause)];
}
