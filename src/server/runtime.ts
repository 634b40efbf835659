import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Settings } from '../config/index.ts';
import { ConfigError, readMockConfigFile } from '../config/index.ts';
import type { Clock, Entropy } from '../engine/index.ts';
import { Engine } from '../engine/index.ts';
import type { Leadership, Store } from '../store/index.ts';
import { openStore } from '../store/drivers.ts';
import type { LocalBuckets } from '../integrations/drivers.ts';
import { Integrations, startLocalBuckets } from '../integrations/drivers.ts';
import { MemoryStore } from '../store/drivers.ts';
import { Triggers } from '../triggers/index.ts';
import { BulkOperations } from '../bulk/index.ts';
import { bulkPeers, storeActivityQueue } from './cluster/index.ts';
import { engineExecutions } from './engine-executions.ts';
import { lineSink, localEvents, sqsQueueSend } from './trigger-services.ts';
import {
  createExampleMachines,
  exampleSchedules,
  loadExampleFunctions,
  loadFunctionModule,
} from './examples.ts';
import { systemClock, systemEntropy } from './system-clock.ts';

/** How often a server that does not lead reads the catalog again (scale-out). */
const CATALOG_REFRESH_MS = 2000;

/** The composition root (DESIGN.md rule 5): picks the clock, integrations and engine. */
export interface Runtime {
  readonly engine: Engine;
  readonly integrations: Integrations;
  /** Schedules (and the other triggers) beside the engine. */
  readonly triggers: Triggers;
  /** Bulk operations by query (a Stepwise extension), run by the server that leads. */
  readonly bulk: BulkOperations;
  /** Undefined for the memory store: executions then take the pure in-memory path. */
  readonly store: Store | undefined;
  /** Stops driving executions, lets the last commit finish and closes the store. */
  shutdown(): Promise<void>;
  /** Stops at once after the lead was lost: writes nothing more and closes the store. */
  abandon(): Promise<void>;
  /** Open executions found in the store at start and resumed (0 for a standby). */
  readonly resumed: number;
  /** Open executions found in the store at start asleep on a timer that is not due yet. */
  readonly parked: number;
  /**
   * With a store, only the process that leads drives executions; others on the same store stand
   * by (the server forwards their API calls to the leader) and take over when it dies.
   */
  readonly leadership: Leadership | undefined;
  /** Resolves once this process leads and has resumed the store's open executions. */
  readonly leading: Promise<TakeOver>;
  /** The folder served as S3 (`integrations.aws.localBuckets`), when there is one. */
  readonly localBuckets: LocalBuckets | undefined;
  /**
   * With `scaleOut` on PostgreSQL, this server's id in the store's execution leases: it drives the
   * executions it leases whether it leads or not (leading is then for singletons: schedules,
   * the webhook outbox, catalog writes).
   */
  readonly leaseOwner: string | undefined;
}

/** What a process found when it took the lead. */
export interface TakeOver {
  readonly resumed: number;
  readonly parked: number;
}

