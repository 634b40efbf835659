// A loopback server that speaks AWS's JSON protocols (DynamoDB, SQS, EventBridge, Athena, …), REST
// JSON (Batch) and the query protocol (SNS) for calls no local implementation answers: it checks
// each request's Signature V4 with the server side of Stepwise's own API (src/api/sigv4.ts),
// records the target (X-Amz-Target, or the query's Action), path and body, and answers as the
// test says.
import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import { verifySignature } from '../../src/api/index.ts';
import { onLoopback } from './loopback.ts';

export interface ProtocolRequest {
  /** `X-Amz-Target`, e.g. `DynamoDB_20120810.TransactWriteItems`, or the query's `Action`. */
  readonly target: string;
  /** Method and path, for REST protocols (Batch: `POST /v1/submitjob`). */
  readonly path: string;
  /** A JSON body, or a query's parameters. */
  readonly body: Record<string, unknown>;
  /** The error the signature check raised, if any. */
  readonly signatureError: string | undefined;
  /** The credential scope's `<date>/<region>/<service>/aws4_request`. */
  readonly scope: string | undefined;
}

export interface ProtocolAnswer {
  readonly status: number;
  /** JSON, or XML text for the query protocol. */
  readonly body: Record<string, unknown> | string;
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
      const text = raw.toString('utf8');
      const query = String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded');
      const body = query
        ? Object.fromEntries(new URLSearchParams(text))
        : (JSON.parse(text || '{}') as Record<string, unknown>);
      const request: ProtocolRequest = {
        target: query ? String(body['Action']) : String(req.headers['x-amz-target'] ?? ''),
        path: `${req.method} ${req.url}`,
        body,
        signatureError,
        scope: /Credential=[^/]+\/([^,]+)/.exec(req.headers.authorization ?? '')?.[1],
      };
      requests.push(request);
      const reply = answer(request);
      const xml = typeof reply.body === 'string';
      res.writeHead(reply.status, {
        'content-type': xml ? 'text/xml' : String(req.headers['content-type']),
        'x-amzn-requestid': `req-${requests.length}`,
      });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    });
  });
  const { url, close } = await onLoopback(server);
  return { endpoint: url, requests, close };
}
