import type { Json, JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import { bodyOf, multiValued } from '../api-gateway-invoke.ts';
import { at, text } from '../sync/job-spec.ts';
import type { KubeCall, KubeCluster } from './kube-api.ts';
import { kubeCall } from './kube-api.ts';

const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** A look that failed, in place of what it looked for: `{error, cause}` (AWS guide, connect-eks). */
async function fetched(cluster: KubeCluster, call: KubeCall, signal: AbortSignal): Promise<JsonObject> {
  const r = await kubeCall(cluster, call, signal);
  return r.ok ? { body: r.output['ResponseBody'] ?? null } : { error: r.error, cause: r.cause ?? null };
}

/**
 * The logs of an ended job's pods for `LogOptions.RetrieveLogs` (AWS guide, connect-eks):
 * `{pods: {<pod>: {containers: {<container>: {log}}}}}`, best effort: a log that cannot be read
 * has `error` and `cause` in place of `log`. A log is JSON when it parses as JSON, unless
 * `RawLogs`; `LogParameters` (`tailLines`, `limitBytes`, …) go to Kubernetes' Read Log API.
 * The pods are found by the job's `controller-uid` label, which Kubernetes sets on them.
 */
export async function podLogs(
  cluster: KubeCluster,
  namespace: string,
  job: Json,
  options: JsonObject,
  signal: AbortSignal,
): Promise<JsonObject> {
  const ns = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const uid = text(at(job, 'metadata', 'uid'));
  const selector = uid ? `controller-uid=${uid}` : `job-name=${text(at(job, 'metadata', 'name'))}`;
  const found = await fetched(
    cluster,
    { method: 'GET', path: ns, query: [['labelSelector', selector]] },
    signal,
  );
  if (!('body' in found)) return found;
  const query = multiValued(options['LogParameters']) ?? [];
  const raw = options['RawLogs'] === true;
  const pods: Record<string, Json> = {};
  for (const pod of list(at(found['body'], 'items'))) {
    const name = text(at(pod, 'metadata', 'name'));
    const containers: Record<string, Json> = {};
    for (const container of list(at(pod, 'spec', 'containers'))) {
      const c = text(at(container, 'name'));
      const log = await fetched(
        cluster,
        {
          method: 'GET',
          path: `${ns}/${encodeURIComponent(name)}/log`,
          query: [['container', c], ...query],
          raw: true,
        },
        signal,
      );
      const body = text(log['body']);
      containers[c] = 'body' in log ? { log: raw || body === '' ? body : bodyOf(body) } : log;
    }
    pods[name] = { containers };
  }
  return { pods };
}

export const logOptions = (p: JsonObject): JsonObject | undefined => {
  const o = p['LogOptions'];
  return isJsonObject(o) && o['RetrieveLogs'] === true ? o : undefined;
};
