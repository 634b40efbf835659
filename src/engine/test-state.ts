import type { Decision, Json, JsonObject, State, StepEnv } from '../asl/index.ts';
import {
  compileMachine,
  formatInvalidDefinition,
  inspectDataFlow,
  isJsonObject,
  parseDefinitionText,
  validateDefinition,
} from '../asl/index.ts';
import type { HttpInspection, TaskRunner } from '../integrations/index.ts';
import type { Clock, Entropy } from './clock.ts';
import { ServiceError } from './errors.ts';
import { Pacer } from './runner/pacer.ts';
import type { FanOutResult, StepCommands, Visit } from './runner/step-loop.ts';
import { runSteps } from './runner/step-loop.ts';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';
export type TestStateStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

export interface TestStateInput {
  readonly definition: string;
  readonly stateName?: string | undefined;
  readonly input?: string | undefined;
  readonly variables?: string | undefined;
  readonly context?: string | undefined;
  readonly inspectionLevel?: InspectionLevel | undefined;
  readonly mock?:
    | {
        readonly result?: string | undefined;
        readonly errorOutput?:
          { readonly error?: string | undefined; readonly cause?: string | undefined } | undefined;
      }
    | undefined;
  /** How many times the matching retrier already retried (stateConfiguration.retrierRetryCount). */
  readonly retrierRetryCount?: number | undefined;
  /** TRACE: show what an HTTP Task's connection adds to its request (hidden by default). */
  readonly revealSecrets?: boolean | undefined;
}

export interface TestStateResult {
  readonly status: TestStateStatus;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  /** DEBUG and TRACE only: each value as JSON text, as AWS sends it. */
  readonly inspectionData?: JsonObject;
}

export interface TestStateDeps {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly tasks: TaskRunner;
  readonly region: string;
  readonly account: string;
}

/** The name a lone state runs under, since a state definition carries no name of its own. */
const LONE_STATE = 'TestState';

const invalid = (message: string): ServiceError => new ServiceError('ValidationException', message);

/**
 * TestState: one state visit with the very step functions executions use (DESIGN.md decision 1),
 * its task performed (or mocked) and its error routed through Retry and Catch, without waiting and
 * without history (API reference, TestState).
 */
