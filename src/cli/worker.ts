import type { ActivityHandler } from '../client/index.ts';
import { runActivityWorker } from '../client/index.ts';
import { DEFAULTS, importUserModule } from '../server/index.ts';
import { CliError, reachServer, wholeNumber } from './cli-error.ts';

const short = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

/** `stepwise worker`: runs an activity worker whose handler is a module's `handler` export. */
export async function workerCommand(flags: {
  activity?: string | undefined;
  handler?: string | undefined;
  endpoint?: string | undefined;
  'worker-name'?: string | undefined;
  'max-tasks'?: string | undefined;
}): Promise<number> {
  if (!flags.activity || !flags.handler) {
    throw new CliError('--activity ARN and --handler FILE are required (stepwise worker --help)');
  }
  const maxTasks = wholeNumber('--max-tasks', flags['max-tasks'], 1, Number.MAX_SAFE_INTEGER);
  const mod = (await importUserModule(flags.handler, 'activity handler module')) as {
    handler?: ActivityHandler;
    default?: ActivityHandler;
  };
  const handler = mod.handler ?? mod.default;
  if (typeof handler !== 'function') {
    throw new CliError(
      `${flags.handler} exports no 'handler' function: add \`export async function handler(input, { heartbeat }) { … }\``,
    );
  }
  const endpoint = flags.endpoint ?? `http://localhost:${DEFAULTS.port}`;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  process.stdout.write(`Polling ${flags.activity} at ${endpoint} (Ctrl-C stops)\n`);
  const done = await reachServer(endpoint, () =>
    runActivityWorker({
      endpoint,
      activityArn: flags.activity ?? '',
      handler,
      ...(flags['worker-name'] ? { workerName: flags['worker-name'] } : {}),
      ...(maxTasks ? { maxTasks } : {}),
      signal: abort.signal,
      onAnswer: (action, answer) => {
        const what =
          action === 'SendTaskSuccess'
            ? `succeeded: ${short(String(answer['output']))}`
            : `failed: ${String(answer['error'])}: ${short(String(answer['cause']))}`;
        process.stdout.write(`Task ${what} (${action})\n`);
      },
      onLateAnswer: (e) => process.stderr.write(`stepwise worker: answer too late: ${e.message}\n`),
    }),
  );
  process.stdout.write(`Stopped after ${done} task(s)\n`);
  return 0;
}
