/**
 * What a Task's Resource is, decided once when the definition is compiled: the engine (history
 * vocabulary, task tokens, TestState) and the integrations (routing) read these fields instead of
 * matching the ARN again (AWS guide, "Service integration patterns"; "Activities").
 */
export interface TaskResource {
  readonly arn: string;
  /** The history vocabulary: LambdaFunction* (a Lambda ARN), Activity* (an activity), else Task*. */
  readonly family: 'lambda-function' | 'activity' | 'service';
  /**
   * Task* events name the service and the action: `lambda` / `invoke`, and for SDK integrations
   * `aws-sdk:s3` / `getObject` (histories recorded on AWS).
   */
  readonly resourceType: string;
  readonly resourceName: string;
  /** The integration: `.sync`, `.sync:2`, `.waitForTaskToken` (callback), else request-response. */
  readonly pattern: 'request-response' | 'sync' | 'sync:2' | 'callback';
  /** For a callback on an `arn:aws:states:::` service: the resource without `.waitForTaskToken`. */
  readonly callbackBase: string | undefined;
  /** Activities and callbacks carry `$$.Task.Token`. */
  readonly takesTaskToken: boolean;
  /** Its answer comes from the world (a worker, a token, a job): TestState needs a mock for it. */
  readonly waitsOnWorld: boolean;
}

const LEGACY_LAMBDA = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:/;
const ACTIVITY = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:/;
const SERVICE = /^arn:aws[a-z-]*:states:([a-z0-9-]*):(\d*):([a-zA-Z0-9-]+):(.+)$/;
// The integrations namespace, region-less or with a region and account (AWS's sample templates).
const CALLBACK =
  /^(arn:aws[a-z-]*:states:(?::|[a-z0-9-]+:\d{12}):[a-z0-9-]+:[A-Za-z0-9:-]+)\.waitForTaskToken$/;
const SYNC = /\.sync(:\d+)?$/;

/**
 * Resources classified, by ARN: the Task states that name one resource share one object, so what
 * is looked up by it (the engine's vocabulary, the metrics' labels) is found at once. Bounded: a
 * server may see many definitions.
 */
const classified = new Map<string, TaskResource>();
const CLASSIFIED_MAX = 1000;

export function classifyTaskResource(arn: string): TaskResource {
  let task = classified.get(arn);
  if (task === undefined) {
    if (classified.size >= CLASSIFIED_MAX) classified.clear();
    task = classify(arn);
    classified.set(arn, task);
  }
  return task;
}

function classify(arn: string): TaskResource {
  const family = LEGACY_LAMBDA.test(arn) ? 'lambda-function' : ACTIVITY.test(arn) ? 'activity' : 'service';
  const m = SERVICE.exec(arn);
  let resourceType = m?.[3] ?? 'unknown';
  let resourceName = m?.[4] ?? arn;
  const sdk = resourceType === 'aws-sdk' ? /^([^:]+):(.+)$/.exec(resourceName) : null;
  if (sdk) {
    resourceType = `aws-sdk:${sdk[1]}`;
    resourceName = sdk[2]!;
  }
  const callback = arn.endsWith('.waitForTaskToken');
  const sync = SYNC.exec(arn);
  return {
    arn,
    family,
    resourceType,
    resourceName,
    pattern: callback ? 'callback' : sync ? (sync[1] === ':2' ? 'sync:2' : 'sync') : 'request-response',
    callbackBase: CALLBACK.exec(arn)?.[1],
    takesTaskToken: callback || family === 'activity',
    waitsOnWorld: callback || sync !== null || arn.includes(':activity:'),
  };
}