export async function testState(
  deps: TestStateDeps,
  request: TestStateInput,
  signal: AbortSignal,
): Promise<TestStateResult> {
  const { state, variables, context, input } = prepare(deps, request);
  const env: StepEnv = {
    context,
    enteredEventId: 0,
    now: deps.clock.now(),
    variable: (name) => variables[name],
    random: () => deps.entropy.random(),
    uuid: () => deps.entropy.uuid(),
  };
  const debug = (request.inspectionLevel ?? 'INFO') !== 'INFO';
  let result: Json | undefined;
  let http: HttpInspection | undefined;
  const finish = (
    r: Omit<TestStateResult, 'inspectionData'>,
    extra: { assigned?: JsonObject | undefined; errorDetails?: JsonObject } = {},
  ): TestStateResult => {
    if (!debug) return r;
    const data: JsonObject = { input: JSON.stringify(input) };
    for (const [stage, value] of Object.entries(inspectDataFlow(state, input, result, env))) {
      if (value !== undefined) data[stage] = JSON.stringify(value);
    }
    data.variables = JSON.stringify({ ...variables, ...extra.assigned });
    if (extra.errorDetails) data.errorDetails = extra.errorDetails;
    // TRACE adds the HTTP request and response of an HTTP Task (API reference, TestState).
    if (request.inspectionLevel === 'TRACE' && http) {
      data.request = { ...http.request };
      if (http.response) data.response = { ...http.response };
    }
    return { ...r, inspectionData: data };
  };
  const error = (d: { error: string; cause: string | undefined }): { error: string; cause?: string } => ({
    error: d.error,
    ...(d.cause !== undefined ? { cause: d.cause } : {}),
  });
  const work = async (decision: Work): Promise<Outcome> => {
    const outcome = await perform(deps, request, state, decision, context, signal);
    http = outcome.http;
    if (outcome.ok) result = outcome.output;
    return outcome;
  };
  // The same step loop as executions (runner/step-loop.ts), answered for one visit: the first
  // outcome is the result, nothing waits and nothing is recorded.
  const commands: StepCommands<TestStateResult> = {
    // One state: nothing to pace.
    pacer: Pacer.never,
    pace: () => undefined,
    enter: () => undefined,
    interrupted: () => undefined,
    exit: (_visit, decision) =>
      finish(
        {
          status: 'SUCCEEDED',
          output: JSON.stringify(decision.output),
          ...(decision.next !== null ? { nextState: decision.next } : {}),
        },
        { assigned: decision.assigned },
      ),
    fail: (_visit, decision) =>
      finish({
        status: 'FAILED',
        ...(decision.error !== undefined ? { error: decision.error } : {}),
        ...(decision.cause !== undefined ? { cause: decision.cause } : {}),
      }),
    failing: () => {},
    retry: (_visit, decision, recovery) => {
      const errorDetails = {
        retryIndex: recovery.retrier,
        retryBackoffIntervalSeconds: Math.round(recovery.delayMs / 1000),
      };
      return finish({ status: 'RETRIABLE', ...error(decision) }, { errorDetails });
    },
    reenter: (visit) => visit.env,
    caught: (_visit, decision, recovery) =>
      finish(
        {
          status: 'CAUGHT_ERROR',
          ...error(decision),
          output: JSON.stringify(recovery.output),
          nextState: recovery.next,
        },
        { assigned: recovery.assigned },
      ),
    uncaught: (_visit, decision) => finish({ status: 'FAILED', ...error(decision) }),
    // TestState does not wait (API reference): the Wait state's outcome is immediate.
    wait: () => undefined,
    task: (_visit, decision) => work(decision),
    // A mock or a resource refused (ValidationException, InvalidExecutionInput) is the call's answer.
    taskRejected: (error) => {
      throw error;
    },
    taskAnswered: (_visit, result) => result,
    parallel: async (_visit, decision) => fanOut(await work(decision)),
    map: async (_visit, decision) => fanOut(await work(decision)),
    mapped: () => {},
  };
  const retriers = 'retry' in state ? state.retry.length : 0;
  const visit: Visit = {
    state,
    input,
    env,
    decision: { kind: 'fail', error: undefined, cause: undefined },
    attempts: new Array<number>(retriers).fill(request.retrierRetryCount ?? 0),
    retryCount: request.retrierRetryCount ?? 0,
    failedEvent: undefined,
  };
  return runSteps(commands, visit, state.name);
}

/** A mocked Parallel or Map result: its array is the branches' or iterations' outputs. */
function fanOut(outcome: Outcome): FanOutResult {
  return outcome.ok ? { ok: true, outputs: outcome.output as Json[] } : outcome;
}

type Work = Extract<Decision, { kind: 'task' | 'parallel' | 'map' }>;

type Outcome = ({ ok: true; output: Json } | { ok: false; error: string; cause: string | undefined }) & {
  http?: HttpInspection | undefined;
};

/**
 * The work of a Task, Parallel or Map state: the mock when one is given, else the task itself.
 * Parallel and Map need a mock, as do activities, callbacks and `.sync` jobs, which would wait
 * on the world (API reference, TestState mocks).
 */
