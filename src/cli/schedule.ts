import { DEFAULTS } from '../server/index.ts';
import { CliError, reachServer } from './cli-error.ts';

export interface ScheduleFlags {
  readonly endpoint?: string | undefined;
  readonly expression?: string | undefined;
  readonly 'state-machine'?: string | undefined;
  readonly timezone?: string | undefined;
  readonly input?: string | undefined;
  readonly group?: string | undefined;
  readonly 'flexible-window'?: string | undefined;
  readonly disabled?: boolean | undefined;
}

/** The body of CreateSchedule / UpdateSchedule from the flags. */
function settings(flags: ScheduleFlags): Record<string, unknown> {
  const expression = flags.expression;
  const machine = flags['state-machine'];
  if (!expression || !machine)
    throw new CliError('--expression and --state-machine are required (stepwise schedule --help)');
  const arn = machine.startsWith('arn:')
    ? machine
    : `arn:aws:states:${DEFAULTS.region}:${DEFAULTS.account}:stateMachine:${machine}`;
  const window = flags['flexible-window'];
  return {
    ScheduleExpression: expression,
    ...(flags.timezone ? { ScheduleExpressionTimezone: flags.timezone } : {}),
    ...(flags.group ? { GroupName: flags.group } : {}),
    FlexibleTimeWindow: window
      ? { Mode: 'FLEXIBLE', MaximumWindowInMinutes: Number(window) }
      : { Mode: 'OFF' },
    State: flags.disabled ? 'DISABLED' : 'ENABLED',
    Target: {
      Arn: arn,
      RoleArn: `arn:aws:iam::${DEFAULTS.account}:role/stepwise-scheduler`,
      ...(flags.input ? { Input: flags.input } : {}),
    },
  };
}

/**
 * `stepwise schedule create|update|get|list|delete`: manage a running server's schedules through
 * its EventBridge Scheduler-style API (/schedules), and print its answers as JSON.
 */
export async function scheduleCommand(args: string[], flags: ScheduleFlags): Promise<number> {
  const [verb, name] = args;
  const endpoint = flags.endpoint ?? `http://localhost:${DEFAULTS.port}`;
  const group = flags.group ? `?groupName=${encodeURIComponent(flags.group)}` : '';
  const path = name ? `/schedules/${encodeURIComponent(name)}` : '';
  const needName = (): void => {
    if (!name) throw new CliError(`a schedule name is required: stepwise schedule ${verb} <name>`);
  };
  let request: { method: string; url: string; body?: string };
  switch (verb) {
    case 'create':
    case 'update':
      needName();
      request = {
        method: verb === 'create' ? 'POST' : 'PUT',
        url: path,
        body: JSON.stringify(settings(flags)),
      };
      break;
    case 'get':
    case 'delete':
      needName();
      request = { method: verb === 'get' ? 'GET' : 'DELETE', url: `${path}${group}` };
      break;
    case 'list':
      request = {
        method: 'GET',
        url: `/schedules${flags.group ? `?ScheduleGroup=${encodeURIComponent(flags.group)}` : ''}`,
      };
      break;
    default:
      throw new CliError(
        `expected create, update, get, list or delete (stepwise schedule --help), got '${verb ?? ''}'`,
      );
  }
  const res = await reachServer(endpoint, () =>
    fetch(`${endpoint}${request.url}`, {
      method: request.method,
      headers: { 'Content-Type': 'application/json' },
      ...(request.body === undefined ? {} : { body: request.body }),
    }),
  );
  const answer = (await res.json()) as Record<string, unknown>;
  // Exit 1: the server refused the request (2 is for a wrong command line).
  if (!res.ok)
    throw new CliError(
      `${res.headers.get('x-amzn-errortype') ?? res.status}: ${String(answer['Message'])}`,
      1,
    );
  process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  return 0;
}
