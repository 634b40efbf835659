// The JSON bodies of the actions the console reads, as the AWS API reference gives them
// (timestamps in epoch seconds). Types only, and self-contained: web/ imports this file
// type-only (DESIGN.md rule 6 lets the wire shapes cross, never code), so it imports nothing.

/** A JSON value on the wire. */
export type WireJson = null | boolean | number | string | WireJson[] | { [key: string]: WireJson };

export type ExecutionStatus =
  'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

/** An item of ListStateMachines. */
export type StateMachineListItem = {
  stateMachineArn: string;
  name: string;
  type: StateMachineType;
  creationDate: number;
};

export type ListStateMachinesOutput = { stateMachines: StateMachineListItem[]; nextToken?: string };

/** What the console reads of DescribeStateMachine (and DescribeStateMachineForExecution). */
export type StateMachineDescription = StateMachineListItem & {
  definition: string;
  roleArn: string;
  status?: string;
  description?: string;
};

/** An item of ListExecutions. */
export type ExecutionListItem = {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  redriveCount?: number;
  redriveDate?: number;
  /** A child execution of a distributed Map: its Map Run. */
  mapRunArn?: string;
};

export type ListExecutionsOutput = { executions: ExecutionListItem[]; nextToken?: string };

/** DescribeExecution's answer. */
export type ExecutionDescription = ExecutionListItem & {
  input?: string;
  inputDetails?: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
  redriveStatus?: 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';
  redriveStatusReason?: string;
  /** The X-Ray trace header StartExecution was given. */
  traceHeader?: string;
};

/** One GetExecutionHistory event: `<type>EventDetails` members hold the details. */
export type HistoryEvent = {
  id: number;
  previousEventId?: number;
  timestamp: number;
  type: string;
} & { [details: string]: WireJson };

export type GetExecutionHistoryOutput = { events: HistoryEvent[]; nextToken?: string };

/** One ValidateStateMachineDefinition diagnostic. */
export type Diagnostic = {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
};

/** One of ListMapRuns' map runs. */
export type MapRunListItem = {
  executionArn: string;
  mapRunArn: string;
  stateMachineArn: string;
  startDate: number;
  stopDate?: number;
};

export type ListMapRunsOutput = { mapRuns: MapRunListItem[]; nextToken?: string };

/** DescribeMapRun's itemCounts and executionCounts. */
export type MapRunCounts = {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable?: number;
  pendingRedrive?: number;
};

/** DescribeMapRun's answer. */
export type MapRunDescription = {
  mapRunArn: string;
  executionArn: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: number;
  stopDate?: number;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  itemCounts: MapRunCounts;
  executionCounts: MapRunCounts;
  redriveCount?: number;
  redriveDate?: number;
};

// Stepwise extensions (not AWS): fork and compare executions.
export type * from './fork-shapes.ts';
