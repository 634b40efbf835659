import { basename } from 'node:path';
import type { Json } from '../asl/index.ts';
import type { HistoryEvent, Runtime } from '../server/index.ts';
import {
  activityNames,
  createRuntime,
  didYouMean,
  loadSettings,
  readMockConfigFile,
  ServiceError,
} from '../server/index.ts';
import { CliError } from './cli-error.ts';
import { readDefinition, readInput } from './definition-file.ts';
import type { Answer, TokenWait } from './run-answers.ts';
import { askAnswer, waitsStartedBy } from './run-answers.ts';
import { traceLine } from './run-trace.ts';
import { diagnose, formatDiagnostic } from './validate.ts';
import { withBucketsDir } from './buckets-dir.ts';

interface RunFlags {
  input?: string | undefined;
  functions?: string[] | undefined;
  'mock-config'?: string | undefined;
  'test-case'?: string | undefined;
  name?: string | undefined;
  answer?: string[] | undefined;
  trace?: boolean | undefined;
  'buckets-dir'?: string | undefined;
}

const POLL_MS = 50;

/** The test cases of `name` in a mock configuration. */
function testCases(mockConfig: Json, name: string): string[] {
  const machines = (mockConfig as { StateMachines?: Record<string, { TestCases?: Record<string, unknown> }> })
    .StateMachines;
  return Object.keys(machines?.[name]?.TestCases ?? {});
}

/**
 * The state machine's name: --name, else the only one the mock configuration describes, else the
 * file's (`examples/x/definition.asl.json` is `x`).
 */
function machineName(file: string, flags: RunFlags, mockConfig: Json | undefined): string {
  if (flags.name) return flags.name;
  const described = Object.keys((mockConfig as { StateMachines?: object } | undefined)?.StateMachines ?? {});
  if (described.length === 1) return described[0]!;
  const base = basename(file).replace(/(\.asl)?\.json$/, '');
  const parent = basename(file.slice(0, Math.max(0, file.length - basename(file).length - 1)));
  const name = base === 'definition' && parent ? parent : base;
  return /^[A-Za-z0-9_-]{1,80}$/.test(name) ? name : 'stepwise-run';
}

function checkTestCase(flags: RunFlags, mockConfig: Json | undefined, name: string): string | undefined {
  const testCase = flags['test-case'];
  if (testCase === undefined) return undefined;
  if (mockConfig === undefined) {
    throw new CliError(
      '--test-case needs a mock configuration: --mock-config FILE (or integrations.mockConfigFile)',
    );
  }
  const known = testCases(mockConfig, name);
  if (known.includes(testCase)) return testCase;
  const near = didYouMean(testCase, known);
  throw new CliError(
    `the mock configuration has no test case '${testCase}' for state machine '${name}'` +
      (near
        ? `; did you mean '${near}'?`
        : known.length
          ? ` (it has: ${known.join(', ')})`
          : ' (give its name with --name)'),
  );
}

/** Why a failed execution failed, with what to do when it is a setup problem of `run`. */
function hint(error: string | undefined): string {
  if (error === 'Lambda.ResourceNotFoundException') {
    return (
      'hint: no local function has that name: give the module that exports it with --functions FILE, ' +
      'or define it under integrations.lambda.functions in stepwise.config.json\n'
    );
  }
  return '';
}

async function answerWait(runtime: Runtime, wait: TokenWait, answers: string[]): Promise<boolean> {
  let answer: Answer;
  const given = answers.shift();
  if (given !== undefined) answer = { output: given };
  else if (process.stdin.isTTY) answer = await askAnswer(wait);
  else return false;
  const control = runtime.engine.taskControl;
  if ('output' in answer) await control.sendTaskSuccess(wait.token, answer.output);
  else await control.sendTaskFailure(wait.token, answer.error, answer.cause);
  process.stderr.write(
    `answered '${wait.state}' (${wait.kind}) with ${'output' in answer ? answer.output : `failure ${answer.error}`}\n`,
  );
  return true;
}

