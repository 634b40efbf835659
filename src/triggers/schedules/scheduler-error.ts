/**
 * An error of the schedules API as EventBridge Scheduler names it (its REST-JSON protocol puts
 * the name in `x-amzn-ErrorType` and the status on the answer).
 */
export class SchedulerError extends Error {
  readonly code: 'ValidationException' | 'ResourceNotFoundException' | 'ConflictException';
  readonly status: number;
  constructor(code: SchedulerError['code'], message: string) {
    super(message);
    this.name = 'SchedulerError';
    this.code = code;
    this.status = code === 'ValidationException' ? 400 : code === 'ConflictException' ? 409 : 404;
  }
}

export const invalid = (message: string): SchedulerError =>
  new SchedulerError('ValidationException', message);
