// Recording and resuming the replay fixtures. A fixture is what the store held when the server
// stopped (its documents, execution rows, history events and timers, as the store keeps them),
// and what resuming it in a new runtime gave: each execution's final record and full history.
// Both runs are a real runtime (createRuntime, SQLite in a temporary directory) on virtual time
// with deterministic ids, so a resumed fixture gives the same events, ids and timestamps.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json, JsonObject } from '../../src/asl/index.ts';
import type { HistoryEvent } from '../../src/engine/index.ts';
import type { Runtime } from '../../src/server/index.ts';
import { createRuntime } from '../../src/server/index.ts';
import type {
  DocumentKind,
  DocumentRow,
  EventRow,
  ExecutionRow,
  Store,
  TimerRow,
} from '../../src/store/index.ts';
import { openStore } from '../../src/store/drivers.ts';
import { CountingEntropy, VirtualClock } from '../../src/test-support/engine-harness.ts';
import { resetWorld } from './functions.ts';
import type { Scenario } from './scenarios.ts';
import { ACCOUNT, REGION } from './scenarios.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
const FUNCTIONS = join(import.meta.dirname, 'functions.ts');
/** When every first run starts. */
const T0 = Date.UTC(2025, 0, 1, 9, 0, 0);
/** How long the server stays down between the pause and the restart. */
const DOWN_MS = 1_000;
/** The execution each scenario starts. */
const EXECUTION_NAME = 'replay';

/** What a store holds, as it keeps it. */
export interface Snapshot {
  readonly documents: readonly DocumentRow[];
  readonly executions: readonly ExecutionRow[];
  readonly events: readonly EventRow[];
  readonly timers: readonly TimerRow[];
}

/** How one execution ended after the restart. */
export interface Outcome {
  readonly executionArn: string;
  readonly status: string;
  readonly output?: string | undefined;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
  readonly history: readonly HistoryEvent[];
}

export interface Fixture {
  readonly scenario: string;
  readonly description: string;
  /** The machines and input (as in the store's documents; here to be read). */
  readonly machines: Readonly<Record<string, JsonObject>>;
  readonly input: Json;
  /** Virtual time of the pause and of the restart (epoch ms). */
  readonly pausedAt: number;
  readonly resumedAt: number;
  /** The store at the pause. */
  readonly store: Snapshot;
  /** Every execution of the store after the resumed run, by ARN. */
  readonly expected: readonly Outcome[];
}

/**
 * The request ids of integration responses (a Lambda's x-amzn-RequestId, …): the integrations draw
 * them at random, as AWS's services do, and nothing replays them (a re-run task gets a new one).
 * Fixtures keep them as `request-id`; the engine's own ids come from counting entropy instead.
 */
const REQUEST_ID =
  /(?!00000000-0000-4000-8000-)[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;

function withoutRequestIds<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(REQUEST_ID, 'request-id')) as T;
}

const KINDS: readonly DocumentKind[] = [
  'stateMachine',
  'stateMachineRevision',
  'stateMachineVersion',
  'stateMachineAlias',
  'tags',
  'activity',
  'taskToken',
];

async function snapshot(store: Store): Promise<Snapshot> {
  const documents: DocumentRow[] = [];
  for (const kind of KINDS) documents.push(...(await store.listDocuments(kind)));
  const executions = (await store.listExecutions()).sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const events: EventRow[] = [];
  for (const x of executions) events.push(...(await store.getHistory(x.arn)));
  const timers = await store.dueTimers(Number.MAX_SAFE_INTEGER, 1_000_000);
  return withoutRequestIds({ documents, executions, events, timers });
}

/** A runtime as `stepwise serve` composes it, on SQLite in `dir`, on virtual time. */
export function runtimeOn(dir: string, clock: VirtualClock): Promise<Runtime> {
  return createRuntime(
    {
      region: REGION,
      account: ACCOUNT,
      functionModules: [FUNCTIONS],
      examples: false,
      integrations: {},
      store: 'sqlite',
      dataDir: dir,
    },
    { clock, entropy: new CountingEntropy() },
  );
}

