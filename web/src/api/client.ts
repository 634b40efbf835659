// The console speaks the same AWS JSON 1.0 protocol as the SDKs (DESIGN.md rule 6: web/ talks
// HTTP only): POST / with `X-Amz-Target: AWSStepFunctions.<Action>`.

/** An AWS-shaped API error: `__type` is the exception name, as the SDKs report it. */
export class ApiError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

/** The API endpoint: `?endpoint=` lets a console run by the vite dev server reach a real server. */
function endpoint(): string {
  const given = new URLSearchParams(window.location.search).get('endpoint');
  return given ?? `${window.location.origin}/`;
}

export async function sfn<T>(action: string, body: object = {}): Promise<T> {
  const response = await fetch(endpoint(), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `AWSStepFunctions.${action}`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = {};
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError('InternalError', `${action}: the server answered ${response.status} with non-JSON`);
  }
  if (!response.ok) {
    const error = json as { __type?: string; message?: string; Message?: string };
    const type = (error.__type ?? 'UnknownError').split('#').pop() ?? 'UnknownError';
    throw new ApiError(type, error.message ?? error.Message ?? `HTTP ${response.status}`);
  }
  return json as T;
}

/** Calls `action` page after page (nextToken) until `max` items are gathered. */
export async function listAll<T>(action: string, body: object, key: string, max = 1000): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn<Record<string, unknown>>(action, { ...body, nextToken });
    items.push(...((page[key] as T[] | undefined) ?? []));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken !== undefined && items.length < max);
  return items;
}
