import type { Settings } from './config/index.ts';
import { Engine } from './engine/index.ts';
import { Integrations } from './integrations/index.ts';
import { loadExamples, loadFunctionModule } from './examples.ts';
import { systemClock, systemEntropy } from './system-clock.ts';

/** The composition root (DESIGN.md rule 5): picks the clock, integrations and engine. */
export interface Runtime {
  readonly engine: Engine;
  readonly integrations: Integrations;
}

export async function createRuntime(
  settings: Pick<Settings, 'region' | 'account' | 'functionModules' | 'examples' | 'integrations'>,
): Promise<Runtime> {
  const integrations = new Integrations({
    ...settings.integrations,
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
  });
  for (const file of settings.functionModules) await loadFunctionModule(file, integrations.functions);
  if (settings.examples) await loadExamples(engine, integrations.functions);
  return { engine, integrations };
}
