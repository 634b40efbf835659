import { SignatureV4 } from '@smithy/signature-v4';
import type { Json, JsonObject } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { AwsClients } from './aws-clients.ts';
import { sdkService } from './sdk-services.ts';
import { callFailure } from './service-error.ts';
import { taskRole } from './task-roles.ts';
import { Sha256 } from './sha256.ts';

const runtime = (message: string): TaskResult => ({ ok: false, error: 'States.Runtime', cause: message });
const invalidFormat = (field: string) => runtime(`The value of the field '${field}' has an invalid format`);

/** `{name: [value, …]}`, as Headers and QueryParameters are given (AWS guide, connect-api-gateway). */
export function multiValued(value: Json | undefined): [string, string][] | undefined {
  if (value === undefined) return [];
  if (!isJsonObject(value)) return undefined;
  const pairs: [string, string][] = [];
  for (const [name, values] of Object.entries(value)) {
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return undefined;
    for (const v of values) pairs.push([name, v]);
  }
  return pairs;
}

/** Response headers as the result gives them: `{"Content-Type": ["application/json"]}`. */
export function responseHeaders(headers: Iterable<[string, string]>): JsonObject {
  const out: Record<string, Json> = {};
  for (const [name, value] of headers) {
    out[name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase())] = [value];
  }
  return out;
}

/** The region of `<id>.execute-api.<region>.amazonaws.com`, to sign for. */
const regionOf = (host: string): string | undefined =>
  /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(host)?.[1];

/** A response body as the result gives it: JSON when it is JSON, else its text. */
export function bodyOf(text: string): Json {
  if (text === '') return {};
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * `arn:aws:states:::apigateway:invoke`: calls `https://<ApiEndpoint>/<Stage>/<Path>` with Method,
 * QueryParameters, Headers and RequestBody, signed with Signature V4 (service `execute-api`) when
 * AuthType is IAM_ROLE or RESOURCE_POLICY. The result is {Headers, ResponseBody, StatusCode,
 * StatusText}; a status of 400 or more fails the task as `ApiGateway.<status>` with the response
 * body as the cause (AWS-recorded: LocalStack's test_apigetway_task_service snapshots). An
 * ApiEndpoint given with its scheme (`http://127.0.0.1:3000`) is called as given: local stand-ins.
 */
export async function apiGatewayInvoke(clients: AwsClients, request: TaskRequest): Promise<TaskResult> {
  const p: JsonObject = isJsonObject(request.parameters) ? request.parameters : {};
  const endpoint = p['ApiEndpoint'];
  const method = p['Method'];
  if (typeof endpoint !== 'string' || endpoint === '') return runtime("The field 'ApiEndpoint' is required.");
  if (typeof method !== 'string' || method === '') return runtime("The field 'Method' is required.");
  const headers = multiValued(p['Headers']);
  if (!headers) return invalidFormat('Headers');
  const query = multiValued(p['QueryParameters']);
  if (!query) return invalidFormat('QueryParameters');
  const url = new URL(/^https?:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`);
  const segments = [p['Stage'], p['Path']].filter((s): s is string => typeof s === 'string' && s !== '');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${segments.map((s) => s.replace(/^\/+|\/+$/g, '')).join('/')}`;
  for (const [name, value] of query) url.searchParams.append(name, value);
  const body = 'RequestBody' in p && p['RequestBody'] !== null ? p['RequestBody'] : undefined;
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const sent: Record<string, string> = {};
  for (const [name, value] of headers)
    sent[name] = sent[name] === undefined ? value : `${sent[name]}, ${value}`;
  if (text !== undefined && !Object.keys(sent).some((h) => h.toLowerCase() === 'content-type')) {
    sent['Content-Type'] = 'application/json';
  }
  try {
    const auth = p['AuthType'] ?? 'NO_AUTH';
    const signed =
      auth === 'IAM_ROLE' || auth === 'RESOURCE_POLICY'
        ? await sign(clients, request, url, method, sent, text)
        : sent;
    const res = await fetch(url, { method, headers: signed, body: text ?? null, signal: request.signal });
    const answer = await res.text();
    if (res.status >= 400) return { ok: false, error: `ApiGateway.${res.status}`, cause: answer };
    return {
      ok: true,
      output: {
        Headers: responseHeaders(res.headers),
        ResponseBody: bodyOf(answer),
        StatusCode: res.status,
        StatusText: res.statusText,
      },
    };
  } catch (e) {
    return callFailure(e);
  }
}

function queryOf(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    out[name] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

async function sign(
  clients: AwsClients,
  request: TaskRequest,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: 'execute-api',
    region: regionOf(url.hostname) ?? clients.region,
    credentials: clients.signingCredentials('apigateway', sdkService('apigateway')!, taskRole(request)),
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: queryOf(url.searchParams),
    headers: { ...headers, host: url.host },
    body,
  });
  const { host: _host, ...rest } = signed.headers;
  return rest;
}
