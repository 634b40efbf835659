import type { TaskRequest, TaskResult, TaskRunner } from './task-runner.ts';
import type { LambdaSettings } from './lambda/invoke.ts';
import { inProcess, invokeLegacy, invokeOptimized } from './lambda/invoke.ts';
import type { FunctionBackend } from './lambda/function-call.ts';
import type { CommandFunction } from './lambda/command-function.ts';
import { CommandFunctions } from './lambda/command-function.ts';
import type { PooledFunction } from './lambda/worker-pool.ts';
import { WorkerPool } from './lambda/worker-pool.ts';
import { RemoteLambda } from './lambda/remote-lambda.ts';
import { LocalFunctions } from './lambda/local-functions.ts';
import { PendingTasks } from './callback/pending-tasks.ts';
import { waitForTaskToken } from './callback/wait-for-task-token.ts';
import { Activities } from './activity/activities.ts';
import type { HttpSettings } from './http/http-settings.ts';
import { httpInvoke } from './http/http-invoke.ts';
import type { Executions } from './sfn/executions.ts';
import { startExecution } from './sfn/start-execution.ts';
import { MockConfig } from './mock/mock-config.ts';
import { Mocks } from './mock/mocks.ts';
import { MapRunMocks } from './mock/map-run-mocks.ts';
import type { AwsSettings } from './aws/aws-settings.ts';
import { AwsIntegrations } from './aws/aws-integrations.ts';
import { regionalResource } from './aws/regional-resource.ts';
import type { Json, TaskResource } from '../asl/index.ts';
import type {
  ItemReadRequest,
  ItemReadResult,
  MapOrigin,
  ResultUploadResult,
  ResultWriteTarget,
} from './map-data.ts';
import { classifyTaskResource, isJsonObject } from '../asl/index.ts';
import { parseFunctionRef } from './lambda/function-ref.ts';

/** How the integrations are configured (`integrations` in stepwise.config.json). */
export interface IntegrationSettings {
  readonly http?: HttpSettings;
  readonly lambda?: LambdaFunctionSettings;
  /** Where AWS service integrations (`aws-sdk:*`, optimized DynamoDB) send their calls. */
  readonly aws?: AwsSettings;
  /** Where relative paths of handlers and commands start (default: the working directory). */
  readonly baseDir?: string;
  /** Path of a Step Functions Local MockConfigFile (read by the composition root). */
  readonly mockConfigFile?: string;
  /** The parsed mock configuration. */
  readonly mockConfig?: Json;
  /** A saved test's distributed Maps, mocked per test case (a Stepwise extension; mock/map-run-mocks.ts). */
  readonly mapRunMocks?: Json;
}

const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;

/** The function name in a `lambda:invoke` task's FunctionName (a name or an ARN). */
function functionNameOf(parameters: Json): string | undefined {
  const fn = isJsonObject(parameters) ? parameters['FunctionName'] : undefined;
  return typeof fn === 'string' ? parseFunctionRef(fn)?.name : undefined;
}

const START_EXECUTION = /^arn:aws[a-z-]*:states:::states:startExecution(\.sync(:2)?)?$/;

/** Functions beyond the in-process `--functions` modules, and a remote Lambda API for the rest. */
export interface LambdaFunctionSettings {
  /** By function name: a handler in a worker-thread pool, or a command. */
  readonly functions?: Readonly<Record<string, PooledFunction | CommandFunction>>;
  /** A Lambda Invoke API (e.g. http://127.0.0.1:3001 of `sam local start-lambda`). */
  readonly endpoint?: string;
}

type Family = (request: TaskRequest) => Promise<TaskResult>;

/** `region`: where an AWS service performs it (TaskScheduled records it), if not Stepwise's own. */
type Route = (
  | { readonly kind: 'activity' }
  | { readonly kind: 'callback'; readonly base: string; readonly family: Family }
  | { readonly kind: 'family'; readonly family: Family }
  | { readonly kind: 'none' }
) & { region?: string };

