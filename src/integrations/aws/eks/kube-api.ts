import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Json, JsonObject } from '../../../asl/index.ts';
import type { TaskResult } from '../../task-runner.ts';
import { bodyOf, responseHeaders } from '../api-gateway-invoke.ts';
import { callFailure } from '../service-error.ts';

/** A cluster's Kubernetes API as eks:call and eks:runJob reach it. */
export interface KubeCluster {
  readonly endpoint: URL;
  /** PEM certificates to trust (the task's `CertificateAuthority`, base64-decoded). */
  readonly ca: string;
  /** Makes a fresh bearer token for each request (eks-token.ts). */
  readonly token: () => Promise<string>;
}

/** An answer of the Kubernetes API, as Step Functions gives it (AWS guide, connect-eks). */
export interface KubeAnswer {
  readonly StatusCode: number;
  readonly StatusText: string;
  readonly ResponseBody: Json;
  readonly Headers: JsonObject;
}

export interface KubeCall {
  readonly method: string;
  readonly path: string;
  readonly query?: readonly (readonly [string, string])[];
  readonly body?: string | undefined;
  /** The body as text even when it is JSON (a pod's log: pod-logs.ts parses it unless RawLogs). */
  readonly raw?: boolean;
}

/**
 * The API refuses plain JSON for PATCH: an array is a JSON patch (RFC 6902), an object a merge
 * patch (RFC 7386); which one Step Functions sends is not documented.
 */
const contentType = (call: KubeCall): string =>
  call.method !== 'PATCH'
    ? 'application/json'
    : call.body?.trimStart().startsWith('[')
      ? 'application/json-patch+json'
      : 'application/merge-patch+json';

/**
 * One request to the cluster's API with its bearer token. TLS trusts the cluster's own CA only,
 * as Step Functions does with `CertificateAuthority`; an endpoint given as `http://` (a local
 * stand-in) is called without TLS.
 */
export async function kubeRequest(
  cluster: KubeCluster,
  call: KubeCall,
  signal: AbortSignal,
): Promise<KubeAnswer> {
  const url = new URL(cluster.endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${call.path.replace(/^\/+/, '')}`;
  for (const [name, value] of call.query ?? []) url.searchParams.append(name, value);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${await cluster.token()}`,
    Accept: 'application/json',
  };
  if (call.body !== undefined) {
    headers['Content-Type'] = contentType(call);
    headers['Content-Length'] = String(Buffer.byteLength(call.body));
  }
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise<KubeAnswer>((resolve, reject) => {
    const req = send(url, { method: call.method, headers, ca: cluster.ca, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
        }
        resolve({
          StatusCode: res.statusCode ?? 0,
          StatusText: res.statusMessage ?? '',
          ResponseBody: call.raw ? text : bodyOf(text),
          Headers: responseHeaders(pairs),
        });
      });
    });
    req.on('error', reject);
    req.end(call.body);
  });
}

/**
 * An answer of 400 or more fails the task as `EKS.<status>` with the answer as its cause, as the
 * AWS guide shows for a role the cluster does not know (`EKS.401`, connect-eks "Permissions").
 */
function kubeFailure(answer: KubeAnswer): Extract<TaskResult, { ok: false }> | undefined {
  if (answer.StatusCode < 400) return undefined;
  const { ResponseBody, StatusCode, StatusText } = answer;
  return {
    ok: false,
    error: `EKS.${StatusCode}`,
    cause: JSON.stringify({ ResponseBody, StatusCode, StatusText }),
  };
}

/** A call's answer as a task's result, or its failure (`EKS.<status>`, or the transport's). */
export async function kubeCall(
  cluster: KubeCluster,
  call: KubeCall,
  signal: AbortSignal,
): Promise<{ ok: true; output: JsonObject } | Extract<TaskResult, { ok: false }>> {
  try {
    const answer = await kubeRequest(cluster, call, signal);
    return kubeFailure(answer) ?? { ok: true, output: { ...answer } };
  } catch (e) {
    return callFailure(e) as Extract<TaskResult, { ok: false }>;
  }
}
