// The TestState request for one state of the design, and its inspection data in pipeline order
// (AWS: "Using TestState to test a state": DEBUG shows the value after each stage).
import type { JsonObject } from './json-edit.ts';
import { isObject, withKey } from './json-edit.ts';

export interface TestOptions {
  readonly input: string;
  /** A mocked result (JSON text) instead of running the task. */
  readonly mockResult?: string | undefined;
}

/** States TestState runs only with a mocked result (as on AWS): Map, Parallel, activities, .sync, callbacks. */
export function needsMock(state: JsonObject): boolean {
  if (state.Type === 'Map' || state.Type === 'Parallel') return true;
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  return /:activity:|\.sync(:\d+)?$|\.waitForTaskToken$/.test(resource);
}

/**
 * A lone state, so a test runs even while other states are unfinished; it keeps the query
 * language it has through the definition.
 */
export function testStateRequest(
  definition: JsonObject,
  state: JsonObject,
  options: TestOptions,
): JsonObject {
  const language = state.QueryLanguage ?? definition.QueryLanguage;
  const lone =
    language === 'JSONata' && state.QueryLanguage === undefined
      ? withKey(state, 'QueryLanguage', language)
      : state;
  return {
    definition: JSON.stringify(lone),
    input: options.input,
    inspectionLevel: 'DEBUG',
    ...(options.mockResult !== undefined ? { mock: { result: options.mockResult } } : {}),
  };
}

const STAGES = [
  'input',
  'afterInputPath',
  'afterParameters',
  'afterArguments',
  'result',
  'afterResultSelector',
  'afterResultPath',
  'output',
  'variables',
];

/** The inspection data's stages in the order the data flows through them, then any others. */
export function inspectionStages(data: unknown): { stage: string; value: string }[] {
  if (!isObject(data)) return [];
  const keys = [
    ...STAGES.filter((key) => key in data),
    ...Object.keys(data).filter((key) => !STAGES.includes(key)),
  ];
  return keys.map((stage) => {
    const value = data[stage];
    return { stage, value: typeof value === 'string' ? value : JSON.stringify(value) };
  });
}
