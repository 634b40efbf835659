import { readFileSync } from 'node:fs';
import type { Json } from './asl/index.ts';
import type { Settings } from './config/index.ts';
import { Engine } from './engine/index.ts';
import type { Store } from './store/index.ts';
import { openStore } from './store/index.ts';
import { Integrations } from './integrations/index.ts';
import { engineExecutions } from './engine-executions.ts';
import { persistActivities } from './activity-store.ts';
import { loadExamples, loadFunctionModule } from './examples.ts';
import { systemClock, systemEntropy } from './system-clock.ts';

/** The composition root (DESIGN.md rule 5): picks the clock, integrations and engine. */
export interface Runtime {
  readonly engine: Engine;
  readonly integrations: Integrations;
  /** Undefined for the memory store: executions then take the pure in-memory path. */
  readonly store: Store | undefined;
  /** Stops driving executions, lets the last commit finish and closes the store. */
  shutdown(): Promise<void>;
  /** Open executions found in the store at start and resumed. */
  readonly resumed: number;
  /** Open executions found in the store at start asleep on a timer that is not due yet. */
  readonly parked: number;
}

export async function createRuntime(
  settings: Pick<Settings, 'region' | 'account' | 'functionModules' | 'examples' | 'integrations'> &
    Partial<Pick<Settings, 'store' | 'dataDir' | 'parkAfterSeconds'>>,
): Promise<Runtime> {
  const kind = settings.store ?? 'memory';
  const store =
    kind === 'memory' ? undefined : await openStore({ store: kind, dataDir: settings.dataDir ?? '.' });
  const mockFile = settings.integrations?.mockConfigFile;
  const integrations = new Integrations({
    ...settings.integrations,
    ...(mockFile ? { mockConfig: JSON.parse(readFileSync(mockFile, 'utf8')) as Json } : {}),
    region: settings.region,
    account: settings.account,
  });
  const engine = new Engine({
    clock: systemClock,
    entropy: systemEntropy,
    tasks: integrations,
    activities: integrations.activities,
    callbacks: integrations.callbacks,
    region: settings.region,
    account: settings.account,
    ...(store ? { store } : {}),
    ...(settings.parkAfterSeconds === undefined ? {} : { parkAfterMs: settings.parkAfterSeconds * 1000 }),
  });
  integrations.bindExecutions(engineExecutions(engine));
  // Activities outlive a restart; they are back before executions waiting on them resume.
  if (store) await persistActivities(store, integrations);
  for (const file of settings.functionModules) await loadFunctionModule(file, integrations.functions);
  // Machines and open executions of the store first: examples then find theirs already there.
  const resumed = await engine.recover();
  if (settings.examples) await loadExamples(engine, integrations.functions);
  return {
    engine,
    integrations,
    store,
    resumed,
    parked: engine.residency().parked,
    async shutdown() {
      await engine.close();
      await store?.close();
      await integrations.close();
    },
  };
}
