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
export { LocalFunctions } from './lambda/local-functions.ts';
export type { IntegrationSettings, LambdaFunctionSettings } from './integrations.ts';
export type { AwsSettings } from './aws/aws-settings.ts';
export type { HttpConnection, HttpSettings } from './http/http-settings.ts';
export type { ChildExecution, Executions, StartRefused } from './sfn/executions.ts';
export { Integrations } from './integrations.ts';
