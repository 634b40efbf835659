import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { MockConfig } from './mock-config.ts';

interface Selected {
  readonly stateMachineName: string;
  readonly testCase: string;
  /** Calls so far, by state name. */
  readonly calls: Map<string, number>;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Mocked responses per execution: an execution started as `stateMachineArn#TestCase` answers
 * the states its test case names from the mock configuration; other states run for real.
 */
export class Mocks {
  readonly #config: MockConfig | undefined;
  readonly #selected = new Map<string, Selected>();

  constructor(config: MockConfig | undefined) {
    this.#config = config;
  }

  /** Undefined when selected; otherwise why the test case cannot be used. */
  select(executionArn: string, stateMachineName: string, testCase: string): string | undefined {
    if (!this.#config) return 'no mock configuration is loaded (integrations.mockConfigFile)';
    if (!this.#config.hasTestCase(stateMachineName, testCase)) {
      return `the mock configuration has no test case '${testCase}' for the state machine '${stateMachineName}'`;
    }
    this.#selected.set(executionArn, { stateMachineName, testCase, calls: new Map() });
    return undefined;
  }

  /** The mocked result of this task, or undefined when it is not mocked. */
  answer(request: TaskRequest): TaskResult | undefined {
    if (this.#selected.size === 0) return undefined;
    const execution = request.context['Execution'];
    const state = request.context['State'];
    const executionArn = isJsonObject(execution) ? text(execution['Id']) : undefined;
    const stateName = isJsonObject(state) ? text(state['Name']) : undefined;
    const selected = executionArn === undefined ? undefined : this.#selected.get(executionArn);
    if (!selected || stateName === undefined || !this.#config) return undefined;
    const invocation = selected.calls.get(stateName) ?? 0;
    const answer = this.#config.answer(selected.stateMachineName, selected.testCase, stateName, invocation);
    if (!answer) return undefined;
    selected.calls.set(stateName, invocation + 1);
    // A mocked activity is taken at once, as by a worker: its history has ActivityStarted too.
    if (request.task?.family === 'activity') request.progress?.started(undefined);
    return answer.kind === 'return'
      ? { ok: true, output: answer.value }
      : { ok: false, error: answer.error, cause: answer.cause };
  }
}
