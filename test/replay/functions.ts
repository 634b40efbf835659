// Local Lambda functions of the replay scenarios (scenarios.ts), loaded by the runtime as a
// `--functions` module. Their answers depend only on their input and on `world`, which each
// scenario sets, so a recorded history and its replay in another process see the same results.
import type { Json, JsonObject } from '../../src/asl/index.ts';

/** What the scenarios set or read besides the functions' inputs. */
export const world: { repaired: boolean; tokens: string[]; calls: number } = {
  /** `fragile` fails until the scenario repairs it (before a redrive). */
  repaired: false,
  /** Task tokens `notify` was handed, in order (a callback's "outbox"). */
  tokens: [],
  /** Calls of any function (fork tests count the tasks run again). */
  calls: 0,
};

export function resetWorld(): void {
  world.repaired = false;
  world.tokens.length = 0;
  world.calls = 0;
}

/** An error whose trace names no file: the recorded cause is the same on every machine. */
const failure = (name: string, message: string): Error =>
  Object.assign(new Error(message), { name, stack: `${name}: ${message}` });

const field = (event: unknown, key: string): Json | undefined => (event as JsonObject)[key];

const defined: Record<string, (event: unknown) => Json> = {
  double: (event) => ({ n: Number(field(event, 'n')) * 2 }),
  /** Fails with Flaky on its first two attempts ($$.State.RetryCount 0 and 1). */
  flaky: (event) => {
    const attempt = Number(field(event, 'attempt'));
    if (attempt < 2) throw failure('Flaky', `attempt ${attempt} failed`);
    return { attempt };
  },
  boom: () => {
    throw failure('Boom', 'it broke');
  },
  fragile: (event) => {
    if (!world.repaired) throw failure('Broken', 'not repaired yet');
    return { n: field(event, 'n') ?? null, repaired: true };
  },
  notify: (event) => {
    const token = field(event, 'token');
    if (typeof token !== 'string') throw failure('NoToken', 'notify needs a token');
    world.tokens.push(token);
    return { queued: true };
  },
};

export const functions: Record<string, (event: unknown) => Json> = Object.fromEntries(
  Object.entries(defined).map(([name, fn]) => [
    name,
    (event: unknown) => {
      world.calls++;
      return fn(event);
    },
  ]),
);
