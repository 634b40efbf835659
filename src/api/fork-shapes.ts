// Wire shapes of the Stepwise extension actions for forking and comparing executions
// (docs/fork-and-compare.md). Types only, importing nothing: shapes.ts re-exports them for web/.

/** StartForkedExecution's answer. */
export type StartForkedExecutionOutput = { executionArn: string; startDate: number };

/** Where a fork comes from, and what it edited at its fork point. */
export type ForkOriginShape = {
  executionArn: string;
  eventId: number;
  editedStateName?: string;
  editedInput?: string;
  editedVariables?: string;
};

/** DescribeExecutionLineage: an execution's source (if a fork) and its forks, oldest first. */
export type DescribeExecutionLineageOutput = {
  executionArn: string;
  forkedFrom?: ForkOriginShape;
  forks: string[];
};

/** One state visit in a CompareExecutions row. */
export type StateVisitShape = {
  thread: string;
  name: string;
  type: string;
  enteredEventId: number;
  input?: string;
  output?: string;
  error?: string;
};

export type ComparedRowShape = {
  left?: StateVisitShape;
  right?: StateVisitShape;
  /** Absent when both executions visited the state alike. */
  difference?: 'path' | 'input' | 'output' | 'error';
};

export type ComparedExecution = {
  executionArn: string;
  stateMachineArn: string;
  status: string;
  output?: string;
  error?: string;
  stateMachineVersionArn?: string;
};

/** CompareExecutions: both executions' visits paired, the first difference's row index. */
export type CompareExecutionsOutput = {
  left: ComparedExecution;
  right: ComparedExecution;
  rows: ComparedRowShape[];
  firstDivergence?: number;
};
