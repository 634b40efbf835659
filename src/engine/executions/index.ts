// Executions: start, describe, list, stop and redrive (the API's verbs) and the part that runs them.
export type { StoredExecution } from './execution-row.ts';
export type { KnownDeps, Running } from './known.ts';
export { KnownExecutions } from './known.ts';
export type { LauncherDeps, Replay } from './launcher.ts';
export { Launcher } from './launcher.ts';
export type { RedriveDeps } from './redrive.ts';
export { redriveExecution } from './redrive.ts';
export { redriveRefusal } from './redrive-rules.ts';
export type { RefusalDeps } from './refused.ts';
export { refusedWrites } from './refused.ts';
export type { StartExecutionInput, StartsDeps } from './start.ts';
export { Starts } from './start.ts';
