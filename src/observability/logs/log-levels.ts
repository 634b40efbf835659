/** `loggingConfiguration.level` (API reference, LoggingConfiguration). */
export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

/**
 * The event types each level logs ("Log levels" in the Step Functions developer guide; checked
 * against LocalStack's tests recorded on AWS: ERROR logs FailStateEntered and ExecutionFailed,
 * FATAL only ExecutionFailed). FATAL: the execution's own failure; ERROR adds every failure,
 * timeout and abort of a state, task, Map iteration or Map run.
 */
const FATAL = new Set(['ExecutionAborted', 'ExecutionFailed', 'ExecutionTimedOut']);
const ERROR = new Set([
  ...FATAL,
  'FailStateEntered',
  'LambdaFunctionFailed',
  'LambdaFunctionScheduleFailed',
  'LambdaFunctionStartFailed',
  'LambdaFunctionTimedOut',
  'MapStateAborted',
  'MapStateFailed',
  'MapIterationAborted',
  'MapIterationFailed',
  'MapRunAborted',
  'MapRunFailed',
  'ParallelStateAborted',
  'ParallelStateFailed',
  'TaskFailed',
  'TaskStartFailed',
  'TaskStateAborted',
  'TaskSubmitFailed',
  'TaskTimedOut',
  'WaitStateAborted',
  'ActivityFailed',
  'ActivityScheduleFailed',
  'ActivityTimedOut',
]);

/** Whether an event of `type` is logged at `level`. */
export function logsEvent(level: LogLevel, type: string): boolean {
  switch (level) {
    case 'ALL':
      return true;
    case 'ERROR':
      return ERROR.has(type);
    case 'FATAL':
      return FATAL.has(type);
    case 'OFF':
      return false;
  }
}
