import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { ItemReadRequest, ItemReadResult, ResultUploadResult, ResultWriteTarget } from '../map-data.ts';
import { readItems } from './s3-map/read-items.ts';
import { uploadResults } from './s3-map/result-upload.ts';
import { AwsClients } from './aws-clients.ts';
import type { AwsSettings } from './aws-settings.ts';
import { awsSdkTask } from './aws-sdk-task.ts';
import { optimizedService } from './optimized-services.ts';
import { optimizedTask } from './optimized-task.ts';
import { sdkService } from './sdk-services.ts';
import { DEFAULT_POLL_SECONDS, jobTask, runJobTask } from './sync/job-task.ts';
import { sdkActionExists } from './sdk-actions.ts';
import type { LambdaShape } from './lambda-api.ts';
import { lambdaApiInvoke } from './lambda-api.ts';
import { apiGatewayInvoke } from './api-gateway-invoke.ts';
import { bedrockInvokeModel } from './bedrock-invoke.ts';
import { regionalResource } from './regional-resource.ts';
import { eksCall } from './eks/eks-call.ts';
import { eksRunJob } from './eks/eks-run-job.ts';

const AWS_SDK = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9-]+):([a-z][A-Za-z0-9]*)$/;
const OPTIMIZED = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)$/;
/** EKS's Kubernetes API integrations: they call the cluster, not an AWS service (eks/). */
const KUBERNETES = /^arn:aws[a-z-]*:states:::eks:(call|runJob(\.sync)?)$/;

type Family = (request: TaskRequest) => Promise<TaskResult>;

/**
 * Optimized integrations with request and result shapes of their own (not an SDK call's), by
 * resource; `sdkId` is the service whose settings say whether it is reachable.
 */
const OWN_SHAPES: ReadonlyMap<string, { readonly sdkId: string; readonly call: typeof apiGatewayInvoke }> =
  new Map([
    ['apigateway:invoke', { sdkId: 'apigateway', call: apiGatewayInvoke }],
    ['bedrock:invokeModel', { sdkId: 'bedrockruntime', call: bedrockInvokeModel }],
  ]);

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
   * How a resource (without its `.waitForTaskToken`) is performed, if it is one of these, in
   * `region` when its ARN names one (regional-resource.ts). Under
   * `.waitForTaskToken` (`callback`), a service with no endpoint and no credentials configured is
   * not called: the task is submitted and waits for its token, so approval flows run with no AWS
   * at all (`npm start` stays zero-setup); answered from the CLI or the console.
   */
  family(resource: string, callback: boolean, region?: string): Family | undefined {
    const clients = region === undefined ? this.#clients : this.#clients.inRegion(region);
    const sdk = AWS_SDK.exec(resource);
    if (sdk) {
      const [, id, action] = sdk as unknown as [string, string, string];
      if (callback && !this.#configured(id)) return undefined;
      return (request) => awsSdkTask(clients, id, action, request);
    }
    const kube = KUBERNETES.exec(resource);
    if (kube) {
      // The cluster is named by the task's parameters: no endpoint setting says it is reachable.
      if (kube[1] === 'call') return (request) => eksCall(clients, request);
      const sync = kube[2] !== undefined;
      return (request) => eksRunJob(clients, request, sync, this.#pollMs);
    }
    const job = jobTask(resource);
    if (job) {
      if (callback && !this.#configured(job.service.sdkId)) return undefined;
      return (request) => runJobTask(clients, job, request, this.#pollMs);
    }
    const optimized = OPTIMIZED.exec(resource);
    const own = optimized && OWN_SHAPES.get(`${optimized[1]}:${optimized[2]}`);
    if (own) {
      // API Gateway with no auth needs no AWS settings: under .waitForTaskToken it is called.
      if (callback && own.sdkId !== 'apigateway' && !this.#configured(own.sdkId)) return undefined;
      return (request) => own.call(clients, request);
    }
    const service = optimized && optimizedService(optimized[1]!);
    const api = optimized?.[2];
    if (!service || !api || !service.apis.has(api)) return undefined;
    if (callback && !this.#configured(service.sdkId)) return undefined;
    return (request) => optimizedTask(clients, service, api, request);
  }

  /** A distributed Map's ItemReader: items from S3 through the configured S3 client. */
  readItems(request: ItemReadRequest): Promise<ItemReadResult> {
    return readItems(this.#clients, request);
  }

  /** A distributed Map's ResultWriter: result files and manifest to S3, uploaded as the run goes. */
  uploadResults(target: ResultWriteTarget): ResultUploadResult {
    return uploadResults(this.#clients, target);
  }

  /** Whether Lambda functions with no local handler go to the AWS Lambda API. */
  get lambdaConfigured(): boolean {
    return this.#configured('lambda');
  }

  invokeLambda(request: TaskRequest, shape: LambdaShape): Promise<TaskResult> {
    return lambdaApiInvoke(this.#clients, request, shape);
  }

  /** The region the services are called in (TaskScheduled records it). */
  get region(): string {
    return this.#clients.region;
  }

  /**
   * False for an aws-sdk action that the installed client of a service Stepwise calls does not
   * have; a service not installed (or not in Stepwise's table) is not judged here.
   */
  recognizes(resource: string): boolean {
    const sdk = AWS_SDK.exec(regionalResource(resource).resource.replace(/\.waitForTaskToken$/, ''));
    const service = sdk && sdkService(sdk[1]!);
    return !service || sdkActionExists(service, sdk[2]!) !== false;
  }

  /** Whether a resource (without `.waitForTaskToken`) is one of these integrations. */
  performs(resource: string): boolean {
    return this.family(resource, false) !== undefined;
  }

  #configured(id: string): boolean {
    const service = sdkService(id);
    return service !== undefined && this.#clients.configured(id, service);
  }

  close(): Promise<void> {
    return this.#clients.close();
  }
}
