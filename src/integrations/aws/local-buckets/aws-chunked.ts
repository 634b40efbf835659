import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/**
 * Decodes an `aws-chunked` request body (S3 API Reference, "Signature Calculations for the
 * Authorization Header: Transferring Payload in Multiple Chunks"): `<hex size>[;chunk-signature=…]
 * CRLF <bytes> CRLF` until a chunk of size 0, then optional trailers (`x-amz-checksum-crc32:…`)
 * and a blank line. The AWS SDKs send it for streamed uploads. Signatures and checksums are not
 * checked: the local bucket server serves loopback only.
 */
export class AwsChunkedDecoder extends Transform {
  #buffer: Buffer = Buffer.alloc(0);
  /** Bytes of the current chunk still to pass on; -1 while a size line is awaited. */
  #remaining = -1;
  /** The CRLF after a chunk's bytes is still to skip. */
  #skipCrlf = false;
  #done = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    try {
      this.#drain();
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.#done ? null : new Error('the aws-chunked body ended before its last chunk'));
  }

  #drain(): void {
    while (!this.#done) {
      if (this.#skipCrlf) {
        if (this.#buffer.length < 2) return;
        this.#buffer = this.#buffer.subarray(2);
        this.#skipCrlf = false;
      }
      if (this.#remaining < 0) {
        const end = this.#buffer.indexOf('\r\n');
        if (end < 0) return;
        const size = Number.parseInt(this.#buffer.subarray(0, end).toString('latin1').split(';')[0]!, 16);
        if (!Number.isFinite(size) || size < 0) throw new Error('a malformed aws-chunked chunk size');
        this.#buffer = this.#buffer.subarray(end + 2);
        // The last chunk: whatever follows is trailers, which are not content.
        if (size === 0) {
          this.#done = true;
          return;
        }
        this.#remaining = size;
      }
      if (this.#buffer.length === 0) return;
      const take = Math.min(this.#remaining, this.#buffer.length);
      this.push(this.#buffer.subarray(0, take));
      this.#buffer = this.#buffer.subarray(take);
      this.#remaining -= take;
      if (this.#remaining > 0) return;
      this.#remaining = -1;
      this.#skipCrlf = true;
    }
  }
}

/** Whether a request's body is aws-chunked (by its encoding or its payload hash's name). */
export function isAwsChunked(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return /(^|,)\s*aws-chunked\s*(,|$)/.test(encoding) || sha.startsWith('STREAMING-');
}