const ROUTES_MAX = 1024;

const PUT_EVENTS = /^arn:aws[a-z-]*:states:::events:putEvents$/;

/** Dispatches a Task resource to the family that performs it. */
export class Integrations implements TaskRunner {
  readonly functions = new LocalFunctions();
  /** Tokens of activities and `.waitForTaskToken` tasks awaiting SendTask* answers. */
  readonly callbacks = new PendingTasks();
  readonly activities: Activities;
  readonly mocks: Mocks;
  /**
   * The trace context (W3C `traceparent`, X-Ray's `X-Amzn-Trace-Id`) that an HTTP task's request,
   * a Lambda invocation and a nested execution carry, when the execution is traced: set by the
   * composition root from observability/'s traces.
   */
  traceHeaders: ((request: TaskRequest) => Readonly<Record<string, string>>) | undefined;
  /**
   * Answers an `events:putEvents` task whose entries are for an event bus of Stepwise's own
   * (undefined: it goes to AWS): set by the composition root from triggers/' rules.
   */
  localEvents: ((request: TaskRequest) => Promise<TaskResult> | undefined) | undefined;
  readonly #backends: FunctionBackend[];
  readonly #pool: WorkerPool;
  readonly #aws: AwsIntegrations;
  readonly #settings: LambdaSettings & IntegrationSettings;
  #executions: Executions | undefined;

  constructor(settings: LambdaSettings & IntegrationSettings) {
    this.#settings = settings;
    this.activities = new Activities(settings, this.callbacks);
    const base = settings.baseDir ?? process.cwd();
    const pooled: Record<string, PooledFunction> = {};
    const commands: Record<string, CommandFunction> = {};
    for (const [name, fn] of Object.entries(settings.lambda?.functions ?? {})) {
      if ('command' in fn) commands[name] = fn;
      else pooled[name] = fn;
    }
    this.#pool = new WorkerPool(pooled, base);
    this.#backends = [inProcess(this.functions), this.#pool, new CommandFunctions(commands, base)];
    const endpoint = settings.lambda?.endpoint;
    if (endpoint) this.#backends.push(new RemoteLambda(endpoint));
    this.#aws = new AwsIntegrations(settings.aws ?? {}, settings.region);
    this.mocks = new Mocks(
      settings.mockConfig === undefined ? undefined : new MockConfig(settings.mockConfig),
      settings.mapRunMocks === undefined ? undefined : new MapRunMocks(settings.mapRunMocks),
    );
  }

  useTestCase(executionArn: string, stateMachineName: string, testCase: string): string | undefined {
    return this.mocks.select(executionArn, stateMachineName, testCase);
  }

