import type { Json, JsonObject } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { HttpInspection, TaskRequest, TaskResult } from '../task-runner.ts';
import type { HttpConnection, HttpSettings } from './http-settings.ts';
import { hostAllowed } from './http-settings.ts';
import { connectionSecrets, redact, withoutConnection } from './connection-secrets.ts';
import { fetchFollowing } from './follow-redirects.ts';
import type { ArrayFormat } from './url-encode.ts';
import { urlEncode } from './url-encode.ts';

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
const DEFAULT_TIMEOUT_SECONDS = 60;

const failure = (error: string, cause: string): TaskResult => ({ ok: false, error, cause });

function stringRecord(value: Json | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isJsonObject(value)) return out;
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

function applyConnection(
  connection: HttpConnection | undefined,
  headers: Record<string, string>,
  url: URL,
): void {
  if (!connection) return;
  for (const [k, v] of Object.entries(connection.headers ?? {})) headers[k] = v;
  for (const [k, v] of Object.entries(connection.queryParameters ?? {})) url.searchParams.append(k, v);
  if (connection.basic) {
    const { username, password } = connection.basic;
    headers['Authorization'] = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  if (connection.bearerToken) headers['Authorization'] = `Bearer ${connection.bearerToken}`;
  if (connection.apiKey) headers[connection.apiKey.name] = connection.apiKey.value;
}

/** The request body and its content type, per `Transform` (AWS guide, "Call HTTPS APIs"). */
function encodeBody(p: JsonObject, headers: Record<string, string>): string | undefined {
  const body = p['RequestBody'];
  if (body === undefined) return undefined;
  const transform = isJsonObject(p['Transform']) ? p['Transform'] : {};
  const has = (name: string): boolean => Object.keys(headers).some((h) => h.toLowerCase() === name);
  if (transform['RequestBodyEncoding'] === 'URL_ENCODED') {
    const options = isJsonObject(transform['RequestEncodingOptions'])
      ? transform['RequestEncodingOptions']
      : {};
    const format = (
      typeof options['ArrayFormat'] === 'string' ? options['ArrayFormat'] : 'INDICES'
    ) as ArrayFormat;
    if (!has('content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return urlEncode(body, format);
  }
  if (typeof body === 'string') return body;
  if (!has('content-type')) headers['Content-Type'] = 'application/json; charset=UTF-8';
  return JSON.stringify(body);
}

/** Header values as lists, the way the HTTP Task reports them. */
function headerLists(headers: Headers): JsonObject {
  const out: Record<string, Json[]> = {};
  headers.forEach((value, name) => {
    (out[name] ??= []).push(value);
  });
  return out;
}

function parseBody(text: string, contentType: string | null): Json {
  if (text === '') return '';
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text) as Json;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * `arn:aws:states:::http:invoke`: calls ApiEndpoint with Method, Headers, QueryParameters and
 * RequestBody, credentials from the configured connection. The result is
 * `{Headers, ResponseBody, StatusCode, StatusText}`; a status outside 2xx fails the task with
 * `States.Http.StatusCode.NNN` (cause: that result), a network failure or the 60 s cap with
 * `States.Http.Socket`.
 */
export async function httpInvoke(
  settings: HttpSettings,
  request: TaskRequest,
  traceHeaders: Readonly<Record<string, string>> = {},
): Promise<TaskResult> {
  const p = isJsonObject(request.parameters) ? request.parameters : {};
  const endpoint = p['ApiEndpoint'];
  const method = typeof p['Method'] === 'string' ? p['Method'].toUpperCase() : '';
  if (typeof endpoint !== 'string') {
    return failure('States.Runtime', "The field 'ApiEndpoint' is required and must be a string.");
  }
  if (!METHODS.has(method)) {
    return failure('States.Runtime', `The field 'Method' must be one of ${[...METHODS].join(', ')}.`);
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return failure('States.Runtime', `The ApiEndpoint '${endpoint}' is not a valid URL.`);
  }
  if (!hostAllowed(settings, url)) {
    return failure('States.Permissions', `The host '${url.host}' is not on Stepwise's HTTP allow-list.`);
  }
  for (const [k, v] of Object.entries(isJsonObject(p['QueryParameters']) ? p['QueryParameters'] : {})) {
    for (const item of Array.isArray(v) ? v : [v]) {
      url.searchParams.append(k, typeof item === 'string' ? item : JSON.stringify(item));
    }
  }
  const headers = stringRecord(p['Headers']);
  const auth = isJsonObject(p['Authentication']) ? p['Authentication']['ConnectionArn'] : undefined;
  const connection = typeof auth === 'string' ? settings.connections?.[auth] : undefined;
  const secrets = connectionSecrets(connection);
  applyConnection(connection, headers, url);
  // The execution's trace goes on with the request, unless the task sets its own.
  for (const [name, value] of Object.entries(traceHeaders))
    if (!Object.keys(headers).some((h) => h.toLowerCase() === name)) headers[name] = value;
  const body = method === 'GET' || method === 'HEAD' ? undefined : encodeBody(p, headers);
  const shown = request.revealSecrets ? { headers, url } : withoutConnection(connection, headers, url);
  const sent: HttpInspection['request'] = {
    protocol: url.protocol.slice(0, -1),
    method,
    url: shown.url.href,
    headers: JSON.stringify(shown.headers),
    body: body ?? '',
  };
  const timeout = AbortSignal.timeout((settings.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
  let res: Response;
  let text: string;
  try {
    const answer = await fetchFollowing(
      { method, url, headers, body },
      {
        signal: AbortSignal.any([request.signal, timeout]),
        allowed: (to) => hostAllowed(settings, to),
        elsewhere: (hop) => {
          // Another origin gets none of the connection's credentials, nor Authorization (as fetch).
          const shown = withoutConnection(connection, hop.headers, hop.url);
          const kept = Object.entries(shown.headers).filter(
            ([name]) => name.toLowerCase() !== 'authorization',
          );
          return { ...hop, url: shown.url, headers: Object.fromEntries(kept) };
        },
      },
    );
    if ('refused' in answer) {
      return failure(
        'States.Permissions',
        `The host '${answer.refused.host}' (a redirect) is not on Stepwise's HTTP allow-list.`,
      );
    }
    res = answer.response;
    text = await res.text();
  } catch (e) {
    const why = timeout.aborted
      ? 'the request timed out'
      : e instanceof Error
        ? e.cause instanceof Error
          ? e.cause.message
          : e.message
        : String(e);
    // A connection's value can surface in a message (an invalid header value is quoted whole).
    return {
      ...failure(
        'States.Http.Socket',
        redact(`Calling ${method} ${url.origin}${url.pathname} failed: ${why}`, secrets),
      ),
      http: { request: sent },
    };
  }
  const result: JsonObject = {
    Headers: headerLists(res.headers),
    ResponseBody: parseBody(text, res.headers.get('content-type')),
    StatusCode: res.status,
    StatusText: res.statusText,
  };
  const http: HttpInspection = {
    request: sent,
    response: {
      protocol: sent.protocol,
      statusCode: String(res.status),
      statusMessage: res.statusText,
      headers: JSON.stringify(result['Headers']),
      body: text,
    },
  };
  if (res.status < 200 || res.status > 299) {
    return { ...failure(`States.Http.StatusCode.${res.status}`, JSON.stringify(result)), http };
  }
  return { ok: true, output: result, http };
}