async function perform(
  deps: TestStateDeps,
  request: TestStateInput,
  state: State,
  decision: Extract<Decision, { kind: 'task' | 'parallel' | 'map' }>,
  context: JsonObject,
  signal: AbortSignal,
): Promise<Outcome> {
  const mock = request.mock;
  if (mock?.errorOutput) {
    return { ok: false, error: mock.errorOutput.error ?? '', cause: mock.errorOutput.cause };
  }
  if (mock?.result !== undefined) {
    const output = parseJson(mock.result, 'mock.result');
    if (decision.kind !== 'task' && !Array.isArray(output)) {
      throw invalid(`The mock result of a ${state.type} state must be a JSON array`);
    }
    return { ok: true, output };
  }
  if (decision.kind !== 'task') throw invalid(`A mock is required to test a ${state.type} state`);
  const resource = decision.resource;
  if (state.type === 'Task' && state.task.waitsOnWorld) {
    throw invalid(`A mock is required to test a Task state with the resource '${resource}'`);
  }
  const result = await deps.tasks.run({
    resource,
    parameters: decision.parameters,
    timeoutSeconds: decision.timeoutSeconds,
    heartbeatSeconds: decision.heartbeatSeconds,
    visit: { context },
    signal,
    revealSecrets: request.revealSecrets,
  });
  return result.ok
    ? { ok: true, output: result.output, http: result.http }
    : { ok: false, error: result.error, cause: result.cause, http: result.http };
}

function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new ServiceError('InvalidExecutionInput', `Invalid ${what}: '${text}' is not valid JSON`);
  }
}

function parseObject(text: string | undefined, what: string): JsonObject {
  if (text === undefined) return {};
  const value = parseJson(text, what);
  if (!isJsonObject(value))
    throw new ServiceError('InvalidExecutionInput', `Invalid ${what}: a JSON object is expected`);
  return value;
}

/** The names a lone state may go to; TestState accepts them without the states existing. */
function targets(state: JsonObject): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
  };
  add(state['Next']);
  add(state['Default']);
  for (const list of [state['Choices'], state['Catch']]) {
    if (Array.isArray(list)) for (const item of list) if (isJsonObject(item)) add(item['Next']);
  }
  return out;
}

function prepare(
  deps: TestStateDeps,
  request: TestStateInput,
): { state: State; variables: JsonObject; context: JsonObject; input: Json } {
  const parsed = parseDefinitionText(request.definition);
  const definition = parsed.definition as Json;
  if (parsed.diagnostics.length > 0 || !isJsonObject(definition)) {
    const diagnostics =
      parsed.diagnostics.length > 0
        ? parsed.diagnostics
        : validateDefinition(definition, { type: 'STANDARD' });
    throw new ServiceError('InvalidDefinition', formatInvalidDefinition(diagnostics));
  }
  let machine: JsonObject;
  let name: string;
  const states = definition['States'];
  if (isJsonObject(states ?? null)) {
    // A whole state machine: the state to test is `stateName`, by default StartAt.
    machine = definition;
    const startAt = definition['StartAt'];
    name = request.stateName ?? (typeof startAt === 'string' ? startAt : '');
    if (!Object.hasOwn(states as JsonObject, name)) {
      throw invalid(`State '${name}' does not exist in the state machine definition`);
    }
  } else {
    name = LONE_STATE;
    const wrapped: JsonObject = { [name]: definition };
    for (const target of targets(definition)) if (!(target in wrapped)) wrapped[target] = { Type: 'Succeed' };
    machine = { StartAt: name, States: wrapped };
  }
  const errors = validateDefinition(machine, { type: 'STANDARD' }).filter((d) => d.severity === 'ERROR');
  if (errors.length > 0) throw new ServiceError('InvalidDefinition', formatInvalidDefinition(errors));
  const state = compileMachine(machine).states.get(name);
  if (!state) throw invalid(`State '${name}' does not exist in the state machine definition`);
  const input = parseJson(request.input ?? '{}', 'input');
  // The context object of a one-state run; `context` in the request overrides its parts.
  const now = new Date(deps.clock.now()).toISOString();
  const prefix = `arn:aws:states:${deps.region}:${deps.account}`;
  const context: JsonObject = {
    Execution: {
      Id: `${prefix}:execution:TestStateMachine:TestExecution`,
      Input: input,
      Name: 'TestExecution',
      StartTime: now,
    },
    StateMachine: { Id: `${prefix}:stateMachine:TestStateMachine`, Name: 'TestStateMachine' },
    State: { Name: name, EnteredTime: now, RetryCount: request.retrierRetryCount ?? 0 },
    ...parseObject(request.context, 'context'),
  };
  return { state, variables: parseObject(request.variables, 'variables'), context, input };
}
