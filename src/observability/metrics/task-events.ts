import type { HistoryEvent, TaskResource } from '../../engine/index.ts';

/**
 * The three task families AWS reports metrics for (CloudWatch namespace AWS/States, "Step
 * Functions metrics": activity, Lambda (the `arn:aws:lambda:…` resource), service integration),
 * with the metric names each uses.
 */
export type TaskFamily = 'Activity' | 'LambdaFunction' | 'ServiceIntegration';

/** What a task event means for the metrics: one of a task's steps, in its family. */
export interface TaskStep {
  readonly family: TaskFamily;
  readonly step:
    'Scheduled' | 'Started' | 'Submitted' | 'Succeeded' | 'Failed' | 'TimedOut' | 'HeartbeatTimedOut';
}

const FAMILY_PREFIXES: ReadonlyArray<readonly [string, TaskFamily]> = [
  ['Task', 'ServiceIntegration'],
  ['LambdaFunction', 'LambdaFunction'],
  ['Activity', 'Activity'],
];

const STEPS: Readonly<Record<string, TaskStep['step']>> = {
  Scheduled: 'Scheduled',
  Started: 'Started',
  Submitted: 'Submitted',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  // A task that could not be scheduled, started or submitted failed (AWS counts it so).
  ScheduleFailed: 'Failed',
  StartFailed: 'Failed',
  SubmitFailed: 'Failed',
  TimedOut: 'TimedOut',
};

const steps = new Map<string, TaskStep | null>();
const HEARTBEAT_TIMED_OUT: TaskStep = { family: 'Activity', step: 'HeartbeatTimedOut' };

/** The task step an event type stands for, or undefined (memoised: event types are few). */
export function taskStepOf(type: string): TaskStep | undefined {
  let known = steps.get(type);
  if (known === undefined) {
    known = classify(type);
    steps.set(type, known);
  }
  return known ?? undefined;
}

/** The task step an event stands for, or undefined. */
export function taskStep(event: HistoryEvent): TaskStep | undefined {
  return refined(taskStepOf(event.type), event);
}

/** `step` (its event type's), told apart by the event's details: an activity's heartbeat timeout. */
export function refined(step: TaskStep | undefined, event: HistoryEvent): TaskStep | undefined {
  if (step?.step === 'TimedOut' && step.family === 'Activity' && heartbeat(event)) return HEARTBEAT_TIMED_OUT;
  return step;
}

function classify(type: string): TaskStep | null {
  // TaskStateEntered and the like are states, not tasks.
  if (type.includes('State')) return null;
  for (const [prefix, family] of FAMILY_PREFIXES) {
    if (!type.startsWith(prefix)) continue;
    const step = STEPS[type.slice(prefix.length)];
    return step ? { family, step } : null;
  }
  return null;
}

function heartbeat(event: HistoryEvent): boolean {
  return event['activityTimedOutEventDetails']?.['error'] === 'States.HeartbeatTimeout';
}

/**
 * The resource a task metric is labelled with, as AWS's dimensions name it: the Lambda function
 * ARN, the activity ARN, or the service integration's resource ARN (ServiceIntegrationResourceArn,
 * `arn:aws:states:::lambda:invoke`). Taken from the Scheduled event.
 */
export function taskResource(event: HistoryEvent): string {
  const lambda = event['lambdaFunctionScheduledEventDetails'] ?? event['activityScheduledEventDetails'];
  if (lambda) return text(lambda['resource']);
  const task = event['taskScheduledEventDetails'];
  if (task) return serviceResource(text(task['resourceType']), text(task['resource']));
  return '';
}

/** The metrics' family of a Task state's resource (its history vocabulary's). */
export function taskFamily(task: TaskResource): TaskFamily {
  return FAMILIES[task.family];
}

const FAMILIES: Readonly<Record<TaskResource['family'], TaskFamily>> = {
  'lambda-function': 'LambdaFunction',
  activity: 'Activity',
  service: 'ServiceIntegration',
};

/** `taskResource` of the tasks of a Task state's resource (what its Scheduled events name). */
export function taskLabel(task: TaskResource): string {
  return task.family === 'service' ? serviceResource(task.resourceType, task.resourceName) : task.arn;
}

/** A service integration's resource ARN (ServiceIntegrationResourceArn) from its type and name. */
function serviceResource(resourceType: string, resourceName: string): string {
  return `arn:aws:states:::${resourceType}:${resourceName}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
