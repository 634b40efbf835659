// The composition root (DESIGN.md rule 5): config -> store -> integrations -> engine -> api -> web.
// cli/, tests and benches build Stepwise through this face; it alone picks concrete parts.
export type { RunningServer } from './http-server.ts';
export { startServer } from './http-server.ts';
export type { Runtime } from './runtime.ts';
export { createRuntime } from './runtime.ts';
export { migrateStore } from './migrate-store.ts';
export { engineExecutions } from './engine-executions.ts';
export { systemClock, systemEntropy } from './system-clock.ts';
export {
  activityNames,
  EXAMPLES_DIR,
  exportedFunctions,
  loadExamples,
  loadFunctionModule,
} from './examples.ts';
export { importUserModule, UserModuleError } from './user-module.ts';
export { WEB_DIST } from './web-assets.ts';
// What cli/ needs from the layers below, so that it builds and reads everything through here.
export type { FlagNames, Settings } from '../config/index.ts';
export {
  ConfigError,
  DEFAULTS,
  didYouMean,
  loadSettings,
  parseJsonText,
  readMockConfigFile,
} from '../config/index.ts';
export type { Engine, ExecutionRecord, HistoryEvent } from '../engine/index.ts';
export { parseTaskToken, ServiceError } from '../engine/index.ts';
export type { Integrations } from '../integrations/drivers.ts';
// The wire shape the CLI's `diff` prints (a Stepwise extension, api/fork-shapes.ts).
export type { CompareExecutionsOutput, StateVisitShape } from '../api/index.ts';
