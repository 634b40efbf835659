// Durable timers (a benchmark, not a test): what a long Wait costs in memory when the execution
// is parked as a timer row versus held in memory, and how fast parked executions wake.
//
//   npm run bench:timers                 (SQLite in a temporary directory)
//   npm run bench:timers -- --count 2000
//
// memory: N executions enter a Wait of 300 days; the heap (after a full GC) is compared with the
//   same executions held in memory (parking switched off).
// wake-ups: N executions wait 2 s (parked after 1 s), then run three Pass states; timed from the
//   moment their timers fall due until all have succeeded (each one is read back from the store
//   and replayed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/engine/index.ts';
import type { TaskRunner } from '../src/integrations/index.ts';
import { openStore } from '../src/store/drivers.ts';
import { systemClock, systemEntropy } from '../src/server/index.ts';

const args = process.argv.slice(2);
const COUNT = args.includes('--count') ? Number(args[args.indexOf('--count') + 1]) : 5000;
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const NO_TASKS: TaskRunner = { run: () => Promise.resolve({ ok: true, output: null }) };

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npm run bench:timers does)');

function heapMiB(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withEngine<T>(parkAfterMs: number, work: (engine: Engine) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-timers-'));
  const store = await openStore({ store: 'sqlite', dataDir: dir });
  const engine = new Engine({
    clock: systemClock,
    entropy: systemEntropy,
    tasks: NO_TASKS,
    region: 'us-east-1',
    account: '123456789012',
    store,
    parkAfterMs,
  });
  try {
    return await work(engine);
  } finally {
    await engine.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function machine(engine: Engine, seconds: number): string {
  return engine.createStateMachine({
    name: `wait-${seconds}`,
    roleArn: ROLE,
    definition: JSON.stringify({
      StartAt: 'Nap',
      States: {
        Nap: { Type: 'Wait', Seconds: seconds, Next: 'A' },
        A: { Type: 'Pass', Next: 'B' },
        B: { Type: 'Pass', Next: 'C' },
        C: { Type: 'Pass', End: true },
      },
    }),
  }).stateMachineArn;
}

/** Heap held by COUNT executions waiting 300 days, parked or not. */
async function memory(park: boolean): Promise<number> {
  return withEngine(park ? 60_000 : Number.POSITIVE_INFINITY, async (engine) => {
    const arn = machine(engine, 300 * 24 * 3600);
    const before = heapMiB();
    for (let i = 0; i < COUNT; i++) engine.startExecution({ stateMachineArn: arn, input: `{"i":${i}}` });
    await engine.flushed();
    while (park && engine.residency().parked < COUNT) await sleep(20);
    await engine.flushed();
    return heapMiB() - before;
  });
}

/** Seconds from the timers falling due until every execution has succeeded. */
async function wakeUps(): Promise<number> {
  return withEngine(1000, async (engine) => {
    const arn = machine(engine, 2);
    const started = Date.now();
    const arns: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      arns.push(engine.startExecution({ stateMachineArn: arn, input: `{"i":${i}}` }).executionArn);
    }
    while (engine.residency().parked < COUNT && Date.now() - started < 1900) await sleep(10);
    const parked = engine.residency().parked;
    const due = started + 2000;
    await Promise.all(arns.map((a) => engine.waitForExecution(a)));
    const seconds = (Date.now() - due) / 1000;
    console.log(`  (${parked} of ${COUNT} were parked when their timers fell due)`);
    return seconds;
  });
}

console.log(`durable timers, ${COUNT} executions, SQLite`);
const held = await memory(false);
const parked = await memory(true);
console.log(
  `memory for ${COUNT} waits of 300 days: held ${held.toFixed(1)} MiB, parked ${parked.toFixed(1)} MiB`,
);
console.log(
  `  per execution: held ${((held * 1024) / COUNT).toFixed(2)} KiB, parked ${((parked * 1024) / COUNT).toFixed(2)} KiB`,
);
const seconds = await wakeUps();
console.log(
  `wake-ups: ${COUNT} parked executions resumed and finished in ${seconds.toFixed(2)} s (${Math.round(COUNT / seconds)}/s)`,
);
