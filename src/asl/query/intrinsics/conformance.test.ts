// Replays the recorded AWS results of shared/conformance/cases/intrinsic_functions that are
// a single JSONPath Pass state with Parameters: each `.$` field is evaluated here and the state's
// output compared with what AWS produced.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sharedPath } from '../../../test-support/shared.ts';
import { AslFailure } from '../../errors/failure.ts';
import { isJsonObject, type Json, type JsonObject } from '../../json.ts';
import { compilePath } from '../jsonpath/index.ts';
import { fixtureScope } from '../scope-fixture.ts';
import { compileIntrinsic, isIntrinsicCall } from './index.ts';

const CASES = sharedPath('conformance', 'cases', 'intrinsic_functions');
const SM_NAME = 'sm_conformance';
const EXEC_NAME = 'exec_conformance';
const SM_ARN = `arn:aws:states:us-east-1:123456789012:stateMachine:${SM_NAME}`;

interface Case {
  readonly id: string;
  readonly features: readonly string[];
  readonly definition: { readonly States: Record<string, JsonObject> };
  readonly input: Json;
  readonly expect: {
    readonly status: string;
    readonly output?: Json;
    readonly error?: string;
    readonly cause?: string;
  };
}

const PLACEHOLDERS: Record<string, string> = {
  'sm-name': SM_NAME,
  'exec-name': EXEC_NAME,
  partition: 'aws',
  region: 'us-east-1',
  account: '123456789012',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  any: '.*',
};

/** Compares like the conformance runner: placeholders are wildcards, key order is ignored. */
function matches(actual: Json | undefined, expected: Json): boolean {
  if (expected === '<<any>>') return actual !== undefined;
  if (typeof expected === 'string' && expected.includes('<<')) {
    const pattern = expected
      .split(/(<<[a-z-]+>>)/)
      .map((part) => {
        const name = /^<<([a-z-]+)>>$/.exec(part)?.[1];
        return name === undefined
          ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          : (PLACEHOLDERS[name] ?? '.*');
      })
      .join('');
    return typeof actual === 'string' && new RegExp(`^${pattern}$`).test(actual);
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(actual[i], e))
    );
  }
  if (isJsonObject(expected)) {
    return (
      isJsonObject(actual) &&
      Object.keys(actual).length === Object.keys(expected).length &&
      Object.entries(expected).every(([key, e]) => matches(actual[key], e))
    );
  }
  return actual === expected;
}

/** The Pass state's Parameters, then ResultPath (`$.name` only) and OutputPath. */
function runPass(state: JsonObject, input: Json): Json | undefined {
  const context: Json = {
    Execution: {
      Id: `arn:aws:states:us-east-1:123456789012:execution:${SM_NAME}:${EXEC_NAME}`,
      Input: input,
      Name: EXEC_NAME,
    },
    StateMachine: { Id: SM_ARN, Name: SM_NAME },
  };
  const scope = fixtureScope(input, { context });
  const parameters = state.Parameters;
  assert.ok(isJsonObject(parameters));
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      result[key.slice(0, -2)] = isIntrinsicCall(value)
        ? compileIntrinsic(value)(scope)
        : (compilePath(value).select(scope) ?? null);
    } else {
      result[key] = value;
    }
  }
  let output: Json = result;
  if (typeof state.ResultPath === 'string') {
    assert.ok(isJsonObject(input) && /^\$\.\w+$/.test(state.ResultPath));
    output = { ...input, [state.ResultPath.slice(2)]: result };
  }
  if (typeof state.OutputPath === 'string')
    return compilePath(state.OutputPath).select(fixtureScope(output, { context }));
  return output;
}

const cases = (CASES.skip ? [] : readdirSync(CASES.path))
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(CASES.path, file), 'utf8')) as Case)
  .filter((c) => !c.features.includes('jsonata') && !c.features.includes('assign'))
  .filter((c) => {
    const states = Object.values(c.definition.States);
    return states.length === 1 && states[0]?.Type === 'Pass' && isJsonObject(states[0].Parameters);
  });

describe('intrinsic functions against recorded AWS results', { skip: CASES.skip }, () => {
  it('has cases to replay', () => assert.ok(cases.length >= 60, `only ${cases.length} cases`));

  for (const c of cases) {
    it(c.id, () => {
      const state = Object.values(c.definition.States)[0]!;
      if (c.expect.status === 'SUCCEEDED') {
        const output = runPass(state, c.input);
        assert.ok(
          matches(output, c.expect.output ?? null),
          `got ${JSON.stringify(output)}, AWS gave ${JSON.stringify(c.expect.output)}`,
        );
      } else {
        assert.throws(
          () => runPass(state, c.input),
          (error: unknown) =>
            error instanceof AslFailure &&
            error.error === c.expect.error &&
            (c.expect.cause?.endsWith(error.cause) ?? true),
        );
      }
    });
  }
});
