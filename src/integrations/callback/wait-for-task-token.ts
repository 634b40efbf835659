import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { PendingTasks } from './pending-tasks.ts';

/**
 * The callback pattern (`.waitForTaskToken`): make the service call, record it as submitted,
 * then wait until SendTaskSuccess/Failure answers the token or the task is aborted (StopExecution,
 * or a deadline the engine keeps: TimeoutSeconds, HeartbeatSeconds from the submission on).
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
  const task = pending.open(token, request.signal, request.heartbeat);
  const submitted = await call(request);
  if (!submitted.ok) {
    task.close();
    return submitted;
  }
  request.progress?.submitted(submitted.output);
  request.heartbeat?.start();
  return task.result;
}
