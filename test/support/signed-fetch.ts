// A POST signed with Signature V4 by @smithy/signature-v4 (as the AWS SDKs sign), for tests of
// servers that verify signatures; SHA-256 from node:crypto (no @aws-crypto package is installed).
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type Data = string | ArrayBuffer | ArrayBufferView;

const bytes = (d: Data): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

class Sha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: Data) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Data): void {
    this.#hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }
}

/** POSTs `body` to `url` signed with `key` for `service`; `sent` replaces the body after signing. */
export async function signedPost(
  url: URL,
  body: string,
  key: { readonly accessKeyId: string; readonly secretAccessKey: string },
  service: string,
  sent = body,
  /** More headers, signed too (an API call's X-Amz-Target). */
  headers: Record<string, string> = {},
): Promise<Response> {
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: key, sha256: Sha256 });
  const request = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host, 'content-type': 'application/json', ...headers },
    body,
  });
  return fetch(url, { method: 'POST', headers: request.headers, body: sent });
}
