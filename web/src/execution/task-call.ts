// What one call of a Task's resource was, in words the console shows: which service and API,
// which integration pattern, and its moments (scheduled → started → submitted → ended).
// Pure, so it is tested without a browser.
import type { Attempt } from './state-runs.ts';

export interface CallStep {
  readonly label: string;
  readonly at: number;
}

export interface TaskCall {
  /** The service as AWS names it (`Amazon DynamoDB`), or the resource type as recorded. */
  readonly service: string;
  /** The API called (`putItem`, `getObject`), or the function/activity name. */
  readonly api: string;
  /** `Optimized`, `AWS SDK`, `Lambda function`, `Activity`, or '' when unknown. */
  readonly kind: string;
  /** AWS's name of the integration pattern. */
  readonly pattern:
    'Request Response' | 'Run a Job (.sync)' | 'Wait for Callback (.waitForTaskToken)' | 'Activity';
  readonly steps: readonly CallStep[];
}

/** Service ids as they appear in `resourceType`, by the name AWS gives the service. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  apigateway: 'Amazon API Gateway',
  athena: 'Amazon Athena',
  batch: 'AWS Batch',
  bedrock: 'Amazon Bedrock',
  codebuild: 'AWS CodeBuild',
  dynamodb: 'Amazon DynamoDB',
  ecs: 'Amazon ECS',
  eks: 'Amazon EKS',
  elasticmapreduce: 'Amazon EMR',
  'emr-containers': 'Amazon EMR on EKS',
  'emr-serverless': 'Amazon EMR Serverless',
  events: 'Amazon EventBridge',
  eventbridge: 'Amazon EventBridge',
  glue: 'AWS Glue',
  databrew: 'AWS Glue DataBrew',
  http: 'HTTP endpoint',
  lambda: 'AWS Lambda',
  mediaconvert: 'AWS Elemental MediaConvert',
  s3: 'Amazon S3',
  sagemaker: 'Amazon SageMaker',
  sns: 'Amazon SNS',
  sqs: 'Amazon SQS',
  states: 'AWS Step Functions',
  sfn: 'AWS Step Functions',
  sts: 'AWS STS',
  secretsmanager: 'AWS Secrets Manager',
  ssm: 'AWS Systems Manager',
};

const ENDINGS: Readonly<Record<string, string>> = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  TimedOut: 'Timed out',
  StartFailed: 'Start failed',
  SubmitFailed: 'Submit failed',
  ScheduleFailed: 'Schedule failed',
};

/** `Succeeded` of `TaskSucceeded`, `LambdaFunctionTimedOut`, `ActivityFailed`. */
function ending(eventType: string | undefined, outcome: Attempt['outcome']): string {
  const suffix = Object.keys(ENDINGS).find((end) => eventType?.endsWith(end) === true);
  if (suffix) return ENDINGS[suffix] ?? suffix;
  return outcome === 'succeeded' ? 'Succeeded' : 'Failed';
}

function patternOf(resource: string): TaskCall['pattern'] {
  if (/\.sync(:\d+)?$/.test(resource)) return 'Run a Job (.sync)';
  if (resource.endsWith('.waitForTaskToken')) return 'Wait for Callback (.waitForTaskToken)';
  return 'Request Response';
}

function serviceAndKind(attempt: Attempt): { service: string; kind: string; api: string } {
  const type = attempt.resourceType;
  const resource = attempt.resource ?? '';
  if (type !== undefined) {
    const api = resource.slice(type.length + 1).replace(/\.(sync(:\d+)?|waitForTaskToken)$/, '');
    const sdk = /^aws-sdk:(.+)$/.exec(type);
    const id = sdk ? (sdk[1] ?? type) : type;
    return { service: SERVICE_NAMES[id] ?? id, kind: sdk ? 'AWS SDK' : 'Optimized', api };
  }
  const activity = /:activity:(.+)$/.exec(resource);
  if (activity) return { service: 'Activity', kind: 'Activity', api: activity[1] ?? resource };
  const fn = /:function:([^:]+)/.exec(resource);
  if (fn) return { service: 'AWS Lambda', kind: 'Lambda function', api: fn[1] ?? resource };
  return { service: resource, kind: '', api: '' };
}

export function describeCall(attempt: Attempt): TaskCall {
  const resource = attempt.resource ?? '';
  const steps: CallStep[] = [{ label: 'Scheduled', at: attempt.scheduledAt }];
  if (attempt.startedAt !== undefined) steps.push({ label: 'Started', at: attempt.startedAt });
  if (attempt.submittedAt !== undefined) steps.push({ label: 'Submitted', at: attempt.submittedAt });
  if (attempt.endedAt !== undefined) {
    steps.push({ label: ending(attempt.endedBy, attempt.outcome), at: attempt.endedAt });
  }
  const { service, kind, api } = serviceAndKind(attempt);
  return {
    service,
    api,
    kind,
    pattern: kind === 'Activity' ? 'Activity' : patternOf(resource),
    steps,
  };
}
