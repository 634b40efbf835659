// The console speaks the same AWS JSON 1.0 protocol as the SDKs (DESIGN.md rule 6: web/ talks
// HTTP only): POST / with `X-Amz-Target: AWSStepFunctions.<Action>`.
import type { SigningSession } from './session.ts';
import { markRefused, signingSession } from './session.ts';
import { signedHeaders } from './sigv4.ts';

/** An AWS-shaped API error: `__type` is the exception name, as the SDKs report it. */
export class ApiError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

/** How the console shows a failed call: the AWS exception name and its message. */
export const errorText = (error: unknown): string =>
  error instanceof ApiError ? `${error.type}: ${error.message}` : String(error);

/** The API endpoint: `?endpoint=` lets a console run by the vite dev server reach a real server. */
function endpoint(): string {
  const given = new URLSearchParams(window.location.search).get('endpoint');
  return given ?? `${window.location.origin}/`;
}

/** The server's answers when it requires a signature the call did not have (or a bad one). */
const SIGNATURE_REFUSED = new Set([
  'MissingAuthenticationTokenException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
]);

/** One call; signed when the tab is signed in (or with `session`, to try a key pair first). */
export async function sfn<T>(
  action: string,
  body: object = {},
  session: SigningSession | undefined = signingSession(),
): Promise<T> {
  const url = endpoint();
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-amz-json-1.0',
    'X-Amz-Target': `AWSStepFunctions.${action}`,
  };
  // Signed once signed in (the server requires signing): the same requests as the SDKs send.
  const signed = session ? await signedHeaders(new URL(url), headers, text, session, session.region) : {};
  const response = await fetch(url, { method: 'POST', headers: { ...headers, ...signed }, body: text });
  const answer = await response.text();
  let json: unknown = {};
  try {
    json = answer === '' ? {} : JSON.parse(answer);
  } catch {
    throw new ApiError('InternalError', `${action}: the server answered ${response.status} with non-JSON`);
  }
  if (!response.ok) {
    const error = json as { __type?: string; message?: string; Message?: string };
    const type = (error.__type ?? 'UnknownError').split('#').pop() ?? 'UnknownError';
    if (SIGNATURE_REFUSED.has(type)) markRefused();
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
