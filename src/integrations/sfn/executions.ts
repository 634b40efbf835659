/** A child execution as the nested-workflow integration sees it (DescribeExecution's fields). */
export interface ChildExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly input: string;
  readonly startDate: number;
  readonly stopDate?: number | undefined;
  readonly output?: string | undefined;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
}

/** A refusal of StartExecution, by AWS's exception name (StateMachineDoesNotExist, …). */
export interface StartRefused {
  readonly refused: string;
  readonly message: string;
}

/**
 * What nested workflows need from the engine. Integrations never import the engine (DESIGN.md
 * rule 3): the composition root hands this in.
 */
export interface Executions {
  start(request: {
    readonly stateMachineArn: string;
    readonly name: string | undefined;
    readonly input: string;
    /** The parent task's trace context (`traceparent`, `X-Amzn-Trace-Id`), when it is traced. */
    readonly traceHeaders?: Readonly<Record<string, string>> | undefined;
  }): ChildExecution | StartRefused | Promise<ChildExecution | StartRefused>;
  /** Resolves with the closed execution. */
  finished(executionArn: string): Promise<ChildExecution>;
  stop(executionArn: string): void;
}
