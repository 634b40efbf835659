import type { IncomingMessage } from 'node:http';

/** Bytes of an oversized body thrown away before the connection is cut instead. */
const DISCARD_LIMIT = 16 * 1_048_576;

/**
 * The request body, or `undefined` once it exceeds `limit`: an oversized body is never
 * buffered. Its rest is read and dropped (so the client still gets its 413), up to a bound
 * past which the socket is destroyed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      discard(req);
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        chunks.length = 0;
        discard(req, size);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks, size));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
    // A client that hangs up mid-body leaves no one to answer; settle instead of waiting forever.
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}

function discard(req: IncomingMessage, already = 0): void {
  let dropped = already;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_LIMIT) req.socket.destroy();
  });
  req.resume();
}
