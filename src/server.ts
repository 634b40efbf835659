// The HTTP composition root (DESIGN.md rule 5): the API (the console joins it with issue 5).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler, isApiRequest } from './api/index.ts';
import type { Settings } from './config/index.ts';
import type { Runtime } from './runtime.ts';
import { createRuntime } from './runtime.ts';

export interface RunningServer extends Runtime {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const LANDING = `<!doctype html><meta charset="utf-8"><title>Stepwise</title>
<body style="font-family:system-ui;margin:3rem"><h1>Stepwise</h1>
<p>The AWS Step Functions API is served at <code>POST /</code> (JSON 1.0 protocol).</p></body>`;

function route(api: ReturnType<typeof createApiHandler>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (isApiRequest(req)) return api(req, res);
    if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(LANDING);
      return;
    }
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    // Anything else that is a POST is treated as an API call so AWS-shaped errors come back.
    if (req.method === 'POST') return api(req, res);
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Starts the API (and console) server. The default host `localhost` listens on both loopback
 * addresses, since clients resolve `localhost` to 127.0.0.1 or ::1 depending on the system.
 */
export async function startServer(settings: Settings): Promise<RunningServer> {
  const runtime = await createRuntime(settings);
  const keys = settings.credentials ?? [];
  const credentials =
    keys.length > 0 ? new Map(keys.map((k) => [k.accessKeyId, k.secretAccessKey])) : undefined;
  const handler = route(createApiHandler(runtime.engine, { credentials }));
  const make = (): Server => {
    const s = createServer(handler);
    // The SDK keeps connections alive; long polls (GetActivityTask) need > 60 s.
    s.keepAliveTimeout = 65_000;
    return s;
  };
  const loopback = settings.host === 'localhost';
  const server = make();
  await listen(server, settings.port, loopback ? '127.0.0.1' : settings.host);
  const { port } = server.address() as AddressInfo;
  const servers = [server];
  if (loopback) {
    const v6 = make();
    // Best effort: a machine without IPv6 still serves 127.0.0.1.
    if (
      await listen(v6, port, '::1').then(
        () => true,
        () => false,
      )
    )
      servers.push(v6);
  }
  const host = loopback ? 'localhost' : settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    ...runtime,
    server,
    url: `http://${host}:${port}`,
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
