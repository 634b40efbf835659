// Faults of the store, injected through a wrapper around a real SQLite or PostgreSQL store, as the
// API sees them (DESIGN.md decision 3: a failing execution never blocks the others):
// - a write the store refuses for good fails only its own execution (or refuses its own start),
//   every other execution commits, and nothing is retried forever;
// - a store that is away gets ServiceUnavailable answers at once instead of hangs, and the work
//   queued meanwhile commits when it is back.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createApiHandler } from '../../src/api/index.ts';
import { Engine } from '../../src/engine/index.ts';
import type { HistoryEvent } from '../../src/engine/index.ts';
import { assertChain } from '../../src/test-support/engine-harness.ts';
import type { Store } from '../../src/store/index.ts';
import { openStore } from '../../src/store/drivers.ts';
import { systemClock, systemEntropy } from '../../src/server/index.ts';
import type { FaultyStore } from '../support/faulty-store.ts';
import { faulty } from '../support/faulty-store.ts';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import { Integrations } from '../../src/integrations/drivers.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:steps';
const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:steps:${name}`;
const steps = (seconds: number) =>
  JSON.stringify({
    StartAt: 'One',
    States: {
      One: { Type: 'Pass', Next: 'Nap' },
      Nap: { Type: 'Wait', Seconds: seconds, Next: 'Two' },
      Two: { Type: 'Pass', End: true },
    },
  });
const STEPS = steps(1);

interface Served {
  readonly url: string;
  readonly store: FaultyStore;
  readonly real: Store;
  call(action: string, body: object): Promise<{ status: number; json: Record<string, unknown>; ms: number }>;
  close(): Promise<void>;
}

async function serve(real: Store): Promise<Served> {
  const store = faulty(real);
  const integrations = new Integrations({ region: 'us-east-1', account: '123456789012' });
  const engine = new Engine({
    clock: systemClock,
    entropy: systemEntropy,
    tasks: integrations,
    activities: integrations.activities,
    callbacks: integrations.callbacks,
    region: 'us-east-1',
    account: '123456789012',
    store,
  });
  await engine.recover();
  const server = createServer(createApiHandler(engine));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    store,
    real,
    async call(action, body) {
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'x-amz-target': `AWSStepFunctions.${action}`,
          'content-type': 'application/x-amz-json-1.0',
        },
        body: JSON.stringify(body),
        // A hung request fails the test instead of the run.
        signal: AbortSignal.timeout(15_000),
      });
      const json = (await res.json()) as Record<string, unknown>;
      return { status: res.status, json, ms: performance.now() - t0 };
    },
    async close() {
      engine.abandon();
      await integrations.close();
      server.closeAllConnections();
      server.close();
      await real.close();
    },
  };
}

async function settled(s: Served, name: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const d = await s.call('DescribeExecution', { executionArn: arn(name) });
    if (d.json['status'] !== 'RUNNING') return d.json;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} still running`);
}

async function history(
  s: Served,
  name: string,
): Promise<Array<{ id: number; previousEventId: number; type: string }>> {
  const h = await s.call('GetExecutionHistory', { executionArn: arn(name), maxResults: 1000 });
  assert.equal(h.status, 200, JSON.stringify(h.json));
  const events = h.json['events'] as HistoryEvent[];
  assertChain(events);
  return events;
}

