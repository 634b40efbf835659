// The integrations' interface: what engine/ may see (DESIGN.md rule 2). The concrete task runners
// are entered through drivers.ts, which only the composition root (server/) and tests import.
export type {
  ActivityRecord,
  ActivityService,
  ActivityTask,
  CallbackOutcome,
  TaskCallbacks,
  TaskProgress,
  HttpInspection,
  TaskRequest,
  TaskResult,
  TaskRunner,
} from './task-runner.ts';
export type { LocalHandler, LambdaContext } from './lambda/local-functions.ts';
export type { IntegrationSettings, LambdaFunctionSettings } from './integrations.ts';
export type { HttpConnection, HttpSettings } from './http/http-settings.ts';
export type { ChildExecution, Executions, StartRefused } from './sfn/executions.ts';
