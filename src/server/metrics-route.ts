import type { IncomingMessage, ServerResponse } from 'node:http';
import { actions, verifySignature } from '../api/index.ts';
import type { Engine } from '../engine/index.ts';
import type { Metrics, MonitoringReports } from '../observability/index.ts';
import { readBody } from './trigger-routes.ts';

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
  if (path === '/metrics' || path === '/health' || path === '/monitoring') return path;
  return req.method === 'POST' ? 'UnknownOperation' : 'console';
}

/** Counts every answered request by action and status, and its latency, in `metrics`. */
export function countingRequests(metrics: Metrics, handler: Handler): Handler {
  return (req, res) => {
    const start = performance.now();
    // `on`, not `once`: a response finishes once, and `once` wraps its listener in another.
    res.on('finish', () => {
      metrics.server.request(actionOf(req), res.statusCode, (performance.now() - start) / 1000);
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

/** What `POST /monitoring` reads: the reports, the engine serving now, its region and the keys. */
export interface MonitoringRoute {
  readonly reports: MonitoringReports;
  readonly engine: () => Engine;
  readonly credentials: ReadonlyMap<string, string> | undefined;
}

/**
 * `POST /monitoring` `{"stateMachineArn", "region"?, "maxExecutions"?}`: the console's Monitoring
 * tab (executions with billed transitions, estimated price and per-state cells; totals per day).
 * The console's own read, not an AWS action; signed like the API when the server requires it.
 * True when it answered.
 */
export function serveMonitoring(route: MonitoringRoute, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== '/monitoring') return false;
  const answer = (status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
  };
  void (async () => {
    try {
      const bytes = await readBody(req, 64 * 1024);
      if (bytes === undefined) return answer(413, { message: 'The request is too large.' });
      if (route.credentials) verifySignature(req, bytes, route.credentials, Date.now());
      const asked = JSON.parse(bytes.toString('utf8') || '{}') as Record<string, unknown>;
      const arn = asked['stateMachineArn'];
      if (typeof arn !== 'string') return answer(400, { message: 'stateMachineArn is required.' });
      const engine = route.engine();
      const region = typeof asked['region'] === 'string' ? asked['region'] : engine.region;
      const max = typeof asked['maxExecutions'] === 'number' ? Math.min(asked['maxExecutions'], 5000) : 500;
      answer(200, await route.reports.report(engine, arn, region, Math.max(1, Math.floor(max))));
    } catch (e) {
      const status =
        typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : 400;
      const type = (e as { code?: unknown }).code;
      answer(status, {
        ...(typeof type === 'string' ? { __type: type } : {}),
        message: e instanceof Error ? e.message : String(e),
      });
    }
  })();
  return true;
}