/** Runs `body` with an empty SQLite store directory holding `seed`, removed afterwards. */
export async function withDirectory<T>(
  seed: Partial<Snapshot>,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-replay-'));
  try {
    const store = await openStore({ store: 'sqlite', dataDir: dir });
    await store.commit(seed);
    await store.close();
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Restarts on the fixture's store: recovery resumes its open executions, `finish` plays the
 * outside world's part, and virtual time runs until every one has closed.
 */
export function resume(
  scenario: Scenario,
  fixture: Pick<Fixture, 'store' | 'resumedAt'>,
): Promise<Outcome[]> {
  resetWorld();
  return withDirectory(fixture.store, async (dir) => {
    const clock = new VirtualClock(fixture.resumedAt);
    const runtime = await runtimeOn(dir, clock);
    try {
      const { engine } = runtime;
      const open = fixture.store.executions.filter((x) => x.status === 'RUNNING').map((x) => x.arn);
      const stage = { runtime, clock, executionArn: mainExecution(scenario) };
      await clock.runUntil(
        Promise.all([scenario.finish?.(stage), ...open.map((arn) => engine.waitForExecution(arn))]),
      );
      await engine.flushed();
      const store = runtime.store;
      if (!store) throw new Error('the runtime has no store');
      const outcomes: Outcome[] = [];
      for (const x of (await store.listExecutions()).sort((a, b) => (a.arn < b.arn ? -1 : 1))) {
        const r = engine.describeExecution(x.arn);
        outcomes.push({
          executionArn: x.arn,
          status: r.status,
          output: r.output,
          error: r.error,
          cause: r.cause,
          history: (await store.getHistory(x.arn)).map((e) => e.data as unknown as HistoryEvent),
        });
      }
      return withoutRequestIds(outcomes);
    } finally {
      await runtime.shutdown();
    }
  });
}

function mainExecution(scenario: Scenario): string {
  const machine = Object.keys(scenario.machines)[0];
  return `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine}:${EXECUTION_NAME}`;
}

/** Runs a scenario to its pause, keeps the store, resumes it: a new fixture. */
export function record(scenario: Scenario): Promise<Fixture> {
  resetWorld();
  const activities = (scenario.activities ?? []).map((name) => {
    const activityArn = `arn:aws:states:${REGION}:${ACCOUNT}:activity:${name}`;
    return {
      kind: 'activity' as const,
      key: activityArn,
      parent: '',
      data: { activityArn, name, creationDate: T0 },
    };
  });
  return withDirectory({ documents: activities }, async (dir) => {
    const clock = new VirtualClock(T0);
    const runtime = await runtimeOn(dir, clock);
    let pausedAt: number;
    try {
      const { engine } = runtime;
      const names = Object.keys(scenario.machines);
      for (const name of [...names].reverse()) {
        engine.createStateMachine({
          name,
          definition: JSON.stringify(scenario.machines[name]),
          roleArn: `arn:aws:iam::${ACCOUNT}:role/replay`,
        });
      }
      const executionArn = mainExecution(scenario);
      engine.startExecution({
        stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${names[0]}`,
        name: EXECUTION_NAME,
        input: JSON.stringify(scenario.input),
      });
      await scenario.pause({ runtime, clock, executionArn });
      pausedAt = clock.now();
    } finally {
      // Stopped as for an upgrade: what it leaves in the store is what the next version resumes.
      await runtime.shutdown();
    }
    const stopped = await openStore({ store: 'sqlite', dataDir: dir });
    const paused = { store: await snapshot(stopped), pausedAt };
    await stopped.close();
    const resumedAt = paused.pausedAt + DOWN_MS;
    const expected = await resume(scenario, { store: paused.store, resumedAt });
    return {
      scenario: scenario.name,
      description: scenario.description,
      machines: scenario.machines,
      input: scenario.input,
      pausedAt: paused.pausedAt,
      resumedAt,
      store: paused.store,
      expected,
    };
  });
}

/** The checked-in fixtures, by scenario name. */
export function fixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Fixture);
}
