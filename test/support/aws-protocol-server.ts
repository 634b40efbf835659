// A loopback server that speaks an AWS JSON 1.0 protocol (DynamoDB, SQS's JSON protocol, …) for
// calls no local implementation answers: it checks each request's Signature V4 with the server
// side of Stepwise's own API (src/api/sigv4.ts), records the target and body, and answers as the
// test says.
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import { verifySignature } from '../../src/api/sigv4.ts';
import { onLoopback } from './loopback.ts';

export interface ProtocolRequest {
  /** `X-Amz-Target`, e.g. `DynamoDB_20120810.TransactWriteItems`. */
  readonly target: string;
  readonly body: Record<string, unknown>;
  /** The error the signature check raised, if any. */
  readonly signatureError: string | undefined;
  /** The credential scope's `<date>/<region>/<service>/aws4_request`. */
  readonly scope: string | undefined;
}

export interface ProtocolAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface ProtocolServer {
  readonly endpoint: string;
  readonly requests: ProtocolRequest[];
  close(): Promise<void>;
}

export async function startProtocolServer(
  credentials: { accessKeyId: string; secretAccessKey: string },
  answer: (request: ProtocolRequest) => ProtocolAnswer,
): Promise<ProtocolServer> {
  const requests: ProtocolRequest[] = [];
  const keys = new Map([[credentials.accessKeyId, credentials.secretAccessKey]]);
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let signatureError: string | undefined;
      try {
        verifySignature(req, raw, keys, Date.now());
      } catch (e) {
        signatureError = (e as Error).message || String(e);
      }
      const request: ProtocolRequest = {
        target: String(req.headers['x-amz-target'] ?? ''),
        body: JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>,
        signatureError,
        scope: /Credential=[^/]+\/([^,]+)/.exec(req.headers.authorization ?? '')?.[1],
      };
      requests.push(request);
      const { status, body } = answer(request);
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': `req-${requests.length}`,
      });
      res.end(text);
    });
  });
  const { url, close } = await onLoopback(server);
  return { endpoint: url, requests, close };
}
