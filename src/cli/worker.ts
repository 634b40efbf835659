import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ActivityHandler } from '../client/index.ts';
import { runActivityWorker } from '../client/index.ts';
import { DEFAULTS } from '../config/index.ts';

/** `stepwise worker`: runs an activity worker whose handler is a module's `handler` export. */
export async function workerCommand(flags: {
  activity?: string | undefined;
  handler?: string | undefined;
  endpoint?: string | undefined;
  'worker-name'?: string | undefined;
  'max-tasks'?: string | undefined;
}): Promise<number> {
  if (!flags.activity || !flags.handler) {
    process.stderr.write('stepwise worker: --activity ARN and --handler FILE are required\n');
    return 2;
  }
  const mod = (await import(pathToFileURL(resolve(flags.handler)).href)) as {
    handler?: ActivityHandler;
    default?: ActivityHandler;
  };
  const handler = mod.handler ?? mod.default;
  if (typeof handler !== 'function') {
    process.stderr.write(`stepwise worker: ${flags.handler} exports no 'handler' function\n`);
    return 2;
  }
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  await runActivityWorker({
    endpoint: flags.endpoint ?? `http://localhost:${DEFAULTS.port}`,
    activityArn: flags.activity,
    handler,
    ...(flags['worker-name'] ? { workerName: flags['worker-name'] } : {}),
    ...(flags['max-tasks'] ? { maxTasks: Number(flags['max-tasks']) } : {}),
    signal: abort.signal,
    onLateAnswer: (e) => process.stderr.write(`stepwise worker: answer too late: ${e.message}\n`),
  });
  return 0;
}
