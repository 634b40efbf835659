// The HTTP composition root (DESIGN.md rule 5): the API on POST, the web console on GET.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler, isApiRequest, MAX_REQUEST_BYTES } from '../api/index.ts';
import type { Settings } from '../config/index.ts';
import type { Runtime } from './runtime.ts';
import type { Store } from '../store/index.ts';
import { createRuntime } from './runtime.ts';
import { systemClock } from './system-clock.ts';
import { createWebAssetsHandler } from './web-assets.ts';
import type { Health } from './cluster/index.ts';
import {
  forwardedByPeer,
  forwardToLeader,
  isPeerCall,
  leaderHealth,
  publishLeader,
  publishServer,
  refuseForwarded,
  routeByOwner,
  standbyHealth,
} from './cluster/index.ts';
import { createRequestGuard, STANDING_HEADERS } from './http-guard/index.ts';
import type { Metrics } from '../observability/index.ts';
import type { MonitoringRoute } from './metrics-route.ts';
import { countingRequests, serveMetrics, serveMonitoring } from './metrics-route.ts';
import { Observing } from './observing.ts';
import { createTriggerRoutes } from './trigger-routes.ts';
import { bulkActions, bulkPeerActions } from '../bulk/index.ts';

export interface RunningServer extends Runtime {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
  /** Writes the execution log lines still queued (once per turn) and exports ended spans. */
  flushObservability(): Promise<void>;
}

