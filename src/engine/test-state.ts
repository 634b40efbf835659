import type { Decision, Json, JsonObject, State, StepEnv } from '../asl/index.ts';
import {
  afterMap,
  afterParallel,
  afterTask,
  compileMachine,
  enterState,
  formatInvalidDefinition,
  inspectDataFlow,
  isJsonObject,
  parseDefinitionText,
  recover,
  validateDefinition,
} from '../asl/index.ts';
import type { HttpInspection, TaskRunner } from '../integrations/index.ts';
import type { Clock, Entropy } from './clock.ts';
import { ServiceError } from './errors.ts';

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
  let decision: Decision = await enterState(state, input, env);
  for (;;) {
    switch (decision.kind) {
      case 'transition':
        return finish(
          {
            status: 'SUCCEEDED',
            output: JSON.stringify(decision.output),
            ...(decision.next !== null ? { nextState: decision.next } : {}),
          },
          { assigned: decision.assigned },
        );
      case 'wait':
        // TestState does not wait (API reference): the Wait state's outcome is immediate.
        decision = {
          kind: 'transition',
          output: decision.output,
          next: decision.next,
          assigned: decision.assigned,
        };
        continue;
      case 'fail':
        return finish({
          status: 'FAILED',
          ...(decision.error !== undefined ? { error: decision.error } : {}),
          ...(decision.cause !== undefined ? { cause: decision.cause } : {}),
        });
      case 'task':
      case 'parallel':
      case 'map': {
        const outcome = await perform(deps, request, state, decision, context, signal);
        http = outcome.http;
        if (outcome.ok) {
          result = outcome.output;
          decision = await after(state, input, outcome.output, env);
        } else decision = { kind: 'error', error: outcome.error, cause: outcome.cause };
        continue;
      }
      case 'error': {
        const error = { error: decision.error, cause: decision.cause };
        const retriers = 'retry' in state ? state.retry.length : 0;
        const attempts = new Array<number>(retriers).fill(request.retrierRetryCount ?? 0);
        const recovery = await recover(state, input, error, attempts, env);
        const failure = {
          error: decision.error,
          ...(decision.cause !== undefined ? { cause: decision.cause } : {}),
        };
        if (recovery.kind === 'retry') {
          const errorDetails = {
            retryIndex: recovery.retrier,
            retryBackoffIntervalSeconds: Math.round(recovery.delayMs / 1000),
          };
          return finish({ status: 'RETRIABLE', ...failure }, { errorDetails });
        }
        if (recovery.kind === 'catch') {
          return finish(
            {
              status: 'CAUGHT_ERROR',
              ...failure,
              output: JSON.stringify(recovery.output),
              nextState: recovery.next,
            },
            { assigned: recovery.assigned },
          );
        }
        return finish({ status: 'FAILED', ...failure });
      }
    }
  }
}

function after(state: State, input: Json, output: Json, env: StepEnv): Promise<Decision> | Decision {
  if (state.type === 'Task') return afterTask(state, input, output, env);
  if (state.type === 'Parallel') return afterParallel(state, input, output as Json[], env);
  if (state.type === 'Map') return afterMap(state, input, output as Json[], env);
  throw new Error(`no work to complete for a ${state.type} state`);
}

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
    context,
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
