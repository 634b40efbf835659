// AWS Signature Version 4 in the browser (WebCrypto), for a server that requires signed requests:
// the console signs each call the way the SDKs do, so the server keeps one way to authenticate.

export interface KeyPair {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const encoder = new TextEncoder();

/** WebCrypto exists only in secure contexts: https, or http on localhost / 127.0.0.1. */
export function canSign(): boolean {
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

const hex = (bytes: ArrayBuffer): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function sha256(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function hmac(key: BufferSource, text: string): Promise<ArrayBuffer> {
  const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return crypto.subtle.sign('HMAC', imported, encoder.encode(text));
}

/** `20260102T030405Z`, the X-Amz-Date form of an instant. */
function amzDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The headers to add to a JSON 1.0 POST to `url` with `headers` and `body`: X-Amz-Date and the
 * Authorization of a SigV4 signature over method, path, the given headers, Host and the body's
 * hash, scoped to `region` and the `states` service (AWS General Reference, "Signature Version 4").
 */
export async function signedHeaders(
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: string,
  keys: KeyPair,
  region: string,
  now: Date = new Date(),
): Promise<Record<string, string>> {
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const all: Record<string, string> = { host: url.host, 'x-amz-date': date };
  for (const [name, value] of Object.entries(headers)) all[name.toLowerCase()] = value;
  const names = Object.keys(all).sort();
  const canonical = [
    'POST',
    url.pathname || '/',
    '',
    names.map((name) => `${name}:${(all[name] ?? '').trim()}\n`).join(''),
    names.join(';'),
    await sha256(body),
  ].join('\n');
  const scope = `${day}/${region}/states/aws4_request`;
  const toSign = [ALGORITHM, date, scope, await sha256(canonical)].join('\n');
  let key = await hmac(encoder.encode(`AWS4${keys.secretAccessKey}`), day);
  for (const part of [region, 'states', 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  return {
    'X-Amz-Date': date,
    Authorization: `${ALGORITHM} Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