  /** Stops the worker threads of pooled functions and the AWS clients' connections. */
  async close(): Promise<void> {
    await Promise.all([this.#pool.close(), this.#aws.close()]);
  }

  /** Nested workflows start executions of the engine, which is built after the integrations. */
  bindExecutions(executions: Executions): void {
    this.#executions = executions;
  }

  recognizes(resource: string): boolean {
    return this.#aws.recognizes(resource);
  }

  regionOf(task: TaskResource): string | undefined {
    return this.#route(task.arn, task).region;
  }

  run(request: TaskRequest): Promise<TaskResult> {
    const mocked = this.mocks.answer(request);
    if (mocked) return Promise.resolve(mocked);
    const r = request.resource;
    const route = this.#route(r, request.task);
    switch (route.kind) {
      case 'activity':
        return this.activities.run(request);
      case 'callback': {
        const { base, family } = route;
        return waitForTaskToken(this.callbacks, request, (req) => family({ ...req, resource: base }));
      }
      case 'family':
        return route.family(request);
      case 'none':
        return Promise.resolve({
          ok: false,
          error: 'States.TaskFailed',
          cause: `Stepwise has no integration for the resource '${r}'.`,
        });
    }
  }

  readItems(request: ItemReadRequest): Promise<ItemReadResult> {
    const mocked = this.mocks.readItems(request);
    return mocked ? Promise.resolve(mocked) : this.#aws.readItems(request);
  }

  uploadResults(target: ResultWriteTarget): ResultUploadResult {
    return this.mocks.uploadResults(target) ?? this.#aws.uploadResults(target);
  }

  mapRunId(origin: MapOrigin): string | undefined {
    return this.mocks.mapRunId(origin);
  }

  /** How each resource seen is performed, not matched again at every call (bounded: TestState). */
  readonly #routes = new Map<string, Route>();

  #route(resource: string, task: TaskResource | undefined): Route {
    let route = this.#routes.get(resource);
    if (!route) {
      const classified = task ?? classifyTaskResource(resource);
      route = this.#classify(classified);
      const base = regionalResource(classified.callbackBase ?? resource);
      const onAws =
        this.#aws.performs(base.resource) ||
        (LAMBDA_INVOKE.test(base.resource) && this.#aws.lambdaConfigured);
      if (classified.family === 'service' && onAws) route.region = base.region ?? this.#aws.region;
      if (this.#routes.size >= ROUTES_MAX) this.#routes.clear();
      this.#routes.set(resource, route);
    }
    return route;
  }

  #classify(task: TaskResource): Route {
    if (task.family === 'activity') return { kind: 'activity' };
    const base = task.callbackBase;
    if (base !== undefined) {
      // A service Stepwise does not call, or an AWS service with nothing configured to reach it,
      // is not called: the task is submitted and waits for its token, so approval flows can be
      // answered from the CLI or console.
      const family =
        this.#family(classifyTaskResource(base), true) ?? (() => Promise.resolve({ ok: true, output: {} }));
      return { kind: 'callback', base, family };
    }
    const family = this.#family(task);
    return family ? { kind: 'family', family } : { kind: 'none' };
  }

  /**
   * Whether a function goes to the AWS Lambda API: none of the local backends (in process, worker
   * pool, command, `lambda.endpoint`) runs it, and `integrations.aws` reaches Lambda.
   */
  #onAws(name: string | undefined): boolean {
    if (name === undefined || !this.#aws.lambdaConfigured) return false;
    return !this.#backends.some((b) => b.knows(name));
  }

  #family(task: TaskResource, callback = false): Family | undefined {
    // An integration ARN with a region and account is performed as its region-less form, there.
    const { resource, region } = regionalResource(task.arn);
    if (task.family === 'lambda-function') {
      return (req) =>
        this.#onAws(parseFunctionRef(req.resource)?.name)
          ? this.#aws.invokeLambda(req, 'legacy')
          : invokeLegacy(this.#backends, this.#settings, req, this.traceHeaders?.(req));
    }
    if (LAMBDA_INVOKE.test(resource)) {
      return (req) =>
        this.#onAws(functionNameOf(req.parameters))
          ? this.#aws.invokeLambda(req, 'optimized')
          : invokeOptimized(this.#backends, this.#settings, req, this.traceHeaders?.(req));
    }
    const start = START_EXECUTION.exec(resource);
    if (start) {
      const pattern = start[2] ? 'sync:2' : start[1] ? 'sync' : 'request-response';
      return (req) => startExecution(this.#executions, pattern, req, this.traceHeaders?.(req));
    }
    if (/^arn:aws[a-z-]*:states:::http:invoke$/.test(resource)) {
      return (req) => httpInvoke(this.#settings.http ?? {}, req, this.traceHeaders?.(req));
    }
    const aws = this.#aws.family(resource, callback, region);
    if (PUT_EVENTS.test(resource)) {
      // Without AWS settings under .waitForTaskToken there is no `aws`: the task waits for its token.
      return (req) => this.localEvents?.(req) ?? aws?.(req) ?? Promise.resolve({ ok: true, output: {} });
    }
    return aws;
  }
}