function route(
  guard: ReturnType<typeof createRequestGuard>,
  api: ReturnType<typeof createApiHandler>,
  web: ReturnType<typeof createWebAssetsHandler>,
  health: () => Promise<Health>,
  metrics: Metrics | undefined,
  triggers: ReturnType<typeof createTriggerRoutes>,
  monitoring: MonitoringRoute,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (guard(req, res)) return;
    if (isApiRequest(req)) return api(req, res);
    if (metrics && serveMetrics(metrics, req, res)) return;
    if (serveMonitoring(monitoring, req, res)) return;
    if (triggers(req, res)) return;
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && req.url === '/health') {
      // A load balancer may send traffic to the leader only (standbys forward it anyway); 503
      // says this server cannot serve the API now.
      void health().then((h) =>
        res
          .writeHead(h.status === 'ok' ? 200 : 503, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(h)),
      );
      return;
    }
    if (web(req, res)) return;
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
  const keys = settings.credentials ?? [];
  const credentials =
    keys.length > 0 ? new Map(keys.map((k) => [k.accessKeyId, k.secretAccessKey])) : undefined;
  const observing = await Observing.open(settings.observability, () => runtime.engine);
  const instruments = observing.instrumented(systemClock);
  let runtime = await createRuntime(settings, ...instruments);
  const metrics = observing.metrics;
  let unwatch = (): void => {};
  const apiOf = (r: Runtime) => {
    const clients = createApiHandler(r.engine, {
      credentials,
      extensions: bulkActions(r.bulk),
      answerHeaders: STANDING_HEADERS,
    });
    // Another server's call on its own behalf (cluster/peer-call.ts) carries no client's signature.
    const peers = createApiHandler(r.engine, {
      extensions: new Map([...bulkActions(r.bulk), ...bulkPeerActions(r.bulk)]),
      answerHeaders: STANDING_HEADERS,
    });
    const handler: typeof clients = (req, res) => (isPeerCall(req, peerKey) ? peers : clients)(req, res);
    return handler;
  };
  let local: ReturnType<typeof apiOf>;
  let forward: ReturnType<typeof forwardToLeader> | undefined;
  // A standby forwards the API to the leader until it leads itself (see runtime.ts).
  let leads = false;
  let closed = false;
  let listening = (): void => {};
  const listened = new Promise<void>((resolve) => (listening = resolve));
  let advertised = '';
  // Standbys forward calls with this key (read from the store), so the leader knows them as peers.
  const peerKey = randomBytes(18).toString('base64url');
  local = apiOf(runtime);

  /** Serves with `r`: as its leader once it leads, else forwarding to the one that does. */
  const attach = (r: Runtime): void => {
    runtime = r;
    unwatch();
    unwatch = observing.watch(r);
    local = apiOf(r);
    forward = r.store && forwardToLeader(r.store, { maxBytes: MAX_REQUEST_BYTES, oversized: local });
    leads = r.store === undefined;
    const { store, leaseOwner } = r;
    if (store && leaseOwner) {
      // Others send calls about the executions this server drives to this address.
      void listened.then(() =>
        everySecondUntilDone(
          'could not publish this server in the store',
          () => publishServer(store, leaseOwner, advertised, peerKey),
          () => runtime !== r || closed,
        ),
      );
    }
    r.leading.then(
      async () => {
        await listened;
        if (runtime !== r || closed) return;
        leads = true;
        // Standbys find the leader through this row: publish it, again while the store is away.
        const store = r.store;
        if (store) {
          await everySecondUntilDone(
            'could not publish this server as the leader',
            () => publishLeader(store, advertised, Date.now(), peerKey),
            () => runtime !== r || closed,
          );
        }
      },
      (e: unknown) =>
        void restart(r, `could not take over the store (${e instanceof Error ? e.message : String(e)})`),
    );
    void r.leadership?.lost.then((e) => restart(r, `lost the lead on the store (${e.message})`));
  };

  /**
   * The store went away under the lock (a PostgreSQL restart), another server took it, or a
   * takeover failed half-way: stop writing, then stand by on a fresh runtime and lead again once
   * the lock is free.
   */
  const restart = async (r: Runtime, why: string): Promise<void> => {
    if (runtime !== r || closed) return;
    leads = false;
    console.error(`stepwise: ${why}; standing by to take it again`);
    await r.abandon().catch((error: unknown) => console.error('stepwise: while standing down', error));
    const next = await everySecondUntilDone(
      'the store is not back yet',
      () => createRuntime(settings, ...instruments),
      () => closed,
    );
    if (!next) return;
    attach(next);
    // A failed takeover is attach's to handle (another restart).
    next.leading.then(
      (found) =>
        console.error(
          `stepwise: leading again; resumed ${found.resumed} open executions, ${found.parked} asleep`,
        ),
      () => {},
    );
  };
  attach(runtime);
  const toLeader: typeof local = (req, res) => {
    if (leads || !forward) return local(req, res);
    if (!refuseForwarded(req, res)) forward(req, res);
  };
  // With leases every server answers every call (cluster/route-by-owner.ts).
  const routed = (store: Store) =>
    routeByOwner({
      store,
      engine: () => runtime.engine,
      owner: () => runtime.leaseOwner,
      leads: () => leads,
      local: (req, res) => local(req, res),
      toLeader: (req, res) => forward?.(req, res),
      refuse: (req, res) => void refuseForwarded(req, res),
      maxBytes: MAX_REQUEST_BYTES,
    });
  let byOwner: { store: Store; route: typeof local } | undefined;
  const api: typeof local = (req, res) => {
    const { store, leaseOwner } = runtime;
    if (!store || !leaseOwner) return toLeader(req, res);
    if (byOwner?.store !== store) byOwner = { store, route: routed(store) };
    byOwner.route(req, res);
  };
  const guard = createRequestGuard({
    bindHost: settings.host,
    allowedHosts: settings.allowedHosts,
    advertiseUrl: settings.advertiseUrl,
    allowedOrigins: settings.cors?.allowedOrigins,
    fromPeer: (req) => forwardedByPeer(req, peerKey),
    // The API's answers carry them (createApiHandler's answerHeaders), as a forwarded call's do.
    writesStanding: isApiRequest,
  });
  const health = (): Promise<Health> => {
    const { store, engine } = runtime;
    if (!store) return leaderHealth(() => Promise.resolve());
    if (!leads) return standbyHealth(store);
    // A read, and the commit of what was written so far: both go through the store.
    return leaderHealth(() => Promise.all([store.getDocument('leader', 'leader'), engine.flushed()]));
  };
  const triggers = createTriggerRoutes({ triggers: () => runtime.triggers, credentials });
  const monitoring = { reports: observing.reports, engine: () => runtime.engine, credentials };
  const routes = route(guard, api, createWebAssetsHandler(), health, metrics, triggers, monitoring);
  const handler = observing.propagating(metrics ? countingRequests(metrics, routes) : routes);
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
  const wildcard = loopback || settings.host === '0.0.0.0' || settings.host === '::';
  advertised = settings.advertiseUrl ?? `http://${wildcard ? '127.0.0.1' : host}:${port}`;
  listening();
  return {
    get engine() {
      return runtime.engine;
    },
    get integrations() {
      return runtime.integrations;
    },
    get triggers() {
      return runtime.triggers;
    },
    get bulk() {
      return runtime.bulk;
    },
    get store() {
      return runtime.store;
    },
    get resumed() {
      return runtime.resumed;
    },
    get parked() {
      return runtime.parked;
    },
    get leadership() {
      return runtime.leadership;
    },
    get leading() {
      return runtime.leading;
    },
    get localBuckets() {
      return runtime.localBuckets;
    },
    get leaseOwner() {
      return runtime.leaseOwner;
    },
    shutdown: () => runtime.shutdown(),
    abandon: () => runtime.abandon(),
    server,
    url: `http://${host}:${port}`,
    flushObservability: () => observing.flush(),
    close: async () => {
      closed = true;
      // Stop accepting at once; requests under way get their answers once their writes are
      // durable (the shutdown flushes), then whatever is left (long polls) is cut.
      const stopped = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const s of servers) s.closeIdleConnections();
      try {
        await runtime.shutdown();
        await observing.close();
      } finally {
        for (const s of servers) s.closeAllConnections();
        await Promise.all(stopped);
      }
    },
  };
}

/** Runs `work` again each second while the store is away, until it succeeds or `stop` says so. */
async function everySecondUntilDone<T>(
  failing: string,
  work: () => Promise<T>,
  stop: () => boolean,
): Promise<T | undefined> {
  while (!stop()) {
    try {
      return await work();
    } catch (e) {
      console.error(`stepwise: ${failing}, retrying`, e instanceof Error ? e.message : e);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  return undefined;
}
