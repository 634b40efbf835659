import type { IncomingMessage, ServerResponse } from 'node:http';
import { actions } from '../api/index.ts';
import type { Metrics } from '../observability/index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const TARGET_PREFIX = 'AWSStepFunctions.';

/**
 * The label of a request: its API action, one of a fixed set (a made-up X-Amz-Target must not
 * grow the metric without bound), or the part of the server it asked for.
 */
function actionOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    return actions.has(name) ? name : 'UnknownOperation';
  }
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/metrics' || path === '/health') return path;
  return req.method === 'POST' ? 'UnknownOperation' : 'console';
}

/** Counts every answered request by action and status, and its latency, in `metrics`. */
export function countingRequests(metrics: Metrics, handler: Handler): Handler {
  return (req, res) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.server.request(actionOf(req), res.statusCode, seconds);
    });
    handler(req, res);
  };
}

/** `GET /metrics`: the Prometheus scrape. True when it answered. */
export function serveMetrics(metrics: Metrics, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return false;
  metrics.scrape().then(
    ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
    (e: unknown) =>
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`metrics failed: ${String(e)}\n`),
  );
  return true;
}
