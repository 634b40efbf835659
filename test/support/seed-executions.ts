import type { Engine } from '../../src/engine/index.ts';
import { createRuntime, DEFAULTS } from '../../src/server/index.ts';

/**
 * Creates a state machine on a SQLite store in `dataDir` and runs one execution per input to its
 * end, in process (far faster than through a server); `then` may change the machine before the
 * runtime shuts down. What `then` returns is returned.
 */
export async function seedExecutions<T = void>(
  dataDir: string,
  machine: { readonly name: string; readonly definition: object },
  inputs: readonly object[],
  then?: (engine: Engine, stateMachineArn: string) => T,
): Promise<T | undefined> {
  const runtime = await createRuntime({
    ...DEFAULTS,
    store: 'sqlite',
    dataDir,
    functionModules: [],
    examples: false,
    integrations: {},
  });
  const { engine } = runtime;
  const { stateMachineArn } = engine.createStateMachine({
    name: machine.name,
    definition: JSON.stringify(machine.definition),
    roleArn: `arn:aws:iam::${DEFAULTS.account}:role/r`,
  });
  const arns: string[] = [];
  for (const [n, input] of inputs.entries()) {
    arns.push(engine.startExecution({ stateMachineArn, input: JSON.stringify(input) }).executionArn);
    // Commits in batches of a bounded size, however many are seeded.
    if (n % 500 === 499) await engine.flushed();
  }
  for (const arn of arns) await engine.waitForExecution(arn);
  const out = then?.(engine, stateMachineArn);
  await runtime.shutdown();
  return out;
}
