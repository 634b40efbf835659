import type { Decision, Json, JsonObject } from '../../asl/index.ts';
import { StatesErrors } from '../../asl/index.ts';
import type { TaskResult, TaskRunner } from '../../integrations/index.ts';
import { linkedAbort } from '../abort.ts';
import type { Clock } from '../clock.ts';
import type { HistoryEvent } from './event.ts';
import { NOT_TRUNCATED } from './event.ts';
import type { History, Thread } from './thread.ts';

const LEGACY_LAMBDA = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:/;
const SERVICE = /^arn:aws[a-z-]*:states:([a-z0-9-]*):(\d*):([a-zA-Z0-9-]+):(.+)$/;

type TaskDecision = Extract<Decision, { kind: 'task' }>;

/** The history vocabulary of a resource: LambdaFunction* for Lambda ARNs, Task* for `arn:aws:states:::`. */
interface Vocabulary {
  /** The types of the events that end the task: succeeded, failed, timed out. */
  readonly ends: readonly string[];
  scheduled(d: TaskDecision, json: (value: Json) => string): [string, Record<string, JsonObject>];
  started: [string, Record<string, JsonObject>?];
  succeeded(output: string): [string, Record<string, JsonObject>];
  failed(
    kind: 'Failed' | 'TimedOut',
    error: string,
    cause: string | undefined,
  ): [string, Record<string, JsonObject>];
}

const errorFields = (error: string, cause: string | undefined): JsonObject =>
  cause === undefined ? { error } : { error, cause };

function vocabulary(resource: string, region: string): Vocabulary {
  if (LEGACY_LAMBDA.test(resource)) {
    return {
      ends: ['LambdaFunctionSucceeded', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut'],
      scheduled: (d, json) => [
        'LambdaFunctionScheduled',
        {
          lambdaFunctionScheduledEventDetails: {
            resource,
            input: json(d.parameters),
            inputDetails: NOT_TRUNCATED,
            ...(d.timeoutSeconds !== undefined ? { timeoutInSeconds: d.timeoutSeconds } : {}),
          },
        },
      ],
      started: ['LambdaFunctionStarted'],
      succeeded: (output) => [
        'LambdaFunctionSucceeded',
        {
          lambdaFunctionSucceededEventDetails: {
            output,
            outputDetails: NOT_TRUNCATED,
          },
        },
      ],
      failed: (kind, error, cause) => [
        `LambdaFunction${kind}`,
        { [`lambdaFunction${kind}EventDetails`]: errorFields(error, cause) },
      ],
    };
  }
  const m = SERVICE.exec(resource);
  const resourceType = m?.[3] ?? 'unknown';
  const action = m?.[4] ?? resource;
  const ids = { resourceType, resource: action };
  return {
    ends: ['TaskSucceeded', 'TaskFailed', 'TaskTimedOut'],
    scheduled: (d, json) => [
      'TaskScheduled',
      {
        taskScheduledEventDetails: {
          ...ids,
          region,
          parameters: json(d.parameters),
          ...(d.timeoutSeconds !== undefined ? { timeoutInSeconds: d.timeoutSeconds } : {}),
          ...(d.heartbeatSeconds !== undefined ? { heartbeatInSeconds: d.heartbeatSeconds } : {}),
        },
      },
    ],
    started: ['TaskStarted', { taskStartedEventDetails: ids }],
    succeeded: (output) => [
      'TaskSucceeded',
      { taskSucceededEventDetails: { ...ids, output, outputDetails: NOT_TRUNCATED } },
    ],
    failed: (kind, error, cause) => [
      `Task${kind}`,
      { [`task${kind}EventDetails`]: { ...ids, ...errorFields(error, cause) } },
    ],
  };
}

const vocabularies = new Map<string, Vocabulary>();

/** Vocabularies are per resource and region; built once, since tasks run in hot loops. */
function vocabularyOf(resource: string, region: string): Vocabulary {
  const key = `${region} ${resource}`;
  let found = vocabularies.get(key);
  if (!found) {
    found = vocabulary(resource, region);
    vocabularies.set(key, found);
  }
  return found;
}

/**
 * Performs one Task decision and records its events (scheduled, started, then succeeded,
 * failed or timed out). TimeoutSeconds is enforced here: the call is abandoned with
 * States.Timeout when it runs longer.
 */
export async function taskEvents(
  history: History,
  thread: Thread,
  clock: Clock,
  tasks: TaskRunner,
  decision: TaskDecision,
  context: JsonObject,
  signal: AbortSignal,
  region: string,
  json: (value: Json) => string,
): Promise<TaskResult> {
  const words = vocabularyOf(decision.resource, region);
  history.append(thread, clock.now(), ...words.scheduled(decision, json));
  history.append(thread, clock.now(), ...words.started);
  // Replaying a task whose result was recorded: the result stands, the resource is not called
  // again. A task with no recorded result is called again (at-least-once, as on AWS).
  const recorded = history.recordedNext(thread).find((e) => words.ends.includes(e.type));
  if (recorded) {
    history.adopt(thread, recorded);
    return recordedResult(recorded);
  }
  const request = {
    resource: decision.resource,
    parameters: decision.parameters,
    timeoutSeconds: decision.timeoutSeconds,
    heartbeatSeconds: decision.heartbeatSeconds,
    context,
    signal,
  };
  let result: TaskResult | 'timeout';
  try {
    result =
      decision.timeoutSeconds === undefined
        ? await tasks.run(request)
        : await withTimeout(decision.timeoutSeconds * 1000, clock, signal, (s) =>
            tasks.run({ ...request, signal: s }),
          );
  } catch (e) {
    result = { ok: false, error: StatesErrors.TaskFailed, cause: e instanceof Error ? e.message : String(e) };
  }
  if (signal.aborted) return { ok: false, error: 'States.Aborted', cause: undefined };
  if (result === 'timeout') {
    history.append(thread, clock.now(), ...words.failed('TimedOut', StatesErrors.Timeout, undefined));
    return { ok: false, error: StatesErrors.Timeout, cause: undefined };
  }
  if (result.ok) {
    history.append(thread, clock.now(), ...words.succeeded(json(result.output)));
  } else {
    history.append(thread, clock.now(), ...words.failed('Failed', result.error, result.cause));
  }
  return result;
}

/** Runs `call` with its own signal, abandoned with 'timeout' after `ms` (TimeoutSeconds). */
async function withTimeout(
  ms: number,
  clock: Clock,
  outer: AbortSignal,
  call: (signal: AbortSignal) => Promise<TaskResult>,
): Promise<TaskResult | 'timeout'> {
  const own = linkedAbort(outer);
  try {
    return await Promise.race([call(own.signal), clock.sleep(ms, own.signal).then(() => 'timeout' as const)]);
  } finally {
    own.dispose();
    own.abort();
  }
}

/** The result a recorded closing event of a task stands for. */
function recordedResult(event: HistoryEvent): TaskResult {
  for (const key in event) {
    if (!key.endsWith('EventDetails')) continue;
    const d = event[key as `${string}EventDetails`] ?? {};
    if (event.type.endsWith('Succeeded')) {
      return { ok: true, output: JSON.parse(typeof d['output'] === 'string' ? d['output'] : 'null') as Json };
    }
    const error = typeof d['error'] === 'string' ? d['error'] : StatesErrors.TaskFailed;
    return { ok: false, error, cause: typeof d['cause'] === 'string' ? d['cause'] : undefined };
  }
  return event.type.endsWith('Succeeded')
    ? { ok: true, output: null }
    : { ok: false, error: StatesErrors.TaskFailed, cause: undefined };
}
