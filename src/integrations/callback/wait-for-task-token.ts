import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { PendingTasks } from './pending-tasks.ts';

/**
 * The callback pattern (`.waitForTaskToken`): make the service call, record it as submitted,
 * then wait until SendTaskSuccess/Failure answers the token, a heartbeat is missed, or the task
 * is aborted (TimeoutSeconds, StopExecution).
 */
export async function waitForTaskToken(
  pending: PendingTasks,
  request: TaskRequest,
  call: (request: TaskRequest) => Promise<TaskResult>,
): Promise<TaskResult> {
  const token = request.taskToken;
  if (token === undefined) {
    return { ok: false, error: 'States.Runtime', cause: 'The task has no task token.' };
  }
  const task = pending.open(token, request.signal);
  const submitted = await call(request);
  if (!submitted.ok) {
    task.close();
    return submitted;
  }
  request.progress?.submitted(submitted.output);
  task.arm(request.heartbeatSeconds);
  return task.result;
}
