import { callApi } from '../client/index.ts';
import { DEFAULTS } from '../server/index.ts';
import { CliError, reachServer, wholeNumber } from './cli-error.ts';
import { readInput } from './definition-file.ts';

export interface ForkFlags {
  readonly endpoint?: string | undefined;
  readonly 'from-event'?: string | undefined;
  readonly input?: string | undefined;
  readonly variables?: string | undefined;
  readonly version?: string | undefined;
  readonly latest?: boolean | undefined;
  readonly name?: string | undefined;
  readonly wait?: boolean | undefined;
}

/**
 * `stepwise fork ARN --from-event N`: a new execution that continues ARN's history from event N
 * (StartForkedExecution, a Stepwise extension), optionally with an edited input or variables, on
 * a version or the latest revision.
 */
export async function forkCommand(args: string[], flags: ForkFlags): Promise<number> {
  const [executionArn] = args;
  if (!executionArn) throw new CliError('an execution ARN is required (stepwise fork --help)');
  const eventId = wholeNumber('--from-event', flags['from-event'], 1, 1_000_000);
  if (eventId === undefined) throw new CliError('--from-event N is required: the event to continue from');
  const version = wholeNumber('--version', flags.version, 1, 1_000_000_000);
  if (version !== undefined && flags.latest) throw new CliError('give --version N or --latest, not both');
  // `…:express:MACHINE:NAME:ID`: forked from its log; neither it nor its fork can be described.
  const express = executionArn.split(':')[5] === 'express';
  if (express && flags.wait) {
    throw new CliError(
      '--wait cannot follow the fork of an Express execution: it is Express too, and its outcome is in its execution log',
    );
  }
  const endpoint = flags.endpoint ?? `http://localhost:${DEFAULTS.port}`;
  const call = (action: string, body: Record<string, unknown>) =>
    reachServer(endpoint, () => callApi(endpoint, action, body));
  let stateMachineArn: string | undefined;
  if (version !== undefined || flags.latest) {
    const base = express
      ? `${executionArn.split(':').slice(0, 5).join(':')}:stateMachine:${executionArn.split(':')[6] ?? ''}`
      : String((await call('DescribeExecution', { executionArn }))['stateMachineArn']);
    stateMachineArn = version === undefined ? base : `${base}:${version}`;
  }
  const started = await call('StartForkedExecution', {
    executionArn,
    eventId,
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.input === undefined ? {} : { input: readInput(flags.input) }),
    ...(flags.variables === undefined ? {} : { variables: readInput(flags.variables) }),
    ...(stateMachineArn === undefined ? {} : { stateMachineArn }),
  });
  const arn = String(started['executionArn']);
  process.stdout.write(`${arn}\n`);
  if (!flags.wait) return 0;
  for (;;) {
    const d = await call('DescribeExecution', { executionArn: arn });
    if (d['status'] !== 'RUNNING') {
      const text = (v: unknown): string => (typeof v === 'string' ? v : '');
      const what =
        d['status'] === 'SUCCEEDED' ? text(d['output']) : `${text(d['error'])} ${text(d['cause'])}`;
      process.stdout.write(`${String(d['status'])}: ${what.trim()}\n`);
      return d['status'] === 'SUCCEEDED' ? 0 : 1;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
