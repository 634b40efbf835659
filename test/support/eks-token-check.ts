// The check an EKS cluster makes of a bearer token (aws-iam-authenticator's side), written
// independently of Stepwise's signer: the token is `k8s-aws-v1.` + base64url of an STS
// GetCallerIdentity URL presigned with Signature V4, with `x-k8s-aws-id: <this cluster>` among
// its signed headers. Here the signature is recomputed with the test's key pair instead of asking
// STS, so a token made for another cluster or with another key fails.
import { createHash, createHmac } from 'node:crypto';

type KeyPair = { accessKeyId: string; secretAccessKey: string };

export interface TokenCheck {
  /** Why the token is refused, if it is. */
  readonly error?: string;
  readonly url?: URL;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
/** RFC 3986, as Signature V4 encodes query names and values. */
const encode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function checkEksToken(authorization: string | undefined, cluster: string, key: KeyPair): TokenCheck {
  const token = /^Bearer k8s-aws-v1\.([A-Za-z0-9_-]+)$/.exec(authorization ?? '')?.[1];
  if (!token) return { error: 'not a k8s-aws-v1 bearer token' };
  const url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
  const q = url.searchParams;
  if (!/^sts\.[a-z0-9-]+\.amazonaws\.com$/.test(url.host))
    return { error: `not an STS host: ${url.host}`, url };
  if (q.get('Action') !== 'GetCallerIdentity' || q.get('Version') !== '2011-06-15')
    return { error: 'not GetCallerIdentity', url };
  const signed = q.get('X-Amz-SignedHeaders')?.split(';') ?? [];
  if (!signed.includes('x-k8s-aws-id')) return { error: 'x-k8s-aws-id is not signed', url };
  const [accessKeyId, date, region, service] = (q.get('X-Amz-Credential') ?? '').split('/');
  if (accessKeyId !== key.accessKeyId || service !== 'sts') return { error: 'wrong credential', url };
  const values: Record<string, string> = { host: url.host, 'x-k8s-aws-id': cluster };
  const query = [...q]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([n, v]) => [encode(n), encode(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
  const canonical = [
    'GET',
    url.pathname,
    query,
    signed.map((h) => `${h}:${values[h] ?? ''}\n`).join(''),
    signed.join(';'),
    sha256(''),
  ].join('\n');
  const scope = `${date}/${region}/sts/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', q.get('X-Amz-Date'), scope, sha256(canonical)].join('\n');
  const k = hmac(hmac(hmac(hmac(`AWS4${key.secretAccessKey}`, date!), region!), 'sts'), 'aws4_request');
  const expected = createHmac('sha256', k).update(toSign).digest('hex');
  if (q.get('X-Amz-Signature') !== expected) return { error: 'signature does not match', url };
  return { url };
}