async function refusedWrites(real: Store): Promise<void> {
  const s = await serve(real);
  try {
    assert.equal(
      (await s.call('CreateStateMachine', { name: 'steps', definition: STEPS, roleArn: ROLE })).status,
      200,
    );
    // One execution whose rows the store refuses from the start, one whose WaitStateExited (its
    // 5th event, after the first four were written with its start) it refuses.
    s.store.refuse(arn('never'));
    s.store.refuse(arn('late'), (row) => row.data?.type === 'WaitStateExited');
    const names = ['ok-1', 'never', 'ok-2', 'late', 'ok-3', 'ok-4'];
    const starts = await Promise.all(
      names.map((name) => s.call('StartExecution', { stateMachineArn: MACHINE, name, input: '{}' })),
    );
    starts.forEach((r, i) => {
      if (names[i] === 'never') {
        assert.equal(r.status, 400, JSON.stringify(r.json));
        assert.match(String(r.json['__type']), /#ValidationException$/);
        assert.match(String(r.json['message']), /could not be stored/);
      } else assert.equal(r.status, 200, `${names[i]}: ${JSON.stringify(r.json)}`);
    });
    for (const name of ['ok-1', 'ok-2', 'ok-3', 'ok-4']) {
      assert.equal((await settled(s, name))['status'], 'SUCCEEDED', name);
      assert.equal((await history(s, name)).at(-1)?.type, 'ExecutionSucceeded');
    }
    const late = await settled(s, 'late');
    assert.equal(late['status'], 'FAILED');
    assert.equal(late['error'], 'States.Runtime');
    assert.match(String(late['cause']), /refused/);
    const events = await history(s, 'late');
    assert.equal(events.at(-1)?.type, 'ExecutionFailed');
    assert.equal(events.length, 5, 'what was stored before the refusal stays, then ExecutionFailed');
    const never = await s.call('DescribeExecution', { executionArn: arn('never') });
    assert.match(String(never.json['__type']), /#ExecutionDoesNotExist$/);
    // A catalog write the store refuses is refused to its client, and the resource is as stored.
    const other = 'arn:aws:states:us-east-1:123456789012:stateMachine:other';
    s.store.refuse(other);
    const refused = await s.call('CreateStateMachine', { name: 'other', definition: STEPS, roleArn: ROLE });
    assert.equal(refused.status, 400, JSON.stringify(refused.json));
    assert.match(String(refused.json['__type']), /#ValidationException$/);
    const gone = await s.call('DescribeStateMachine', { stateMachineArn: other });
    assert.match(String(gone.json['__type']), /#StateMachineDoesNotExist$/);
    // An activity is acknowledged once its row is written.
    const activity = await s.call('CreateActivity', { name: 'worker' });
    assert.equal(activity.status, 200);
    assert.ok(await s.real.getDocument('activity', String(activity.json['activityArn'])));
    assert.equal((await s.call('DeleteActivity', { activityArn: activity.json['activityArn'] })).status, 200);
    assert.equal(await s.real.getDocument('activity', String(activity.json['activityArn'])), undefined);
    // Catalog writes still answer at once.
    const deleted = await s.call('DeleteStateMachine', { stateMachineArn: MACHINE });
    assert.equal(deleted.status, 200);
    assert.ok(deleted.ms < 2000, `DeleteStateMachine took ${deleted.ms} ms`);
    // Each refusal was tried a bounded number of times, not forever.
    assert.ok(s.store.attempts < 60, `${s.store.attempts} commits`);
  } finally {
    await s.close();
  }
}

async function storeAway(real: Store): Promise<void> {
  const s = await serve(real);
  try {
    // Its Wait outlasts the outage: the retried start finds it still running.
    const definition = steps(8);
    assert.equal(
      (await s.call('CreateStateMachine', { name: 'steps', definition, roleArn: ROLE })).status,
      200,
    );
    s.store.away();
    const start = { stateMachineArn: MACHINE, name: 'through', input: '{"n":1}' };
    const during = await s.call('StartExecution', start);
    assert.equal(during.status, 503, JSON.stringify(during.json));
    assert.match(String(during.json['__type']), /#ServiceUnavailableException$/);
    assert.ok(during.ms < 5000, `answered after ${during.ms} ms`);
    // Another write while the store is still away is answered as quickly; an activity is not
    // acknowledged before its row is written.
    const activity = await s.call('CreateActivity', { name: 'worker' });
    assert.equal(activity.status, 503, JSON.stringify(activity.json));
    const again = await s.call('TagResource', { resourceArn: MACHINE, tags: [{ key: 'k', value: 'v' }] });
    assert.equal(again.status, 503);
    assert.ok(again.ms < 5000, `answered after ${again.ms} ms`);
    // A read waits for what is queued before it too (it must not show what is not durable yet):
    // it is answered as quickly.
    const read = await s.call('DescribeExecution', { executionArn: arn('through') });
    assert.ok([200, 503].includes(read.status) && read.ms < 5000, `${read.status} after ${read.ms} ms`);
    s.store.back();
    // The client retries (as SDKs do on 503): the same start answers the same execution.
    const retried = await s.call('StartExecution', start);
    assert.equal(retried.status, 200, JSON.stringify(retried.json));
    // An AWS SDK retries the 503 by itself: a short outage does not reach the caller.
    const sdk = new SFNClient({
      endpoint: s.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 6,
    });
    s.store.away();
    setTimeout(() => s.store.back(), 3000);
    const started = await sdk.send(new StartExecutionCommand({ ...start, name: 'sdk' }));
    assert.equal(started.executionArn, arn('sdk'));
    assert.ok((started.$metadata.attempts ?? 0) > 1, `${started.$metadata.attempts} attempts`);
    sdk.destroy();
    assert.equal((await settled(s, 'through'))['status'], 'SUCCEEDED');
    const events = await history(s, 'through');
    assert.equal(events.filter((e) => e.type === 'ExecutionStarted').length, 1);
  } finally {
    await s.close();
  }
}

const cleanups: Array<() => unknown> = [];

async function sqlite(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return openStore({ store: 'sqlite', dataDir: dir });
}

async function postgres(): Promise<Store | undefined> {
  const db = await createTestDatabase('faults');
  if (!db) return undefined;
  cleanups.push(() => db.drop());
  return openStore({ store: db.url, dataDir: '' });
}

describe('store faults through the API', { concurrency: 1 }, () => {
  after(async () => {
    for (const clean of cleanups.splice(0)) await clean();
  });
  for (const [name, open] of [
    ['SQLite', sqlite],
    ['PostgreSQL', postgres],
  ] as const) {
    it(`a refused write fails its own execution only (${name})`, async (t) => {
      const store = await open();
      if (!store) return t.skip('no PostgreSQL');
      await refusedWrites(store);
    });
    it(`a store that is away gets ServiceUnavailable, then catches up (${name})`, async (t) => {
      const store = await open();
      if (!store) return t.skip('no PostgreSQL');
      await storeAway(store);
    });
  }
});
