// A small client of the Step Functions API for JavaScript users: activity workers and callbacks.
export { callApi, StepwiseApiError } from './call-api.ts';
export type { ActivityContext, ActivityHandler, ActivityWorkerOptions } from './activity-worker.ts';
export { runActivityWorker } from './activity-worker.ts';
