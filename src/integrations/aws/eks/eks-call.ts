import type { Json, JsonObject } from '../../../asl/index.ts';
import { isJsonObject } from '../../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../../task-runner.ts';
import type { AwsClients } from '../aws-clients.ts';
import { multiValued } from '../api-gateway-invoke.ts';
import { clusterOf, required, runtime } from './eks-cluster.ts';
import { kubeCall } from './kube-api.ts';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH']);

/** A body given as JSON or as text (`RequestBody`, `Job`): text is sent as it is. */
export const bodyText = (body: Json | undefined): string | undefined =>
  body === undefined || body === null ? undefined : typeof body === 'string' ? body : JSON.stringify(body);

/**
 * `arn:aws:states:::eks:call` (AWS guide, connect-eks "Call"): `Method` on `Path` of the cluster's
 * Kubernetes API with `QueryParameters` and `RequestBody`. The result is {ResponseBody, StatusCode,
 * StatusText, Headers}; an answer of 400 or more fails the task as `EKS.<status>`.
 */
export async function eksCall(clients: AwsClients, request: TaskRequest): Promise<TaskResult> {
  const p: JsonObject = isJsonObject(request.parameters) ? request.parameters : {};
  const cluster = clusterOf(clients, request, p);
  if ('ok' in cluster) return cluster;
  const method = required(p, 'Method');
  if (typeof method !== 'string') return method;
  if (!METHODS.has(method)) return runtime("The value of the field 'Method' has an invalid format");
  const path = required(p, 'Path');
  if (typeof path !== 'string') return path;
  const query = multiValued(p['QueryParameters']);
  if (!query) return runtime("The value of the field 'QueryParameters' has an invalid format");
  return kubeCall(cluster, { method, path, query, body: bodyText(p['RequestBody']) }, request.signal);
}
