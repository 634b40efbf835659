// The HTTP composition root (DESIGN.md rule 5): the API and the console on one port.
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

export async function startServer(settings: Settings): Promise<RunningServer> {
  const runtime = await createRuntime(settings);
  const server = createServer(route(createApiHandler(runtime.engine)));
  // The SDK keeps connections alive; long polls (GetActivityTask) need > 60 s.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    ...runtime,
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
