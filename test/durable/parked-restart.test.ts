// Parked executions whose records are only in the store: after a restart only their timers are
// in memory (a restart with 100,000 of them must answer at once), and every API call about them
// reads the record first. Also: more parked in one process than it keeps records of.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createApiHandler } from '../../src/api/index.ts';
import type { Engine, HistoryEvent } from '../../src/engine/index.ts';
import { RecordInStore } from '../../src/engine/index.ts';
import { MemoryStore, openStore } from '../../src/store/drivers.ts';
import type { Store } from '../../src/store/index.ts';
import { engineOn, VirtualClock } from '../../src/test-support/engine-harness.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Napper';
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:Napper:';
const DEFINITION = JSON.stringify({
  StartAt: 'Nap',
  States: {
    Nap: { Type: 'Wait', Seconds: 300 * 24 * 60 * 60, Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
});

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const clean of cleanups) await clean();
});

const STORES: Record<string, () => Promise<Store>> = {
  memory: () => Promise.resolve(new MemoryStore()),
  sqlite: () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-parked-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return openStore({ store: 'sqlite', dataDir: dir });
  },
};

/** The API over `engine` on a real loopback server; `call` answers status and JSON body. */
async function apiOf(engine: Engine) {
  const server = createServer(createApiHandler(engine));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return async (action: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': `AWSStepFunctions.${action}`, 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
}

/** Moves virtual time past the Waits, giving the store real time to answer between steps. */
async function pastTheWaits(clock: VirtualClock, engine: Engine, arns: readonly string[]): Promise<string[]> {
  const done = Promise.all(arns.map((a) => engine.waitForExecution(a)));
  let settled = false;
  void done.finally(() => (settled = true));
  for (let round = 0; round < 500 && !settled; round++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const next = Math.min(...clock.pending);
    if (Number.isFinite(next)) await clock.advance(Math.max(0, next - clock.now()));
  }
  return (await done).map((r) => r.status);
}

for (const [kind, open] of Object.entries(STORES)) {
  describe(`parked executions with their records in the store (${kind} store)`, () => {
    it('answers every call about them after a restart that read only their timers', async () => {
      const store = await open();
      const clock = new VirtualClock(T0);
      const first = engineOn(store, clock);
      first.createStateMachine({ name: 'Napper', definition: DEFINITION, roleArn: ROLE });
      for (const name of ['a', 'b', 'c', 'd'])
        first.startExecution({ stateMachineArn: MACHINE, name, input: `{"name":"${name}"}` });
      await clock.advance(0); // lets the park check (a zero-delay timer) run
      await first.close();

      await clock.advance(DAY);
      const second = engineOn(store, clock);
      assert.equal(await second.recover(), 0);
      assert.deepEqual(second.residency(), { inMemory: 0, parked: 4 });
      assert.throws(() => second.describeExecution(`${EXECUTION}a`), RecordInStore);
      const call = await apiOf(second);

      const described = await call('DescribeExecution', { executionArn: `${EXECUTION}a` });
      assert.equal(described.status, 200);
      assert.equal(described.json['status'], 'RUNNING');
      assert.equal(described.json['input'], '{"name":"a"}');
      assert.equal(described.json['startDate'], T0 / 1000);
      const listed = await call('ListExecutions', { stateMachineArn: MACHINE, statusFilter: 'RUNNING' });
      assert.deepEqual((listed.json['executions'] as { name: string }[]).map((e) => e.name).sort(), [
        'a',
        'b',
        'c',
        'd',
      ]);
      const forExecution = await call('DescribeStateMachineForExecution', { executionArn: `${EXECUTION}c` });
      assert.equal(forExecution.json['definition'], DEFINITION);

      // StartExecution of a parked one: the same input answers it, another is refused.
      const again = await call('StartExecution', {
        stateMachineArn: MACHINE,
        name: 'b',
        input: '{"name":"b"}',
      });
      assert.deepEqual(again.json, { executionArn: `${EXECUTION}b`, startDate: T0 / 1000 });
      const other = await call('StartExecution', { stateMachineArn: MACHINE, name: 'c', input: '{}' });
      assert.equal(other.status, 400);
      assert.match(String(other.json['__type']), /#ExecutionAlreadyExists$/);

      // StopExecution is answered once the stop is durable.
      const stopped = await call('StopExecution', { executionArn: `${EXECUTION}d`, error: 'Operator' });
      assert.equal(stopped.status, 200);
      assert.equal((await store.getExecution(`${EXECUTION}d`))?.status, 'ABORTED');
      const events = (await store.getHistory(`${EXECUTION}d`)).map((e) => e.data as unknown as HistoryEvent);
      assert.deepEqual(
        events.map((e) => [e.id, e.type]),
        [
          [1, 'ExecutionStarted'],
          [2, 'WaitStateEntered'],
          [3, 'ExecutionAborted'],
        ],
      );

      const arns = ['a', 'b', 'c'].map((n) => `${EXECUTION}${n}`);
      assert.deepEqual(await pastTheWaits(clock, second, arns), ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
      assert.deepEqual(second.residency(), { inMemory: 0, parked: 0 });
      assert.deepEqual(await store.dueTimers(Number.MAX_SAFE_INTEGER, 10), []);
      await second.close();
      await store.close();
    });
  });
}

describe('parked executions beyond those whose records stay in memory', () => {
  it('lists, describes and wakes every one of 1,100', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const engine = engineOn(store, clock);
    engine.createStateMachine({ name: 'Napper', definition: DEFINITION, roleArn: ROLE });
    const arns: string[] = [];
    for (let i = 0; i < 1100; i++)
      arns.push(engine.startExecution({ stateMachineArn: MACHINE, name: `n${i}` }).executionArn);
    await clock.advance(0); // lets the park checks (zero-delay timers) run
    await engine.flushed();
    assert.deepEqual(engine.residency(), { inMemory: 0, parked: 1100 });
    // The first ones parked have only their timers in memory now.
    assert.throws(() => engine.describeExecution(`${EXECUTION}n0`), RecordInStore);
    const call = await apiOf(engine);
    assert.equal(
      (await call('DescribeExecution', { executionArn: `${EXECUTION}n0` })).json['status'],
      'RUNNING',
    );
    const names = new Set<string>();
    let nextToken: unknown;
    do {
      const page = await call('ListExecutions', { stateMachineArn: MACHINE, maxResults: 1000, nextToken });
      for (const e of page.json['executions'] as { name: string; status: string }[]) {
        assert.equal(e.status, 'RUNNING');
        names.add(e.name);
      }
      nextToken = page.json['nextToken'];
    } while (nextToken);
    assert.equal(names.size, 1100);
    const statuses = await pastTheWaits(clock, engine, arns);
    assert.equal(statuses.filter((s) => s === 'SUCCEEDED').length, 1100);
    await engine.close();
  });
});
