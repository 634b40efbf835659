import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { callApi } from '../client/index.ts';
import { DEFAULTS } from '../server/index.ts';
import { CliError, reachServer } from './cli-error.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * Adds a saved test to a test file that already holds tests of the same state machine (same name
 * and definition): its mocked responses and test case beside the others, its test replacing one
 * of the same test case. Undefined when the file holds another state machine.
 */
function merged(existing: Obj, saved: Obj): Obj | undefined {
  const machine = obj(saved['stateMachine']);
  if (!isDeepStrictEqual(obj(existing['stateMachine']), machine)) return undefined;
  const name = String(machine['name']);
  const [ours, theirs] = [obj(saved['mockConfig']), obj(existing['mockConfig'])];
  const cases = (m: Obj) => obj(obj(obj(m['StateMachines'])[name])['TestCases']);
  const test = (saved['tests'] as Obj[])[0]!;
  const tests = (Array.isArray(existing['tests']) ? (existing['tests'] as Obj[]) : []).filter(
    (t) => t['testCase'] !== test['testCase'],
  );
  const mapRuns = { ...obj(existing['mapRunMocks']), ...obj(saved['mapRunMocks']) };
  return {
    ...existing,
    ...(Object.keys(mapRuns).length > 0 ? { mapRunMocks: mapRuns } : {}),
    mockConfig: {
      ...theirs,
      StateMachines: {
        ...obj(theirs['StateMachines']),
        [name]: { TestCases: { ...cases(theirs), ...cases(ours) } },
      },
      MockedResponses: { ...obj(theirs['MockedResponses']), ...obj(ours['MockedResponses']) },
    },
    tests: [...tests, test],
  };
}

/**
 * `stepwise save-test ARN -o tests.json`: asks the server for the closed execution as a test
 * (SaveExecutionAsTest, a Stepwise extension) and writes it, or adds it to the file's tests.
 */
export async function saveTestCommand(
  args: string[],
  flags: { endpoint?: string | undefined; output?: string | undefined },
): Promise<number> {
  const [executionArn] = args;
  if (!executionArn) throw new CliError('an execution ARN is required (stepwise save-test --help)');
  const file = flags.output ?? 'tests.json';
  const endpoint = flags.endpoint ?? `http://localhost:${DEFAULTS.port}`;
  const answer = await reachServer(endpoint, () =>
    callApi(endpoint, 'SaveExecutionAsTest', { executionArn }),
  );
  const saved = obj(answer['testFile']);
  let out = saved;
  if (existsSync(file)) {
    const existing = merged(obj(JSON.parse(readFileSync(file, 'utf8'))), saved);
    if (!existing)
      throw new CliError(
        `${file} holds tests of another state machine (or definition); choose another -o file`,
      );
    out = existing;
  }
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  const test = (saved['tests'] as Obj[])[0]!;
  const mocked = Object.keys(obj(obj(saved['mockConfig'])['MockedResponses'])).length;
  process.stdout.write(
    `${file}: test '${String(test['testCase'])}' (${mocked} mocked task state${mocked === 1 ? '' : 's'}); run it with stepwise test ${file}\n`,
  );
  return 0;
}