/**
 * `stepwise run FILE`: runs one execution in memory with the configuration's functions and the
 * mocks asked for, printing the trace as it happens. Tasks that wait for a token are answered
 * from --answer or the terminal, since `run` serves no API that could receive SendTaskSuccess.
 */
export async function runCommand(files: string[], flags: RunFlags): Promise<number> {
  if (files.length !== 1) throw new CliError('give one definition file (stepwise run --help)');
  const file = files[0]!;
  const settings = withBucketsDir(loadSettings({}), flags['buckets-dir']);
  const definition = readDefinition(file);
  const diagnostics = diagnose(definition).filter((d) => d.severity === 'ERROR');
  if (diagnostics.length) {
    for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(file, d)}\n`);
    process.stderr.write(`${file}: not run: ${diagnostics.length} error(s) in the definition\n`);
    return 1;
  }
  const mockFile = flags['mock-config'] ?? settings.integrations?.mockConfigFile;
  const mockConfig = mockFile === undefined ? undefined : readMockConfigFile(mockFile);
  const name = machineName(file, flags, mockConfig);
  const testCase = checkTestCase(flags, mockConfig, name);
  const input = readInput(flags.input);
  const runtime = await createRuntime({
    ...settings,
    store: 'memory',
    functionModules: [...settings.functionModules, ...(flags.functions ?? [])],
    examples: false,
    integrations: { ...settings.integrations, ...(mockConfig === undefined ? {} : { mockConfig }) },
  });
  const { engine } = runtime;
  try {
    for (const activity of activityNames(definition)) engine.taskControl.createActivity(activity);
    const sm = engine.createStateMachine({
      name,
      definition,
      roleArn: `arn:aws:iam::${settings.account}:role/stepwise-run`,
    });
    const { executionArn } = engine.startExecution({
      stateMachineArn: testCase ? `${sm.stateMachineArn}#${testCase}` : sm.stateMachineArn,
      input,
    });
    const closed = engine.waitForExecution(executionArn);
    let finished = false;
    void closed.then(() => (finished = true));
    const answers = [...(flags.answer ?? [])];
    const answered = new Set<string>();
    let seen = 0;
    for (;;) {
      const events: readonly HistoryEvent[] = engine.getExecutionHistory(executionArn);
      for (; seen < events.length; seen++) {
        const e = events[seen]!;
        const line = flags.trace ? traceLine(e) : undefined;
        if (line) process.stderr.write(`${line}\n`);
        for (const wait of await waitsStartedBy(
          e,
          events,
          executionArn,
          engine,
          runtime.integrations,
          answered,
        )) {
          answered.add(wait.token);
          if (!(await answerWait(runtime, wait, answers))) {
            engine.stopExecution(executionArn, 'States.Runtime', 'no answer for a task token');
            throw new CliError(
              `state '${wait.state}' waits for a task token (${wait.kind}), which 'run' cannot receive (it serves no API): ` +
                `answer with --answer '<output JSON>' (repeatable), run it in a terminal to type the answer, or start it on 'stepwise serve'`,
              1,
            );
          }
        }
      }
      if (finished && seen >= engine.getExecutionHistory(executionArn).length) break;
      await Promise.race([closed, new Promise((r) => setTimeout(r, POLL_MS))]);
    }
    const result = await closed;
    if (result.status === 'SUCCEEDED') {
      process.stdout.write(`${result.output ?? 'null'}\n`);
      return 0;
    }
    process.stderr.write(
      `${result.status}${result.error ? `: ${result.error}` : ''}${result.cause ? `\n${result.cause}` : ''}\n${hint(result.error)}`,
    );
    return 1;
  } catch (e) {
    if (e instanceof ServiceError) throw new CliError(`${file}: ${e.code}: ${e.message}`, 1);
    throw e;
  } finally {
    await runtime.shutdown();
  }
}
