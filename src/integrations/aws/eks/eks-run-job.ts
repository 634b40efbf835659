import type { Json, JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../../task-runner.ts';
import type { AwsClients } from '../aws-clients.ts';
import { at, text } from '../sync/job-spec.ts';
import { awaitJob } from '../sync/job-task.ts';
import { bodyText } from './eks-call.ts';
import { clusterOf, runtime } from './eks-cluster.ts';
import type { KubeCall } from './kube-api.ts';
import { kubeCall, kubeRequest } from './kube-api.ts';
import { logOptions, podLogs } from './pod-logs.ts';

/** A Job has ended when it has a `Complete` or `Failed` condition that is "True". */
function ended(job: Json): 'succeeded' | 'failed' | undefined {
  const conditions = at(job, 'status', 'conditions');
  for (const c of Array.isArray(conditions) ? conditions : []) {
    if (at(c, 'status') !== 'True') continue;
    if (at(c, 'type') === 'Complete') return 'succeeded';
    if (at(c, 'type') === 'Failed') return 'failed';
  }
  return undefined;
}

/**
 * `arn:aws:states:::eks:runJob` (AWS guide, connect-eks "RunJob"): creates the Kubernetes Job
 * `Job` (batch/v1) in `Namespace` (default `default`); the result is the create call's answer
 * ({ResponseBody, StatusCode, StatusText, Headers}). With `.sync` the job is read every `pollMs`
 * until it is Complete (the output is the last read's answer) or Failed (States.TaskFailed with
 * it as the cause); with `LogOptions.RetrieveLogs` its pods' logs are added under `logs`. When the
 * execution is stopped or the task times out, the job is deleted with its pods (foreground
 * propagation). AWS polls about once a minute; Stepwise at `pollIntervalSeconds`.
 */
export async function eksRunJob(
  clients: AwsClients,
  request: TaskRequest,
  sync: boolean,
  pollMs: number,
): Promise<TaskResult> {
  const p: JsonObject = isJsonObject(request.parameters) ? request.parameters : {};
  const cluster = clusterOf(clients, request, p);
  if ('ok' in cluster) return cluster;
  const job = bodyText(p['Job']);
  if (job === undefined) return runtime("The field 'Job' is required.");
  const namespace = typeof p['Namespace'] === 'string' && p['Namespace'] !== '' ? p['Namespace'] : 'default';
  const jobs = `/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/jobs`;
  let started: JsonObject;
  const resumed = request.resumeSubmitted;
  if (sync && isJsonObject(resumed)) {
    // Resumed after a restart: the job it had created is the one to look at.
    started = resumed;
  } else {
    const created = await kubeCall(cluster, { method: 'POST', path: jobs, body: job }, request.signal);
    if (!created.ok || !sync) return created;
    started = created.output;
  }
  request.progress?.submitted(started);
  const path = `${jobs}/${encodeURIComponent(text(at(started, 'ResponseBody', 'metadata', 'name')))}`;
  const stop = (signal: AbortSignal): void => {
    const remove: KubeCall = { method: 'DELETE', path, query: [['propagationPolicy', 'Foreground']] };
    kubeRequest(cluster, remove, signal).catch(() => undefined);
  };
  const logs = logOptions(p);
  return awaitJob(request, pollMs, stop, async () => {
    const read = await kubeCall(cluster, { method: 'GET', path }, request.signal);
    if (!read.ok) return read.error === 'EKS.429' ? undefined : read;
    const state = ended(read.output['ResponseBody'] ?? null);
    if (!state) return undefined;
    const output = logs
      ? {
          ...read.output,
          logs: await podLogs(cluster, namespace, read.output['ResponseBody'] ?? null, logs, request.signal),
        }
      : read.output;
    return state === 'succeeded'
      ? { ok: true, output }
      : { ok: false, error: 'States.TaskFailed', cause: JSON.stringify(output) };
  });
}