export async function createRuntime(
  settings: Pick<Settings, 'region' | 'account' | 'functionModules' | 'examples' | 'integrations'> &
    Partial<
      Pick<Settings, 'store' | 'dataDir' | 'parkAfterSeconds' | 'triggers' | 'scaleOut' | 'scaleOutNotify'>
    >,
  /** The real ones, unless a test runs the runtime on virtual time (test/replay/). */
  time: { readonly clock: Clock; readonly entropy: Entropy } = { clock: systemClock, entropy: systemEntropy },
  /** The store as the engine sees it: observability/'s metrics time its calls. */
  instrumented: (store: Store) => Store = (store) => store,
): Promise<Runtime> {
  const aws = settings.integrations?.aws;
  // S3 calls of every kind (ItemReader, ResultWriter, aws-sdk:s3) go to the local folder's server.
  const localBuckets = aws?.localBuckets === undefined ? undefined : await serveBuckets(aws.localBuckets);
  const kind = settings.store ?? 'memory';
  const opened =
    kind === 'memory' ? undefined : await openStore({ store: kind, dataDir: settings.dataDir ?? '.' });
  const store = opened && instrumented(opened);
  // SQLite has one writer by nature: scaling out needs PostgreSQL (DESIGN.md decision 6).
  const leaseOwner =
    settings.scaleOut && store?.kind === 'postgres'
      ? `${hostname()}/${process.pid}/${time.entropy.uuid().slice(0, 8)}`
      : undefined;
  const mockFile = settings.integrations?.mockConfigFile;
  const integrations = new Integrations({
    ...settings.integrations,
    ...(localBuckets ? { aws: { ...aws, endpoints: { ...aws?.endpoints, s3: localBuckets.endpoint } } } : {}),
    ...(mockFile ? { mockConfig: readMockConfigFile(mockFile) } : {}),
    region: settings.region,
    account: settings.account,
  });
  const engine = new Engine({
    clock: time.clock,
    entropy: time.entropy,
    tasks: integrations,
    activities: integrations.activities,
    callbacks: integrations.callbacks,
    region: settings.region,
    account: settings.account,
    ...(store ? { store } : {}),
    ...(settings.parkAfterSeconds === undefined ? {} : { parkAfterMs: settings.parkAfterSeconds * 1000 }),
    ...(leaseOwner ? { leases: { owner: leaseOwner, notify: settings.scaleOutNotify !== false } } : {}),
  });
  integrations.bindExecutions(engineExecutions(engine));
  // Scaled out, activity tasks are queued in the store: a worker polling any server gets them.
  if (leaseOwner && store) integrations.activities.shareThrough(storeActivityQueue(store, leaseOwner));
  // Schedules live in the store; with the memory store (no durable engine) in a memory one.
  const triggers = new Triggers({
    engine,
    store: store ?? new MemoryStore(),
    clock: time.clock,
    uuid: () => time.entropy.uuid(),
    webhooks: settings.triggers?.webhooks,
    http: settings.triggers?.http,
    rules: settings.triggers?.rules,
    queueSend: sqsQueueSend(integrations),
    eventBuses: settings.triggers?.eventBuses,
    statusEvents: lineSink(settings.triggers?.statusEventLog),
  });
  integrations.localEvents = localEvents(triggers);
  const bulk = new BulkOperations({
    engine,
    store: store ?? new MemoryStore(),
    clock: time.clock,
    uuid: () => time.entropy.uuid(),
    // Scaled out, the leader runs them over every server's executions.
    peers: leaseOwner && store ? bulkPeers(store, engine, leaseOwner) : undefined,
  });
  // Every function (modules, the configuration's, the examples') is registered before an open
  // execution resumes: a resumed task must never fail because of start-up order. A function
  // still missing then is really gone, and its task fails as on AWS.
  for (const file of settings.functionModules) await loadFunctionModule(file, integrations.functions);
  if (settings.examples) await loadExampleFunctions(integrations.functions);
  const takeOver = async (): Promise<TakeOver> => {
    // Machines and open executions of the store first: examples then find theirs already there.
    const resumed = leaseOwner ? 0 : await engine.recover();
    if (settings.examples) createExampleMachines(engine);
    // Only the leader fires schedules: one server starts each scheduled time.
    await triggers.lead([
      ...(settings.examples ? exampleSchedules() : []),
      ...(settings.triggers?.schedules ?? []),
    ]);
    // Bulk operations still running in the store go on where they were.
    await bulk.lead();
    return { resumed, parked: engine.residency().parked };
  };
  // With leases every server drives executions, leading or not: it claims them by lease.
  if (leaseOwner) await engine.recover();
  // With leases, each execution's writes are fenced by its own lease: the lock only elects the
  // server that writes the catalog and fires schedules.
  const leadership = await store?.lead({ writesThroughLock: !leaseOwner });
  // Catalog writes go to the leader; the others read its catalog again every few seconds.
  const refresh =
    leaseOwner &&
    setInterval(() => {
      if (!leadership?.leading) void engine.placement.refreshCatalog().catch(() => {});
    }, CATALOG_REFRESH_MS);
  if (refresh) refresh.unref();
  const found = !leadership || leadership.leading ? await takeOver() : { resumed: 0, parked: 0 };
  const leading =
    leadership && !leadership.leading ? leadership.acquired.then(takeOver) : Promise.resolve(found);
  // A leader whose lock is gone must write nothing more: another process may lead already.
  void leadership?.lost.then(() => {
    void triggers.stop();
    void bulk.stop();
    engine.abandon();
  });
  return {
    engine,
    integrations,
    triggers,
    bulk,
    store,
    ...found,
    leadership,
    leading,
    localBuckets,
    leaseOwner,
    async shutdown() {
      clearInterval(refresh);
      try {
        await triggers.stop();
        await bulk.stop();
        await engine.close();
      } finally {
        await leadership?.release();
        await store?.close();
        await integrations.close();
        await localBuckets?.close();
      }
    },
    async abandon() {
      clearInterval(refresh);
      void triggers.stop();
      void bulk.stop();
      engine.abandon();
      await leadership?.release();
      await store?.close().catch(() => {});
      await integrations.close();
      await localBuckets?.close();
    },
  };
}

/** The folder of `integrations.aws.localBuckets` served as S3; a folder it cannot use is the user's to fix. */
async function serveBuckets(dir: string): Promise<LocalBuckets> {
  try {
    return await startLocalBuckets(dir);
  } catch (e) {
    // Without the errno code, which the CLI would take for a SQLite store problem.
    const reason = (e as Error).message.replace(/^E[A-Z]+: /, '');
    throw new ConfigError([
      `integrations.aws.localBuckets (--buckets-dir): cannot serve ${resolve(dir)}: ${reason}`,
    ]);
  }
}
