/** An AWS Step Functions API error as the server sent it (`__type` without its namespace). */
export class StepwiseApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = code;
    this.code = code;
  }
}

/**
 * One call of the Step Functions JSON 1.0 API over HTTP. Needs no AWS SDK: workers and the CLI
 * use it against Stepwise (or any endpoint speaking the same protocol).
 */
export async function callApi(
  endpoint: string,
  action: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AWSStepFunctions.${action}`,
    },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!res.ok) {
    const type = typeof json['__type'] === 'string' ? json['__type'] : 'UnknownError';
    const message = typeof json['message'] === 'string' ? json['message'] : text;
    throw new StepwiseApiError(type.slice(type.indexOf('#') + 1), message);
  }
  return json;
}
