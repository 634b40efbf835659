import type { TaskRequest, TaskResult, TaskRunner } from './task-runner.ts';
import type { LambdaSettings } from './lambda/invoke.ts';
import { invokeLegacy, invokeOptimized } from './lambda/invoke.ts';
import { LocalFunctions } from './lambda/local-functions.ts';

const LEGACY_LAMBDA = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:/;

/** Dispatches a Task resource to the family that performs it. */
export class Integrations implements TaskRunner {
  readonly functions = new LocalFunctions();
  readonly #settings: LambdaSettings;

  constructor(settings: LambdaSettings) {
    this.#settings = settings;
  }

  run(request: TaskRequest): Promise<TaskResult> {
    const r = request.resource;
    if (LEGACY_LAMBDA.test(r)) return invokeLegacy(this.functions, this.#settings, request);
    if (/^arn:aws[a-z-]*:states:::lambda:invoke$/.test(r)) {
      return invokeOptimized(this.functions, this.#settings, request);
    }
    return Promise.resolve({
      ok: false,
      error: 'States.TaskFailed',
      cause: `Stepwise has no integration for the resource '${r}'.`,
    });
  }
}
