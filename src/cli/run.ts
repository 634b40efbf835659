import { ServiceError } from '../engine/index.ts';
import type { HistoryEvent } from '../engine/index.ts';
import { createRuntime } from '../runtime.ts';
import { DEFAULTS } from '../config/index.ts';
import { readDefinition, readInput } from './definition-file.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function traceLine(e: HistoryEvent): string | undefined {
  const entered = e['stateEnteredEventDetails'];
  if (entered) return `→ ${text(entered['name'])}  input: ${text(entered['input'])}`;
  const exited = e['stateExitedEventDetails'];
  if (exited) return `← ${text(exited['name'])}  output: ${text(exited['output'])}`;
  for (const [key, value] of Object.entries(e) as [string, Record<string, unknown> | undefined][]) {
    if (key.endsWith('EventDetails') && value && 'error' in value) {
      return `✗ ${e.type}  ${text(value['error'])}${value['cause'] ? `: ${text(value['cause'])}` : ''}`;
    }
  }
  return undefined;
}

export async function runCommand(
  file: string | undefined,
  flags: { input?: string | undefined; functions?: string[] | undefined; trace?: boolean | undefined },
): Promise<number> {
  const runtime = await createRuntime({
    ...DEFAULTS,
    store: 'memory',
    functionModules: flags.functions ?? [],
    examples: false,
  });
  const { engine } = runtime;
  try {
    const sm = engine.createStateMachine({
      name: 'stepwise-run',
      definition: readDefinition(file),
      roleArn: `arn:aws:iam::${DEFAULTS.account}:role/stepwise-run`,
    });
    const started = engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      input: readInput(flags.input),
    });
    const result = await engine.waitForExecution(started.executionArn);
    if (flags.trace) {
      for (const e of engine.getExecutionHistory(result.executionArn)) {
        const line = traceLine(e);
        if (line) process.stderr.write(`${line}\n`);
      }
    }
    if (result.status === 'SUCCEEDED') {
      process.stdout.write(`${result.output ?? 'null'}\n`);
      return 0;
    }
    process.stderr.write(
      `${result.status}${result.error ? `: ${result.error}` : ''}${result.cause ? `\n${result.cause}` : ''}\n`,
    );
    return 1;
  } catch (e) {
    if (e instanceof ServiceError) {
      process.stderr.write(`${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
