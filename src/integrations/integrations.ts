import type { TaskRequest, TaskResult, TaskRunner } from './task-runner.ts';
import type { LambdaSettings } from './lambda/invoke.ts';
import { invokeLegacy, invokeOptimized } from './lambda/invoke.ts';
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
import type { Json } from '../asl/index.ts';

/** How the integrations are configured (`integrations` in stepwise.config.json). */
export interface IntegrationSettings {
  readonly http?: HttpSettings;
  /** Path of a Step Functions Local MockConfigFile (read by the composition root). */
  readonly mockConfigFile?: string;
  /** The parsed mock configuration. */
  readonly mockConfig?: Json;
}

const LEGACY_LAMBDA = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:/;
const ACTIVITY = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:activity:/;
const START_EXECUTION = /^arn:aws[a-z-]*:states:::states:startExecution(\.sync(:2)?)?$/;
const CALLBACK = /^(arn:aws[a-z-]*:states:::[a-z0-9-]+:[A-Za-z0-9:-]+)\.waitForTaskToken$/;

type Family = (request: TaskRequest) => Promise<TaskResult>;

/** Dispatches a Task resource to the family that performs it. */
export class Integrations implements TaskRunner {
  readonly functions = new LocalFunctions();
  /** Tokens of activities and `.waitForTaskToken` tasks awaiting SendTask* answers. */
  readonly callbacks = new PendingTasks();
  readonly activities: Activities;
  readonly mocks: Mocks;
  readonly #settings: LambdaSettings & IntegrationSettings;
  #executions: Executions | undefined;

  constructor(settings: LambdaSettings & IntegrationSettings) {
    this.#settings = settings;
    this.activities = new Activities(settings, this.callbacks);
    this.mocks = new Mocks(
      settings.mockConfig === undefined ? undefined : new MockConfig(settings.mockConfig),
    );
  }

  useTestCase(executionArn: string, stateMachineName: string, testCase: string): string | undefined {
    return this.mocks.select(executionArn, stateMachineName, testCase);
  }

  /** Nested workflows start executions of the engine, which is built after the integrations. */
  bindExecutions(executions: Executions): void {
    this.#executions = executions;
  }

  run(request: TaskRequest): Promise<TaskResult> {
    const mocked = this.mocks.answer(request);
    if (mocked) return Promise.resolve(mocked);
    const r = request.resource;
    if (ACTIVITY.test(r)) return this.activities.run(request);
    const callback = CALLBACK.exec(r);
    if (callback) {
      const base = callback[1]!;
      // A service without a local stand-in (SQS, SNS, …) is not called: the task is submitted
      // and waits for its token, so approval flows can be answered from the CLI or console.
      const family = this.#family(base) ?? (() => Promise.resolve({ ok: true, output: {} }));
      return waitForTaskToken(this.callbacks, request, (req) => family({ ...req, resource: base }));
    }
    const family = this.#family(r);
    if (family) return family(request);
    return Promise.resolve({
      ok: false,
      error: 'States.TaskFailed',
      cause: `Stepwise has no integration for the resource '${r}'.`,
    });
  }

  #family(resource: string): Family | undefined {
    if (LEGACY_LAMBDA.test(resource)) return (req) => invokeLegacy(this.functions, this.#settings, req);
    if (/^arn:aws[a-z-]*:states:::lambda:invoke$/.test(resource)) {
      return (req) => invokeOptimized(this.functions, this.#settings, req);
    }
    const start = START_EXECUTION.exec(resource);
    if (start) {
      const pattern = start[2] ? 'sync:2' : start[1] ? 'sync' : 'request-response';
      return (req) => startExecution(this.#executions, pattern, req);
    }
    if (/^arn:aws[a-z-]*:states:::http:invoke$/.test(resource)) {
      return (req) => httpInvoke(this.#settings.http ?? {}, req);
    }
    return undefined;
  }
}
