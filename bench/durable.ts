// Durable throughput, on SQLite and on PostgreSQL (a benchmark, not a test):
//
//   npm run bench:durable                       both stores (PostgreSQL if 127.0.0.1:5432 answers)
//   npm run bench:durable -- --only sqlite
//
// transitions: 200 executions of a 50-state Pass chain run at once on an in-process engine with
//   the store; timed from the first start until every event is committed. A state transition
//   is one state visit (StateEntered + StateExited: two history events, both committed).
// task steps: the same with Task states whose call completes on the next event-loop turn (as
//   quick I/O does), so executions advance over many turns and the group commit writes many
//   transactions; a Task transition writes four events (Entered, Scheduled, Started, Succeeded,
//   Exited: five).
// starts: a real HTTP server with the store; 32 clients each send StartExecution requests one
//   after the other (3,000 in all); each answer comes after its execution is committed.
// The same workloads without a store (memory) are shown for scale. Transitions and task steps are
// the median of 3 rounds after a warm-up round, in wall time and per CPU second of the process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS } from '../src/config/index.ts';
import { Engine } from '../src/engine/index.ts';
import type { TaskRunner } from '../src/integrations/index.ts';
import { startServer } from '../src/server/index.ts';
import type { Batch, Store } from '../src/store/index.ts';
import { openStore } from '../src/store/drivers.ts';
import { systemClock, systemEntropy } from '../src/server/index.ts';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';

const ROLE = 'arn:aws:iam::123456789012:role/bench';
const CHAIN = 50;
const EXECUTIONS = 200;
const CLIENTS = 32;
const STARTS = 3000;

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

function chain(length: number, state: object = { Type: 'Pass' }): string {
  const States: Record<string, object> = {};
  for (let i = 0; i < length; i++) {
    States[`S${i}`] = i + 1 < length ? { ...state, Next: `S${i + 1}` } : { ...state, End: true };
  }
  return JSON.stringify({ StartAt: 'S0', States });
}

// Any resource the validator accepts: the harness's task runner answers every Task the same.
const TASK = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:io' };

/** A task that completes on the next turn of the event loop, as a quick I/O call would. */
const ioTasks: TaskRunner = {
  run: (r) => new Promise((resolve) => setImmediate(() => resolve({ ok: true, output: r.parameters }))),
};

/** Counts commits and what they carried, around a real store. */
function counting(store: Store): { store: Store; commits: () => number; events: () => number } {
  let commits = 0;
  let events = 0;
  const count = (batch: Batch): void => {
    commits++;
    events += batch.events?.length ?? 0;
  };
  const commit = store.commit.bind(store);
  store.commit = (batch: Batch) => (count(batch), commit(batch));
  // SQLite writes through `apply` (the group commit then overlaps its sync with the next batch).
  const apply = store.apply?.bind(store);
  if (apply) Object.assign(store, { apply: (batch: Batch) => (count(batch), apply(batch)) });
  return { store, commits: () => commits, events: () => events };
}

let machines = 0;

/** Measured rounds of `transitions`, after one warm-up round: the median is reported. */
const ROUNDS = 3;

/**
 * Each round starts 200 executions of a new machine at once and times them until every event is
 * committed. A warm-up round first: one cold round (the JIT compiling the engine as it runs)
 * measured the compiler more than the engine, in memory where a round lasts a tenth of a second.
 */
async function transitions(store: Store | undefined, definition = chain(CHAIN)): Promise<string> {
  const counted = store && counting(store);
  const engine = new Engine({
    clock: systemClock,
    entropy: systemEntropy,
    tasks: ioTasks,
    region: 'us-east-1',
    account: '123456789012',
    ...(counted ? { store: counted.store } : {}),
  });
  const n = EXECUTIONS * CHAIN;
  const rounds: { seconds: number; cpu: number; events: number; commits: number }[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const sm = engine.createStateMachine({ name: `chain-${++machines}`, definition, roleArn: ROLE });
    await engine.flushed();
    const [events, commits] = [counted?.events() ?? 0, counted?.commits() ?? 0];
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const arns = Array.from(
      { length: EXECUTIONS },
      (_, i) => engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: `x${i}` }).executionArn,
    );
    await Promise.all(arns.map((a) => engine.waitForExecution(a)));
    await engine.flushed();
    const cpu = process.cpuUsage(c0);
    if (round === 0) continue;
    rounds.push({
      seconds: (performance.now() - t0) / 1000,
      cpu: (cpu.user + cpu.system) / 1e6,
      events: (counted?.events() ?? 0) - events,
      commits: (counted?.commits() ?? 0) - commits,
    });
  }
  const median = rounds.sort((a, b) => a.seconds - b.seconds)[Math.floor(rounds.length / 2)]!;
  const cpuMedian = rounds.map((r) => r.cpu).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
  const { seconds } = median;
  const extra = counted
    ? `, ${Math.round(median.events / seconds).toLocaleString('en')} events/s committed in ${median.commits} transactions`
    : '';
  return `${Math.round(n / seconds).toLocaleString('en')} transitions/s, ${Math.round(n / cpuMedian).toLocaleString('en')} per CPU second (median of ${ROUNDS} after a warm-up; ${n} in ${seconds.toFixed(2)} s${extra})`;
}

async function starts(store: string, dataDir: string): Promise<string> {
  const server = await startServer({
    ...DEFAULTS,
    port: 0,
    host: '127.0.0.1',
    examples: false,
    store,
    dataDir,
  });
  const call = async (action: string, body: object): Promise<void> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  try {
    await call('CreateStateMachine', { name: 'one', definition: chain(1), roleArn: ROLE });
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:one';
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < STARTS) await call('StartExecution', { stateMachineArn: arn, name: `s${next++}` });
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return `${Math.round(STARTS / seconds).toLocaleString('en')} executions started/s (${STARTS} by ${CLIENTS} HTTP clients in ${seconds.toFixed(2)} s)`;
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}; ${EXECUTIONS} executions x ${CHAIN} Pass states; ${STARTS} starts\n`);
  if (!only || only === 'memory') {
    console.log(`memory    transitions: ${await transitions(undefined)}`);
    console.log(`memory    task steps:  ${await transitions(undefined, chain(CHAIN, TASK))}`);
    console.log(`memory    starts:      ${await starts('memory', '.')}`);
  }
  if (!only || only === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-'));
    try {
      const store = await openStore({ store: 'sqlite', dataDir: join(dir, 'a') });
      console.log(`sqlite    transitions: ${await transitions(store)}`);
      console.log(`sqlite    task steps:  ${await transitions(store, chain(CHAIN, TASK))}`);
      await store.close();
      console.log(`sqlite    starts:      ${await starts('sqlite', join(dir, 'b'))}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!only || only === 'postgres') {
    const a = await createTestDatabase('bench');
    const b = await createTestDatabase('bench');
    if (!a || !b) {
      console.log('postgres  skipped: no PostgreSQL at 127.0.0.1:5432');
      return;
    }
    try {
      const store = await openStore({ store: a.url, dataDir: '.' });
      console.log(`postgres  transitions: ${await transitions(store)}`);
      console.log(`postgres  task steps:  ${await transitions(store, chain(CHAIN, TASK))}`);
      await store.close();
      console.log(`postgres  starts:      ${await starts(b.url, '.')}`);
    } finally {
      await a.drop();
      await b.drop();
    }
  }
}

await main();
