// A loopback server that speaks AWS's JSON protocols (DynamoDB, SQS, EventBridge, Athena, …), its
// query protocol (SNS, STS) and REST protocols (Batch, Lambda, Bedrock Runtime over HTTP/2) for calls
// no local implementation answers: it checks each request's Signature V4 with the server side of
// Stepwise's own API (src/api/sigv4.ts), records the target (X-Amz-Target, or the query's Action),
// path and body, and answers as the test says.
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Http2Session } from 'node:http2';
import { createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/api/index.ts';
import { onLoopback } from './loopback.ts';

export interface ProtocolRequest {
  /** `X-Amz-Target`, e.g. `DynamoDB_20120810.TransactWriteItems`, or the query's `Action`. */
  readonly target: string;
  /** A JSON body, or a query's parameters. */
  readonly body: Record<string, unknown>;
  /** The error the signature check raised, if any. */
  readonly signatureError: string | undefined;
  /** The credential scope's `<date>/<region>/<service>/aws4_request`. */
  readonly scope: string | undefined;
  /** The access key the request was signed with. */
  readonly accessKeyId: string | undefined;
  readonly method: string;
  /** Path and query (REST protocols: Lambda's `/2015-03-31/functions/NAME/invocations`, Batch's `/v1/submitjob`). */
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
}

export interface ProtocolAnswer {
  readonly status: number;
  /** JSON, or XML text for the query protocol (or text of `contentType`). */
  readonly body: Record<string, unknown> | string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ProtocolServer {
  readonly endpoint: string;
  readonly requests: ProtocolRequest[];
  close(): Promise<void>;
}

type KeyPair = { accessKeyId: string; secretAccessKey: string };

/**
 * `http2`: speak HTTP/2 without TLS (prior knowledge), as the AWS SDK's clients of services with
 * streaming APIs (Bedrock Runtime) do.
 */
export async function startProtocolServer(
  credentials: KeyPair | readonly KeyPair[],
  answer: (request: ProtocolRequest) => ProtocolAnswer,
  options: { readonly http2?: boolean } = {},
): Promise<ProtocolServer> {
  const requests: ProtocolRequest[] = [];
  const pairs: readonly KeyPair[] = Array.isArray(credentials) ? credentials : [credentials as KeyPair];
  const keys = new Map(pairs.map((c) => [c.accessKeyId, c.secretAccessKey]));
  const handle = (req: IncomingMessage, res: ServerResponse) => {
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
      let body: Record<string, unknown>;
      try {
        body = query
          ? Object.fromEntries(new URLSearchParams(text))
          : (JSON.parse(text || '{}') as Record<string, unknown>);
      } catch {
        body = { text };
      }
      const request: ProtocolRequest = {
        target: query ? String(body['Action']) : String(req.headers['x-amz-target'] ?? ''),
        body,
        signatureError,
        scope: /Credential=[^/]+\/([^,]+)/.exec(req.headers.authorization ?? '')?.[1],
        accessKeyId: /Credential=([^/]+)\//.exec(req.headers.authorization ?? '')?.[1],
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
      };
      requests.push(request);
      const reply = answer(request);
      const xml = typeof reply.body === 'string';
      res.writeHead(reply.status, {
        'content-type': reply.contentType ?? (xml ? 'text/xml' : String(req.headers['content-type'])),
        'x-amzn-requestid': `req-${requests.length}`,
        ...reply.headers,
      });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    });
  };
  if (options.http2) return { ...(await onLoopbackHttp2(handle)), requests };
  const { url, close } = await onLoopback(createServer(handle));
  return { endpoint: url, requests, close };
}

/** An h2c server on a free loopback port; closing ends its sessions too. */
async function onLoopbackHttp2(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createHttp2Server((req, res) =>
    handle(req as unknown as IncomingMessage, res as unknown as ServerResponse),
  );
  const sessions = new Set<Http2Session>();
  server.on('session', (s: Http2Session) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sessions) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
