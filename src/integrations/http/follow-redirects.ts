/** One request of a chain of redirects. */
export interface Hop {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** The statuses fetch follows (Fetch standard, "HTTP-redirect fetch"), and at most how many. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** Headers that describe a body, dropped with it when a redirect turns the request into a GET. */
const BODY_HEADERS = new Set(['content-type', 'content-encoding', 'content-language', 'content-location']);

/**
 * fetch, following redirects as fetch does, except that each hop must be on the HTTP allow-list
 * (or a redirect would reach any host of the network) and a hop to another origin is sent by
 * `elsewhere`, which leaves out the connection's credentials (fetch itself drops only
 * Authorization). Answers the last response, or the URL the allow-list refused.
 */
export async function fetchFollowing(
  first: Hop,
  options: {
    readonly signal: AbortSignal;
    allowed(url: URL): boolean;
    elsewhere(hop: Hop): Hop;
  },
): Promise<{ response: Response } | { refused: URL }> {
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(hop.url, {
      method: hop.method,
      headers: hop.headers,
      ...(hop.body !== undefined ? { body: hop.body } : {}),
      signal: options.signal,
      redirect: 'manual',
    });
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null || redirects >= MAX_REDIRECTS) {
      return { response };
    }
    await response.body?.cancel();
    const url = new URL(location, hop.url);
    if (!options.allowed(url)) return { refused: url };
    const toGet =
      response.status === 303
        ? hop.method !== 'HEAD'
        : [301, 302].includes(response.status) && hop.method === 'POST';
    const headers = toGet
      ? Object.fromEntries(
          Object.entries(hop.headers).filter(([name]) => !BODY_HEADERS.has(name.toLowerCase())),
        )
      : hop.headers;
    const next: Hop = {
      method: toGet ? 'GET' : hop.method,
      url,
      headers,
      body: toGet ? undefined : hop.body,
    };
    hop = url.origin === hop.url.origin ? next : options.elsewhere(next);
  }
}
