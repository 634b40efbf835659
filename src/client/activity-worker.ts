import { callApi, StepwiseApiError } from './call-api.ts';

const LATE = new Set(['TaskTimedOut', 'TaskDoesNotExist']);

export interface ActivityContext {
  readonly taskToken: string;
  /** SendTaskHeartbeat: call it more often than the state's HeartbeatSeconds. */
  heartbeat(): Promise<void>;
}

export type ActivityHandler = (input: unknown, context: ActivityContext) => unknown;

export interface ActivityWorkerOptions {
  /** Where the API is served, e.g. http://localhost:8083. */
  readonly endpoint: string;
  readonly activityArn: string;
  readonly handler: ActivityHandler;
  readonly workerName?: string;
  /** Stop after this many tasks (default: run until `signal` aborts). */
  readonly maxTasks?: number;
  readonly signal?: AbortSignal;
  /** Called when an answer came too late (TaskTimedOut / TaskDoesNotExist); the loop goes on. */
  readonly onLateAnswer?: (error: Error) => void;
  /** Called after each answer is sent: the action (SendTaskSuccess or SendTaskFailure) and its body. */
  readonly onAnswer?: (action: string, answer: Readonly<Record<string, unknown>>) => void;
}

/**
 * The activity worker loop: long-poll GetActivityTask, run the handler, answer with
 * SendTaskSuccess (its return value) or SendTaskFailure (a thrown error: its name and message,
 * so Retry/Catch can match the error name). Resolves with the number of tasks done.
 */
export async function runActivityWorker(options: ActivityWorkerOptions): Promise<number> {
  const { endpoint, activityArn, handler, signal } = options;
  let done = 0;
  while (!signal?.aborted && (options.maxTasks === undefined || done < options.maxTasks)) {
    let task: Record<string, unknown>;
    try {
      task = await callApi(
        endpoint,
        'GetActivityTask',
        { activityArn, ...(options.workerName ? { workerName: options.workerName } : {}) },
        signal,
      );
    } catch (e) {
      if (signal?.aborted) break;
      throw e;
    }
    const taskToken = task['taskToken'];
    if (typeof taskToken !== 'string' || taskToken === '') continue;
    const input: unknown = JSON.parse(typeof task['input'] === 'string' ? task['input'] : 'null');
    const context: ActivityContext = {
      taskToken,
      heartbeat: async () => {
        await callApi(endpoint, 'SendTaskHeartbeat', { taskToken });
      },
    };
    let answer: [string, Record<string, unknown>];
    try {
      const output: unknown = await handler(input, context);
      answer = ['SendTaskSuccess', { taskToken, output: JSON.stringify(output ?? null) }];
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      answer = [
        'SendTaskFailure',
        { taskToken, error: (err.name || 'Error').slice(0, 256), cause: err.message.slice(0, 32_768) },
      ];
    }
    try {
      await callApi(endpoint, ...answer);
      options.onAnswer?.(...answer);
    } catch (e) {
      // The task timed out or its execution stopped meanwhile: nobody waits for the answer.
      if (!(e instanceof StepwiseApiError && LATE.has(e.code))) throw e;
      options.onLateAnswer?.(e);
    }
    done++;
  }
  return done;
}
