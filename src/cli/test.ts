import { isDeepStrictEqual } from 'node:util';
import type { Json } from '../asl/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../server/index.ts';
import { createRuntime, DEFAULTS, systemEntropy } from '../server/index.ts';
import { PinnedClock } from './pinned-clock.ts';
import type { Expectation } from './test-file.ts';
import { readTestFile } from './test-file.ts';
import { pathDivergence } from './path-divergence.ts';

const show = (v: unknown): string => JSON.stringify(v);

function enteredPath(events: readonly HistoryEvent[]): string[] {
  const names: string[] = [];
  for (const e of events) {
    const entered = e['stateEnteredEventDetails'];
    if (e.type.endsWith('StateEntered') && entered && typeof entered['name'] === 'string')
      names.push(entered['name']);
  }
  return names;
}

/** Every way the execution differs from what the test expects. */
function mismatches(expect: Expectation, record: ExecutionRecord, path: string[]): string[] {
  const out: string[] = [];
  // The path first: where a changed workflow went elsewhere explains the rest.
  if (expect.path !== undefined && !isDeepStrictEqual(path, expect.path)) {
    out.push(`path: ${pathDivergence(expect.path, path)}`);
    out.push(`  expected ${expect.path.join(' → ')}`, `  got      ${path.join(' → ')}`);
  }
  if (expect.status !== undefined && record.status !== expect.status) {
    const why = record.error ? ` (${record.error}${record.cause ? `: ${record.cause}` : ''})` : '';
    out.push(`status: expected ${expect.status}, got ${record.status}${why}`);
  }
  if (expect.output !== undefined) {
    const actual = record.output === undefined ? undefined : (JSON.parse(record.output) as Json);
    if (!isDeepStrictEqual(actual, expect.output)) {
      out.push(`output: expected ${show(expect.output)}, got ${record.output ?? 'none'}`);
    }
  }
  if (expect.error !== undefined && record.error !== expect.error) {
    out.push(`error: expected ${expect.error}, got ${record.error ?? 'none'}`);
  }
  if (expect.cause !== undefined && record.cause !== expect.cause) {
    out.push(`cause: expected ${show(expect.cause)}, got ${show(record.cause ?? null)}`);
  }
  return out;
}

/**
 * `stepwise test FILE…`: runs each file's tests in process (mocked responses selected per test
 * case, as `stateMachineArn#TestCase` does on Step Functions Local) and reports pass/fail.
 * Exit code 1 when any test fails — made for CI.
 */
export async function testCommand(files: string[]): Promise<number> {
  if (files.length === 0) {
    process.stderr.write('stepwise test: give one or more test files\n');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const spec = readTestFile(file);
    const clock = new PinnedClock();
    const runtime = await createRuntime(
      {
        ...DEFAULTS,
        store: 'memory',
        functionModules: spec.functionModules,
        examples: false,
        integrations: {
          ...(spec.mockConfig === undefined ? {} : { mockConfig: spec.mockConfig }),
          ...(spec.mapRunMocks === undefined ? {} : { mapRunMocks: spec.mapRunMocks }),
        },
      },
      { clock, entropy: systemEntropy },
    );
    const { engine } = runtime;
    const sm = engine.createStateMachine({
      name: spec.stateMachineName,
      definition: spec.definition,
      roleArn: `arn:aws:iam::${DEFAULTS.account}:role/stepwise-test`,
    });
    process.stdout.write(`${file}\n`);
    for (const test of spec.tests) {
      let problems: string[];
      try {
        clock.pin(test.startTime);
        const started = engine.startExecution({
          stateMachineArn: test.testCase ? `${sm.stateMachineArn}#${test.testCase}` : sm.stateMachineArn,
          input: JSON.stringify(test.input),
          ...(test.executionName === undefined ? {} : { name: test.executionName }),
        });
        const record = await engine.waitForExecution(started.executionArn);
        problems = mismatches(
          test.expect,
          record,
          enteredPath(engine.getExecutionHistory(record.executionArn)),
        );
      } catch (e) {
        problems = [e instanceof Error ? e.message : String(e)];
      }
      if (problems.length === 0) {
        passed++;
        process.stdout.write(`  ✔ ${test.name}\n`);
      } else {
        failed++;
        process.stdout.write(`  ✖ ${test.name}\n${problems.map((p) => `      ${p}\n`).join('')}`);
      }
    }
    // Its triggers (the schedule runner, the webhook outbox) would keep the process alive.
    await runtime.shutdown();
  }
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
