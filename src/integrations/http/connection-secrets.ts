import type { HttpConnection } from './http-settings.ts';

/**
 * What a connection adds to a request is secret (AWS, TestState `revealSecrets`: "the data that
 * an EventBridge connection adds to modify the HTTP request headers, query parameters, and
 * body"), whereas the state's own fields and the response are not. These are its values, as
 * they may appear in text: plain, URL-encoded and, for basic auth, as the encoded header.
 */
export function connectionSecrets(connection: HttpConnection | undefined): string[] {
  if (!connection) return [];
  const values = [
    ...Object.values(connection.headers ?? {}),
    ...Object.values(connection.queryParameters ?? {}),
    connection.bearerToken,
    connection.apiKey?.value,
  ];
  if (connection.basic) {
    const { username, password } = connection.basic;
    values.push(password, username, Buffer.from(`${username}:${password}`).toString('base64'));
  }
  const all = values.flatMap((v) => (v ? [v, encodeURIComponent(v)] : []));
  // Longest first, so that a secret containing another is hidden whole.
  return [...new Set(all)].sort((a, b) => b.length - a.length);
}

/** The mark a secret leaves where it was removed. */
export const REDACTED = '*****';

/** `text` with every occurrence of a secret replaced, for messages Stepwise writes itself. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out;
}

/** The request as a reader without `revealSecrets` may see it: without what the connection added. */
export function withoutConnection(
  connection: HttpConnection | undefined,
  headers: Readonly<Record<string, string>>,
  url: URL,
): { headers: Record<string, string>; url: URL } {
  const added = new Set(Object.keys(connection?.headers ?? {}).map((name) => name.toLowerCase()));
  if (connection?.basic || connection?.bearerToken) added.add('authorization');
  if (connection?.apiKey) added.add(connection.apiKey.name.toLowerCase());
  const shown = new URL(url);
  for (const [k, v] of Object.entries(connection?.queryParameters ?? {})) shown.searchParams.delete(k, v);
  return {
    headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !added.has(name.toLowerCase()))),
    url: shown,
  };
}
