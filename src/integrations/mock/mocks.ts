import { isJsonObject } from '../../asl/index.ts';
import type {
  ItemReadRequest,
  ItemReadResult,
  MapOrigin,
  ResultUploadResult,
  ResultWriteTarget,
} from '../map-data.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { MapRunMocks, MockedMapRun } from './map-run-mocks.ts';
import { mockedRead, mockedUpload } from './map-run-mocks.ts';
import type { MockConfig } from './mock-config.ts';

interface Selected {
  readonly stateMachineName: string;
  readonly testCase: string;
  /** Calls so far, by state name. */
  readonly calls: Map<string, number>;
  /** Map Runs started so far by state name, and the mocked one under way. */
  readonly mapRuns: Map<string, { count: number; current: MockedMapRun | undefined }>;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Mocked responses per execution: an execution started as `stateMachineArn#TestCase` answers
 * the states its test case names from the mock configuration; other states run for real.
 */
export class Mocks {
  readonly #config: MockConfig | undefined;
  readonly #mapRuns: MapRunMocks | undefined;
  readonly #selected = new Map<string, Selected>();

  constructor(config: MockConfig | undefined, mapRuns?: MapRunMocks) {
    this.#config = config;
    this.#mapRuns = mapRuns;
  }

  /** Undefined when selected; otherwise why the test case cannot be used. */
  select(executionArn: string, stateMachineName: string, testCase: string): string | undefined {
    if (!this.#config) return 'no mock configuration is loaded (integrations.mockConfigFile)';
    if (!this.#config.hasTestCase(stateMachineName, testCase)) {
      return `the mock configuration has no test case '${testCase}' for the state machine '${stateMachineName}'`;
    }
    this.#selected.set(executionArn, { stateMachineName, testCase, calls: new Map(), mapRuns: new Map() });
    return undefined;
  }

  /** A Map Run starts: the id its mock pins, and its mock made the one under way for its state. */
  mapRunId(origin: MapOrigin): string | undefined {
    const selected = this.#mapRuns && this.#selected.get(origin.executionArn);
    if (!selected) return undefined;
    const runs = selected.mapRuns.get(origin.stateName) ?? { count: 0, current: undefined };
    runs.current = this.#mapRuns?.run(selected.testCase, origin.stateName, runs.count++);
    selected.mapRuns.set(origin.stateName, runs);
    return runs.current?.mapRunId;
  }

  #mapRun(origin: MapOrigin): MockedMapRun | undefined {
    return this.#selected.get(origin.executionArn)?.mapRuns.get(origin.stateName)?.current;
  }

  /** The mocked reader's items of the Map Run under way, or undefined when not mocked. */
  readItems(request: ItemReadRequest): ItemReadResult | undefined {
    const reader = this.#mapRun(request.origin)?.itemReader;
    return reader && mockedRead(reader);
  }

  /** The mocked writer of the Map Run under way, or undefined when not mocked. */
  uploadResults(target: ResultWriteTarget): ResultUploadResult | undefined {
    const writer = this.#mapRun(target.origin)?.resultWriter;
    return writer && mockedUpload(writer);
  }

  /** The mocked result of this task, or undefined when it is not mocked. */
  answer(request: TaskRequest): TaskResult | undefined {
    if (this.#selected.size === 0) return undefined;
    const execution = request.visit.context['Execution'];
    const state = request.visit.context['State'];
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
