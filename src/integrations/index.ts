// The integrations' interface: what engine/ may see (DESIGN.md rule 2). The concrete task runners
// are entered through drivers.ts, which only the composition root (server/) and tests import.
export type {
  ActivityRecord,
  ActivityService,
  ActivityTask,
  CallbackOutcome,
  HeartbeatClock,
  TaskCallbacks,
  TaskProgress,
  HttpInspection,
  TaskRequest,
  TaskResult,
  TaskRunner,
  VisitContext,
} from './task-runner.ts';
export type { MapData, MapOrigin, ResultUpload } from './map-data.ts';
export type { LocalHandler } from './lambda/local-functions.ts';
export type { IntegrationSettings } from './integrations.ts';
export type { ChildExecution, Executions, StartRefused } from './sfn/executions.ts';
export type { ClaimedTask, SharedActivityQueue, SharedTask } from './activity/shared-tasks.ts';
