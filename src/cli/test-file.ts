import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Json, JsonObject } from '../asl/index.ts';
import { isJsonObject } from '../asl/index.ts';
import { parseJsonText } from '../server/index.ts';
import { CliError } from './cli-error.ts';

/** What one test expects of its execution; absent fields are not checked. */
export interface Expectation {
  readonly status?: string;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  /** The names of the states entered, in order. */
  readonly path?: readonly string[];
}

export interface TestDefinition {
  readonly name: string;
  /** A test case of the mock configuration (`StateMachines.<name>.TestCases.<testCase>`). */
  readonly testCase: string | undefined;
  /** The execution's name (a saved test keeps the original's, which `$$.Execution.Name` shows). */
  readonly executionName: string | undefined;
  /** When the execution starts, epoch ms (a saved test replays its original's start time). */
  readonly startTime: number | undefined;
  readonly input: Json;
  readonly expect: Expectation;
}

/**
 * A `stepwise test` file: the state machine (name + definition), its local functions, the
 * mocks (a Step Functions Local MockConfigFile, inline or by path) and the tests. Paths are
 * relative to the file.
 */
export interface TestFile {
  readonly stateMachineName: string;
  readonly definition: string;
  readonly functionModules: readonly string[];
  readonly mockConfig: Json | undefined;
  /**
   * Its distributed Maps' reads and writes, mocked per test case (a Stepwise extension beside
   * the MockConfigFile: docs/saved-tests-and-bulk.md).
   */
  readonly mapRunMocks: Json | undefined;
  readonly tests: readonly TestDefinition[];
}

const fail = (file: string, why: string): never => {
  throw new CliError(`${file}: ${why}`);
};

/** A JSON file; one that is missing or not JSON is named with what is wrong. */
function readJson(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail(path, (e as { code?: string }).code === 'ENOENT' ? 'not found' : String(e));
  }
  return parseJsonText(text, path) as Json;
}

function expectation(file: string, where: string, value: Json | undefined): Expectation {
  if (value === undefined) return {};
  if (!isJsonObject(value)) return fail(file, `${where}.expect must be an object`);
  const out: { -readonly [K in keyof Expectation]: Expectation[K] } = {};
  if (typeof value['status'] === 'string') out.status = value['status'];
  if ('output' in value) out.output = value['output'] ?? null;
  if (typeof value['error'] === 'string') out.error = value['error'];
  if (typeof value['cause'] === 'string') out.cause = value['cause'];
  const path = value['path'];
  if (Array.isArray(path)) out.path = path.map(String);
  // An expected output means success, an expected error failure, unless the status says otherwise.
  out.status ??= out.error !== undefined ? 'FAILED' : out.output !== undefined ? 'SUCCEEDED' : undefined;
  return out;
}

function startTimeOf(file: string, i: number, text: string): number {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? fail(file, `tests[${i}].startTime must be an ISO 8601 time`) : ms;
}

export function readTestFile(file: string): TestFile {
  const base = dirname(resolve(file));
  const raw = readJson(file);
  if (!isJsonObject(raw)) return fail(file, 'a test file is a JSON object');
  const sm: JsonObject = isJsonObject(raw['stateMachine']) ? raw['stateMachine'] : {};
  const definition = sm['definition'];
  const definitionText =
    typeof definition === 'string'
      ? readFileSync(resolve(base, definition), 'utf8')
      : isJsonObject(definition)
        ? JSON.stringify(definition)
        : fail(file, 'stateMachine.definition must be a file path or an object');
  const stateMachineName = typeof sm['name'] === 'string' ? sm['name'] : 'stepwise-test';
  const fns = raw['functions'];
  const functionModules = (Array.isArray(fns) ? fns : typeof fns === 'string' ? [fns] : []).map((f) =>
    resolve(base, typeof f === 'string' ? f : fail(file, 'functions must be file paths')),
  );
  const mocks = raw['mockConfig'];
  const mockConfig = typeof mocks === 'string' ? readJson(resolve(base, mocks)) : mocks;
  const mapRunMocks = raw['mapRunMocks'];
  if (mapRunMocks !== undefined && !isJsonObject(mapRunMocks)) fail(file, 'mapRunMocks must be an object');
  const list = Array.isArray(raw['tests']) ? raw['tests'] : fail(file, 'tests must be a list');
  const tests = list.map((t, i): TestDefinition => {
    if (!isJsonObject(t)) return fail(file, `tests[${i}] must be an object`);
    const testCase = typeof t['testCase'] === 'string' ? t['testCase'] : undefined;
    return {
      name: typeof t['name'] === 'string' ? t['name'] : (testCase ?? `test ${i + 1}`),
      testCase,
      executionName: typeof t['executionName'] === 'string' ? t['executionName'] : undefined,
      startTime: typeof t['startTime'] === 'string' ? startTimeOf(file, i, t['startTime']) : undefined,
      input: t['input'] ?? {},
      expect: expectation(file, `tests[${i}]`, t['expect']),
    };
  });
  return { stateMachineName, definition: definitionText, functionModules, mockConfig, mapRunMocks, tests };
}
