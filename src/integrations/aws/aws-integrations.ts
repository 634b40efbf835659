import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { ItemReadRequest, ItemReadResult, ResultWriteRequest, ResultWriteResult } from '../map-data.ts';
import { readItems } from './s3-map/read-items.ts';
import { writeResults } from './s3-map/write-results.ts';
import { AwsClients } from './aws-clients.ts';
import type { AwsSettings } from './aws-settings.ts';
import { awsSdkTask } from './aws-sdk-task.ts';
import { optimizedService } from './optimized-services.ts';
import { optimizedTask } from './optimized-task.ts';
import { sdkService } from './sdk-services.ts';
import { DEFAULT_POLL_SECONDS, jobTask, runJobTask } from './sync/job-task.ts';

const AWS_SDK = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9-]+):([a-z][A-Za-z0-9]*)$/;
const OPTIMIZED = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)$/;

type Family = (request: TaskRequest) => Promise<TaskResult>;

/** The AWS service integrations: `aws-sdk:<service>:<action>` and the optimized ones. */
export class AwsIntegrations {
  readonly #clients: AwsClients;
  /** How often `.sync` jobs are looked at. */
  readonly #pollMs: number;

  constructor(settings: AwsSettings, defaultRegion: string) {
    this.#clients = new AwsClients(settings, defaultRegion);
    this.#pollMs = (settings.pollIntervalSeconds ?? DEFAULT_POLL_SECONDS) * 1000;
  }

  /**
   * How a resource (without its `.waitForTaskToken`) is performed, if it is one of these. Under
   * `.waitForTaskToken` (`callback`), a service with no endpoint and no credentials configured is
   * not called: the task is submitted and waits for its token, so approval flows run with no AWS
   * at all (`npm start` stays zero-setup); answered from the CLI or the console.
   */
  family(resource: string, callback: boolean): Family | undefined {
    const sdk = AWS_SDK.exec(resource);
    if (sdk) {
      const [, id, action] = sdk as unknown as [string, string, string];
      if (callback && !this.#configured(id)) return undefined;
      return (request) => awsSdkTask(this.#clients, id, action, request);
    }
    const job = jobTask(resource);
    if (job) {
      if (callback && !this.#configured(job.service.sdkId)) return undefined;
      return (request) => runJobTask(this.#clients, job, request, this.#pollMs);
    }
    const optimized = OPTIMIZED.exec(resource);
    const service = optimized && optimizedService(optimized[1]!);
    const api = optimized?.[2];
    if (!service || !api || !service.apis.has(api)) return undefined;
    if (callback && !this.#configured(service.sdkId)) return undefined;
    return (request) => optimizedTask(this.#clients, service, api, request);
  }

  /** A distributed Map's ItemReader: items from S3 through the configured S3 client. */
  readItems(request: ItemReadRequest): Promise<ItemReadResult> {
    return readItems(this.#clients, request);
  }

  /** A distributed Map's ResultWriter: result files and manifest to S3. */
  writeResults(request: ResultWriteRequest): Promise<ResultWriteResult> {
    return writeResults(this.#clients, request);
  }

  #configured(id: string): boolean {
    const service = sdkService(id);
    return service !== undefined && this.#clients.configured(id, service);
  }

  close(): Promise<void> {
    return this.#clients.close();
  }
}
