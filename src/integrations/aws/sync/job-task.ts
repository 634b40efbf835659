import type { JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../../task-runner.ts';
import type { AwsClients } from '../aws-clients.ts';
import type { OptimizedService } from '../optimized-services.ts';
import type { JobSpec } from './job-spec.ts';
import { JOB_SPECS } from './job-specs.ts';
import { EMR_APIS } from './emr-jobs.ts';
import { jobService } from './job-services.ts';
import type { CallResult } from './service-call.ts';
import { callService } from './service-call.ts';

/** A job service's API as a Task resource names it: `.sync` runs it as a job. */
export interface JobTask {
  readonly service: OptimizedService;
  /** The service name of the resource (`batch`, `elasticmapreduce`). */
  readonly name: string;
  readonly api: string;
  readonly sync: JobSpec | undefined;
}

const RESOURCE = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)(\.sync)?$/;

/** The job integration a resource names (`batch:submitJob`, `batch:submitJob.sync`, …), if any. */
export function jobTask(resource: string): JobTask | undefined {
  const m = RESOURCE.exec(resource);
  if (!m) return undefined;
  const [, name, api, sync] = m as unknown as [string, string, string, string | undefined];
  const service = jobService(name);
  if (!service?.apis.has(api)) return undefined;
  if (!sync) return { service, name, api, sync: undefined };
  const spec = JOB_SPECS.get(`${name}:${api}`);
  return spec ? { service, name, api, sync: spec } : undefined;
}

/** How often a running job is looked at, unless `integrations.aws.pollIntervalSeconds` says. */
export const DEFAULT_POLL_SECONDS = 5;

/** The stop call of a stopped task is sent once the task's own signal is gone: it gets this long. */
const STOP_TIMEOUT_MS = 30_000;

const ABORTED: TaskResult = { ok: false, error: 'States.Aborted', cause: undefined };

/** Errors that say "ask again later": a look at a job that meets one is simply tried at the next poll. */
const THROTTLED = /\.(ThrottlingException|TooManyRequestsException|ProvisionedThroughputExceededException)$/;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Performs a job service's task. Request-response calls the API and returns its result. `.sync`
 * starts the job (recorded as TaskSubmitted with the start call's result), then looks at it every
 * `pollMs` until it ends: its description is the output, or the cause of States.TaskFailed when
 * it did not succeed (AWS guide, connect-to-resource "Run a Job"). When the execution is stopped
 * or the task times out, the job is stopped with the service's own stop call, as AWS does.
 */
export async function runJobTask(
  clients: AwsClients,
  task: JobTask,
  request: TaskRequest,
  pollMs: number,
): Promise<TaskResult> {
  const parameters = isJsonObject(request.parameters) ? request.parameters : {};
  const { service, sync } = task;
  const wrapped = EMR_APIS.get(`${task.name}:${task.api}`);
  // The start call: the API itself, or the calls made in place of one that wraps others.
  const start = (): Promise<CallResult> =>
    wrapped
      ? wrapped((api, p) => callService(clients, service, api, p, request.signal, false), parameters)
      : callService(clients, service, task.api, parameters, request.signal, true);
  if (!sync) return start();
  const resumed = request.resumeSubmitted;
  let started: JsonObject;
  if (isJsonObject(resumed)) {
    // Resumed after a restart: the job it had started is the one to look at.
    started = resumed;
  } else {
    const begun = await start();
    if (!begun.ok) return begun;
    started = sync.started?.(begun.output, parameters) ?? begun.output;
    const refused = sync.refused?.(started);
    if (refused !== undefined) return { ok: false, error: 'States.TaskFailed', cause: refused };
  }
  request.progress?.submitted(started);
  const stopCall = sync.stop;
  const stop =
    stopCall &&
    ((signal: AbortSignal): void => {
      const call = stopCall(started, parameters);
      void callService(clients, service, call.api, call.parameters, signal, false);
    });
  return awaitJob(request, pollMs, stop, async () => {
    const look = sync.describe(started, parameters);
    const described = await callService(clients, service, look.api, look.parameters, request.signal, false);
    if (!described.ok) {
      if (THROTTLED.test(described.error)) return undefined;
      if (sync.gone?.test(described.error)) return { ok: true, output: started };
      return described;
    }
    const now = sync.state(described.output, parameters, started);
    if (now.state === 'succeeded') return { ok: true, output: now.job };
    if (now.state === 'failed')
      return { ok: false, error: 'States.TaskFailed', cause: JSON.stringify(now.job) };
    return undefined;
  });
}

/**
 * Looks at a started job every `pollMs` until `look` gives the task's result (undefined: still
 * running). When the execution is stopped or the task times out, `stop` is called (with a signal
 * of its own: the task's is gone by then) and the task ends as aborted.
 */
export async function awaitJob(
  request: TaskRequest,
  pollMs: number,
  stop: ((signal: AbortSignal) => void) | undefined,
  look: () => Promise<TaskResult | undefined>,
): Promise<TaskResult> {
  const onAbort = (): void => stop?.(AbortSignal.timeout(STOP_TIMEOUT_MS));
  if (request.signal.aborted) {
    onAbort();
    return ABORTED;
  }
  request.signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      await sleep(pollMs, request.signal);
      if (request.signal.aborted) return ABORTED;
      const ended = await look();
      if (request.signal.aborted) return ABORTED;
      if (ended) return ended;
    }
  } finally {
    request.signal.removeEventListener('abort', onAbort);
  }
}
