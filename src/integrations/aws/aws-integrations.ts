import type { TaskRequest, TaskResult } from '../task-runner.ts';
import { AwsClients } from './aws-clients.ts';
import type { AwsSettings } from './aws-settings.ts';
import { awsSdkTask } from './aws-sdk-task.ts';
import { DYNAMODB_APIS, dynamodbTask } from './dynamodb-task.ts';

const AWS_SDK = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9-]+):([a-z][A-Za-z0-9]*)$/;
const DYNAMODB = /^arn:aws[a-z-]*:states:::dynamodb:([A-Za-z]+)$/;

/** The AWS service integrations: `aws-sdk:<service>:<action>` and the optimized ones. */
export class AwsIntegrations {
  readonly #clients: AwsClients;

  constructor(settings: AwsSettings, defaultRegion: string) {
    this.#clients = new AwsClients(settings, defaultRegion);
  }

  /** How a resource (without its `.waitForTaskToken`) is performed, if it is one of these. */
  family(resource: string): ((request: TaskRequest) => Promise<TaskResult>) | undefined {
    const sdk = AWS_SDK.exec(resource);
    if (sdk) {
      const [, service, action] = sdk as unknown as [string, string, string];
      return (request) => awsSdkTask(this.#clients, service, action, request);
    }
    const api = DYNAMODB.exec(resource)?.[1];
    if (api && DYNAMODB_APIS.has(api)) return (request) => dynamodbTask(this.#clients, api, request);
    return undefined;
  }

  close(): Promise<void> {
    return this.#clients.close();
  }
}
