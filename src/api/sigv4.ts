import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.ts';

/** The key pairs a server accepts (access key id -> secret access key). */
export type Credentials = ReadonlyMap<string, string>;

const CORAL_SERVICE = 'com.amazon.coral.service';
const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS refuses a request signed more than 15 minutes away from its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const refuse = (code: string, message: string, status = 400): ApiError =>
  new ApiError(code, message, { status, namespace: CORAL_SERVICE });

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/**
 * Verifies AWS Signature Version 4 of a JSON 1.0 request (the scheme of every AWS SDK and CLI):
 * the canonical request (method, path, query, signed headers, payload hash) is signed with a key
 * derived from the secret, the date, region and service of the credential scope. The errors are
 * AWS's: no signature at all, an unknown key id, a wrong or expired signature.
 */
export function verifySignature(
  req: IncomingMessage,
  body: Buffer,
  credentials: Credentials,
  now: number,
): void {
  const header = req.headers.authorization;
  if (header === undefined || header === '') {
    throw refuse('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const parsed = parseAuthorization(header);
  if (!parsed) {
    throw refuse(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters with the ${ALGORITHM} algorithm.`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parsed.credential.split('/');
  const secret = accessKeyId === undefined ? undefined : credentials.get(accessKeyId);
  if (secret === undefined) {
    throw refuse('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  const amzDate = headerValue(req, 'x-amz-date');
  if (
    !amzDate ||
    !date ||
    !region ||
    !service ||
    terminator !== 'aws4_request' ||
    !amzDate.startsWith(date)
  ) {
    throw refuse('InvalidSignatureException', MISMATCH);
  }
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  if (Number.isNaN(signedAt) || Math.abs(now - signedAt) > MAX_SKEW_MS) {
    throw refuse(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier or later than the allowed 15 minutes from ${compactDate(now)}.`,
    );
  }
  const scope = `${date}/${region}/${service}/aws4_request`;
  const canonical = canonicalRequest(req, body, parsed.signedHeaders);
  const toSign = [ALGORITHM, amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${secret}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, toSign).toString('hex'), 'utf8');
  const given = Buffer.from(parsed.signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw refuse('InvalidSignatureException', MISMATCH);
  }
}

function parseAuthorization(
  header: string,
): { credential: string; signedHeaders: string[]; signature: string } | undefined {
  if (!header.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return undefined;
  return { credential, signedHeaders: signedHeaders.split(';'), signature };
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters is %XX. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalRequest(req: IncomingMessage, body: Buffer, signedHeaders: readonly string[]): string {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // Services other than S3 encode each path segment twice; the first encoding is the client's.
  const path =
    url.pathname
      .split('/')
      .map((s) => encode(s))
      .join('/') || '/';
  const query = [...url.searchParams]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signedHeaders
    .map((name) => `${name}:${(headerValue(req, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  // The hash of the body received, never the x-amz-content-sha256 header: trusting the header
  // would let a body be changed after signing (JSON services hash the payload themselves).
  const payload = sha256(body);
  return [req.method ?? 'POST', path, query, headers, signedHeaders.join(';'), payload].join('\n');
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function compactDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
