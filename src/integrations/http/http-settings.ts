/** An EventBridge connection as Stepwise knows it: the credentials an HTTP Task sends. */
export interface HttpConnection {
  readonly basic?: { readonly username: string; readonly password: string };
  /** Sent as a header `name: value` (EventBridge's API_KEY authorization). */
  readonly apiKey?: { readonly name: string; readonly value: string };
  /** A bearer token (what an OAuth connection would obtain). */
  readonly bearerToken?: string;
  /** Extra headers and query parameters of the connection (InvocationHttpParameters). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly queryParameters?: Readonly<Record<string, string>>;
}

export interface HttpSettings {
  /** Hosts (`example.com`, `localhost:8080`, `*.example.com`) HTTP Tasks may call; absent: any. */
  readonly allowHosts?: readonly string[];
  /** AWS caps an HTTP Task at 60 s (States.Http.Socket after it). */
  readonly timeoutSeconds?: number;
  /** By connection ARN (`Authentication.ConnectionArn`). */
  readonly connections?: Readonly<Record<string, HttpConnection>>;
}

/** Whether `host` (hostname[:port]) is on the allow-list. */
export function hostAllowed(settings: HttpSettings, url: URL): boolean {
  const list = settings.allowHosts;
  if (!list) return true;
  return list.some((entry) => {
    const pattern = entry.toLowerCase();
    const candidates = [url.host.toLowerCase(), url.hostname.toLowerCase()];
    if (pattern.startsWith('*.')) return candidates.some((c) => c.endsWith(pattern.slice(1)));
    return candidates.includes(pattern);
  });
}
