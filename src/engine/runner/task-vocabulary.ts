import type { Decision, Json, JsonObject, TaskResource } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import { NOT_TRUNCATED } from '../history/event.ts';
import type { DetailsMember } from '../history/event-makers.ts';
import type { ValuesEntry } from '../history/packed-history.ts';
import type { Payload } from '../history/payloads.ts';

// The history events a Task records, by the kind of its resource (AWS's names for each).
export type TaskDecision = Extract<Decision, { kind: 'task' }>;
/** An event to record: its type and its one `…EventDetails` member, if any. */
export type Entry = readonly [type: string, member?: DetailsMember, details?: JsonObject];
/** The type and details member of an event every task records: constants of the vocabulary. */
type Names = readonly [type: string, member: DetailsMember];

/**
 * The history vocabulary of a resource: LambdaFunction* for Lambda ARNs, Activity* for
 * activities, Task* for `arn:aws:states:::` integrations.
 */
export interface Vocabulary {
  /** The Scheduled event, and its details (the hot events are built without an Entry). */
  readonly scheduledAs: Names;
  scheduled(d: TaskDecision, payload: (value: Json) => Payload): JsonObject;
  /** Recorded at once, or (activities) only when a worker takes the task. */
  started(workerName: string | undefined): Entry;
  readonly startsWhenTaken: boolean;
  /** TaskSubmitted (callbacks, `.sync`); undefined where AWS has no such event. */
  submitted: ((output: Payload) => Entry) | undefined;
  readonly succeededAs: Names;
  succeeded(output: Payload): JsonObject;
  /**
   * The Scheduled event of `d` as values (History.appendValues) when its details have no more than
   * the function and the input (a Lambda task without TimeoutSeconds or Credentials): the entry,
   * and the function. Undefined otherwise, and for the other vocabularies.
   */
  scheduledValues(d: TaskDecision): { readonly entry: ValuesEntry; readonly resource: string } | undefined;
  /** The Succeeded event as values (its output alone: Lambda and activity tasks); undefined for the others. */
  readonly succeededValues: ValuesEntry | undefined;
  failed(kind: FailureKind, error: string, cause: string | undefined): Entry;
}

/** '' stands for "no error name" (SendTaskFailure without error): AWS then records none. */
const errorFields = (error: string, cause: string | undefined): JsonObject => {
  const out: JsonObject = {};
  if (error !== '') out['error'] = error;
  if (cause !== undefined) out['cause'] = cause;
  return out;
};

type FailureKind = 'Failed' | 'TimedOut' | 'ScheduleFailed';

/**
 * The event type and details member of each failure kind, per vocabulary: constants, not
 * template strings built at every failure.
 */
type FailureNames = Readonly<Record<FailureKind, readonly [type: string, member: DetailsMember]>>;

const LAMBDA_FAILURES: FailureNames = {
  Failed: ['LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails'],
  TimedOut: ['LambdaFunctionTimedOut', 'lambdaFunctionTimedOutEventDetails'],
  ScheduleFailed: ['LambdaFunctionScheduleFailed', 'lambdaFunctionScheduleFailedEventDetails'],
};
const ACTIVITY_FAILURES: FailureNames = {
  Failed: ['ActivityFailed', 'activityFailedEventDetails'],
  TimedOut: ['ActivityTimedOut', 'activityTimedOutEventDetails'],
  ScheduleFailed: ['ActivityScheduleFailed', 'activityScheduleFailedEventDetails'],
};
/** Task* has no ScheduleFailed event: such a failure is a TaskFailed. */
const TASK_FAILURES: FailureNames = {
  Failed: ['TaskFailed', 'taskFailedEventDetails'],
  TimedOut: ['TaskTimedOut', 'taskTimedOutEventDetails'],
  ScheduleFailed: ['TaskFailed', 'taskFailedEventDetails'],
};

const timeouts = (d: TaskDecision): JsonObject => ({
  ...(d.timeoutSeconds !== undefined ? { timeoutInSeconds: d.timeoutSeconds } : {}),
  ...(d.heartbeatSeconds !== undefined ? { heartbeatInSeconds: d.heartbeatSeconds } : {}),
  ...taskCredentials(d),
});

/**
 * The role a Task's `Credentials` names, recorded as `taskCredentials: {roleArn}` in its scheduled
 * event (AWS-recorded: LocalStack's test_credentials_base snapshots).
 */
function taskCredentials(d: TaskDecision): JsonObject {
  const c = d.credentials;
  const roleArn = isJsonObject(c) ? c['RoleArn'] : undefined;
  return typeof roleArn === 'string' ? { taskCredentials: { roleArn } } : NO_CREDENTIALS;
}

/** No `Credentials` (the usual case): nothing to add, shared rather than a new `{}` each time. */
const NO_CREDENTIALS: JsonObject = Object.freeze({});

/**
 * Templates of the details every Lambda task records, copied (`{ ...TEMPLATE }`) rather than
 * built by literals: V8 pretenures a literal whose objects outlive young collections, as a
 * history's do (history/event-makers.ts).
 */
