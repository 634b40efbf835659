import type { JsonObject } from '../../asl/index.ts';
import type { TaskResult } from '../task-runner.ts';

/** An optimized integration's service: how its requests, results and errors differ from aws-sdk's. */
export interface OptimizedService {
  /** The aws-sdk service id of its client (`sdk-services.ts`). */
  readonly sdkId: string;
  /** The APIs Stepwise calls (request-response and `.waitForTaskToken`). */
  readonly apis: ReadonlySet<string>;
  /** Error prefix: `DynamoDB.` where aws-sdk says `DynamoDb.`. */
  readonly prefix: string;
  /** The service as the Java SDK v1 names it in causes, and its base exception. */
  readonly javaService: string;
  readonly baseException: string;
  /** Whether results carry `SdkHttpMetadata` / `SdkResponseMetadata`. */
  readonly httpMetadata: boolean;
  /** Members taken as text that may be given as JSON (SNS `Message`, SQS `MessageBody`). */
  readonly textMembers?: readonly string[];
  /** The same for each of `Entries` (EventBridge's `Detail`). */
  readonly entryTextMembers?: readonly string[];
  /**
   * For a service whose SDK package has no model schema (EMR on EKS): the members whose values
   * are maps, by their PascalCase name; every other member is converted by name (model-json.ts).
   */
  readonly mapMembers?: ReadonlySet<string>;
  /** A result that is a failure all the same (EventBridge's failed entries). */
  readonly check?: (output: JsonObject) => TaskResult;
}

const java = (prefix: string, javaService: string, base: string) => ({
  prefix,
  javaService,
  baseException: base,
});

/**
 * PutEvents answers 200 even when entries fail; Step Functions fails the task with
 * `EventBridge.FailedEntry` and the response as its cause (AWS-recorded: test_events_task_service).
 */
function failedEntries(output: JsonObject): TaskResult {
  const failed = output['FailedEntryCount'];
  if (typeof failed === 'number' && failed > 0) {
    return { ok: false, error: 'EventBridge.FailedEntry', cause: JSON.stringify(output) };
  }
  return { ok: true, output };
}

/** By the service name of `arn:aws:states:::<service>:<api>` (AWS guide, connect-ddb/-sns/-sqs/-eventbridge). */
const SERVICES: ReadonlyMap<string, OptimizedService> = new Map([
  [
    'dynamodb',
    {
      sdkId: 'dynamodb',
      apis: new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']),
      ...java('DynamoDB', 'AmazonDynamoDBv2', 'AmazonDynamoDBException'),
      httpMetadata: true,
    },
  ],
  [
    'sns',
    {
      sdkId: 'sns',
      apis: new Set(['publish']),
      ...java('SNS', 'AmazonSNS', 'AmazonSNSException'),
      httpMetadata: true,
      textMembers: ['Message'],
    },
  ],
  [
    'sqs',
    {
      sdkId: 'sqs',
      apis: new Set(['sendMessage']),
      ...java('SQS', 'AmazonSQS', 'AmazonSQSException'),
      httpMetadata: true,
      textMembers: ['MessageBody'],
    },
  ],
  [
    'events',
    {
      sdkId: 'eventbridge',
      apis: new Set(['putEvents']),
      ...java('EventBridge', 'AmazonEventBridge', 'AmazonEventBridgeException'),
      httpMetadata: false,
      entryTextMembers: ['Detail'],
      check: failedEntries,
    },
  ],
]);

/** The optimized service of a resource's service name, if Stepwise calls it. */
export function optimizedService(name: string): OptimizedService | undefined {
  return SERVICES.get(name);
}
