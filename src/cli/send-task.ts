import { callApi } from '../client/index.ts';
import { DEFAULTS } from '../config/index.ts';

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
  if (!taskToken) {
    process.stderr.write(`stepwise send-task-${kind}: a task token is required\n`);
    return 2;
  }
  const endpoint = flags.endpoint ?? `http://localhost:${DEFAULTS.port}`;
  try {
    if (kind === 'success') {
      await callApi(endpoint, 'SendTaskSuccess', { taskToken, output: a ?? '{}' });
    } else {
      await callApi(endpoint, 'SendTaskFailure', {
        taskToken,
        ...(a !== undefined ? { error: a } : {}),
        ...(b !== undefined ? { cause: b } : {}),
      });
    }
  } catch (e) {
    process.stderr.write(
      `stepwise send-task-${kind}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`,
    );
    return 1;
  }
  return 0;
}
