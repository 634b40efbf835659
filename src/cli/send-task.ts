import { callApi } from '../client/index.ts';
import { DEFAULTS } from '../server/index.ts';
import { CliError, reachServer } from './cli-error.ts';

/**
 * `stepwise send-task-success TOKEN [OUTPUT]` and `stepwise send-task-failure TOKEN [ERROR] [CAUSE]`:
 * answer a waiting task (an approval, a callback) from the command line.
 */
export async function sendTaskCommand(
  kind: 'success' | 'failure',
  args: string[],
  flags: { endpoint?: string | undefined },
): Promise<number> {
  const [taskToken, a, b] = args;
  if (!taskToken) throw new CliError(`a task token is required (stepwise send-task-${kind} --help)`);
  const endpoint = flags.endpoint ?? `http://localhost:${DEFAULTS.port}`;
  if (kind === 'success') {
    const output = a ?? '{}';
    await reachServer(endpoint, () => callApi(endpoint, 'SendTaskSuccess', { taskToken, output }));
    process.stdout.write(`SendTaskSuccess sent to ${endpoint}: the task continues with ${output}\n`);
  } else {
    await reachServer(endpoint, () =>
      callApi(endpoint, 'SendTaskFailure', {
        taskToken,
        ...(a !== undefined ? { error: a } : {}),
        ...(b !== undefined ? { cause: b } : {}),
      }),
    );
    process.stdout.write(
      `SendTaskFailure sent to ${endpoint}: the task fails with ${a ?? '(no error name)'}${b ? `: ${b}` : ''}\n`,
    );
  }
  return 0;
}
