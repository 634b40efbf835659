// Executions: start, describe, list, stop and redrive (the API's verbs) and the part that runs them.
export type { StoredExecution } from './execution-row.ts';
export { KnownExecutions } from './known.ts';
export type { ListingPage } from './known.ts';
export { Launcher } from './launcher.ts';
export { MapChildren } from './map-children.ts';
export { redriveExecution } from './redrive.ts';
export { redriveRefusal } from './redrive-rules.ts';
export { refusedWrites } from './refused.ts';
export type { StartExecutionInput } from './start.ts';
export { Starts } from './start.ts';
export type { ForkDeps, ForkInput } from './fork.ts';
export { checkFork, forkExecution } from './fork.ts';