const SCHEDULED_DETAILS = { resource: '', input: '' as Payload, inputDetails: NOT_TRUNCATED };
const SUCCEEDED_DETAILS = { output: '' as Payload, outputDetails: NOT_TRUNCATED };

const LAMBDA_STARTED: Entry = ['LambdaFunctionStarted'];

/** A Lambda task's scheduled event without TimeoutSeconds or Credentials, as values. */
const LAMBDA_SCHEDULED: ValuesEntry = {
  member: 'lambdaFunctionScheduledEventDetails',
  details: (resource, input) => {
    const details = { ...SCHEDULED_DETAILS };
    details.resource = resource;
    details.input = input;
    return details;
  },
};

/** The Scheduled event of an activity or a service integration: never recorded as values. */
const NEVER_AS_VALUES = (): undefined => undefined;

/** How a LambdaFunction* or Activity* task ends: its output, or its error and cause. */
function endings(
  succeededType: string,
  succeededMember: DetailsMember,
  failures: FailureNames,
): Pick<Vocabulary, 'succeededAs' | 'succeeded' | 'succeededValues' | 'failed'> {
  const succeeded = (output: Payload): JsonObject => {
    // A copy, not a literal: see SCHEDULED_DETAILS.
    const details = { ...SUCCEEDED_DETAILS };
    details.output = output;
    return details;
  };
  return {
    succeededAs: [succeededType, succeededMember],
    succeeded,
    succeededValues: { member: succeededMember, details: (_, output) => succeeded(output) },
    failed: (kind, error, cause) => {
      const [type, member] = failures[kind];
      return [type, member, errorFields(error, cause)];
    },
  };
}

function lambdaVocabulary(resource: string): Vocabulary {
  const asValues = { entry: LAMBDA_SCHEDULED, resource };
  return {
    scheduledAs: ['LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails'],
    scheduled: (d, payload) => {
      const details = LAMBDA_SCHEDULED.details(resource, payload(d.parameters)) as JsonObject;
      if (d.timeoutSeconds !== undefined) details['timeoutInSeconds'] = d.timeoutSeconds;
      const credentials = taskCredentials(d);
      if (credentials !== NO_CREDENTIALS) Object.assign(details, credentials);
      return details;
    },
    scheduledValues: (d) =>
      d.timeoutSeconds === undefined && d.credentials === undefined ? asValues : undefined,
    started: () => LAMBDA_STARTED,
    startsWhenTaken: false,
    submitted: undefined,
    ...endings('LambdaFunctionSucceeded', 'lambdaFunctionSucceededEventDetails', LAMBDA_FAILURES),
  };
}

function activityVocabulary(resource: string): Vocabulary {
  return {
    scheduledAs: ['ActivityScheduled', 'activityScheduledEventDetails'],
    scheduled: (d, payload) => ({
      resource,
      input: payload(d.parameters),
      inputDetails: NOT_TRUNCATED,
      ...timeouts(d),
    }),
    started: (workerName) => {
      const details: JsonObject = {};
      if (workerName !== undefined) details['workerName'] = workerName;
      return ['ActivityStarted', 'activityStartedEventDetails', details];
    },
    scheduledValues: NEVER_AS_VALUES,
    startsWhenTaken: true,
    submitted: undefined,
    ...endings('ActivitySucceeded', 'activitySucceededEventDetails', ACTIVITY_FAILURES),
  };
}

function serviceVocabulary(task: TaskResource, region: string): Vocabulary {
  const ids = { resourceType: task.resourceType, resource: task.resourceName };
  const started: Entry = ['TaskStarted', 'taskStartedEventDetails', ids];
  return {
    scheduledAs: ['TaskScheduled', 'taskScheduledEventDetails'],
    scheduled: (d, payload) => ({ ...ids, region, parameters: payload(d.parameters), ...timeouts(d) }),
    started: () => started,
    startsWhenTaken: false,
    submitted: (output) => [
      'TaskSubmitted',
      'taskSubmittedEventDetails',
      { ...ids, output, outputDetails: NOT_TRUNCATED },
    ],
    succeededAs: ['TaskSucceeded', 'taskSucceededEventDetails'],
    succeeded: (output) => ({ ...ids, output, outputDetails: NOT_TRUNCATED }),
    scheduledValues: NEVER_AS_VALUES,
    succeededValues: undefined,
    failed: (kind, error, cause) => {
      const [type, member] = TASK_FAILURES[kind];
      return [type, member, { ...ids, ...errorFields(error, cause) }];
    },
  };
}

function vocabulary(task: TaskResource, region: string): Vocabulary {
  switch (task.family) {
    case 'lambda-function':
      return lambdaVocabulary(task.arn);
    case 'activity':
      return activityVocabulary(task.arn);
    case 'service':
      return serviceVocabulary(task, region);
  }
}

/** Each classified resource's vocabulary, built once (tasks run in hot loops), for its region. */
const vocabularies = new WeakMap<TaskResource, { readonly region: string; readonly words: Vocabulary }>();

export function vocabularyOf(task: TaskResource, region: string): Vocabulary {
  const known = vocabularies.get(task);
  if (known?.region === region) return known.words;
  const words = vocabulary(task, region);
  vocabularies.set(task, { region, words });
  return words;
}
