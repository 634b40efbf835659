// Closed executions' records beyond those kept in memory (engine/executions/closed-executions.ts)
// are read from the store when a call names one: every verb answers as if all were in memory.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordInStore } from '../../src/engine/index.ts';
import { engineOn, VirtualClock } from '../../src/test-support/engine-harness.ts';
import { MemoryStore, openStore } from '../../src/store/drivers.ts';
import type { Store } from '../../src/store/index.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const ROLE = 'arn:aws:iam::123456789012:role/r';
/** 40 executions of 2 × 100,000 characters (input and output) are more than memory keeps. */
const COUNT = 40;
const BIG = 'x'.repeat(100_000);

async function withStores(run: (store: Store) => Promise<void>): Promise<void> {
  await run(new MemoryStore());
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-closed-'));
  const store = await openStore({ dataDir: dir });
  try {
    await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('closed executions beyond those held in memory', () => {
  it('are described, listed, read, refused as names and forked from the store', () =>
    withStores(async (store) => {
      const clock = new VirtualClock(T0);
      const engine = engineOn(store, clock);
      const sm = engine.createStateMachine({
        name: 'Big',
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        roleArn: ROLE,
      });
      const arns: string[] = [];
      for (let i = 0; i < COUNT; i++) {
        // Once some left memory, a name given is looked up in the store first (RecordInStore).
        const { executionArn } = await engine.reading(() =>
          engine.startExecution({
            stateMachineArn: sm.stateMachineArn,
            name: `e${i}`,
            input: JSON.stringify({ i, big: BIG }),
          }),
        );
        arns.push(executionArn);
        await clock.runUntil(engine.waitForExecution(executionArn));
      }
      await engine.flushed();
      await clock.runUntil(Promise.resolve());
      const first = arns[0] ?? '';
      const last = arns.at(-1) ?? '';
      // The first ones left memory, the last ones are still there.
      assert.throws(() => engine.describeExecution(first), RecordInStore);
      assert.equal(engine.describeExecution(last).status, 'SUCCEEDED');

      const described = await engine.reading(() => engine.describeExecution(first));
      assert.equal(described.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(described.output ?? ''), { i: 0, big: BIG });
      assert.equal(
        (await engine.reading(() => engine.describeStateMachineForExecution(arns[1] ?? ''))).record
          .stateMachineArn,
        sm.stateMachineArn,
      );
      // Each once (all started at the same virtual time: their order is the ARNs').
      const listed = await engine.readExecutions(sm.stateMachineArn);
      assert.deepEqual(listed.map((r) => r.executionArn).sort(), [...arns].sort());
      assert.equal((await engine.readExecutions(sm.stateMachineArn, 'SUCCEEDED')).length, COUNT);
      // Page by page (ListExecutions' nextToken), memory's and the store's merged in one order.
      const paged: string[] = [];
      for (let after: { startDate: number; arn: string } | undefined; ;) {
        const page = await engine.readExecutions(sm.stateMachineArn, undefined, { after, limit: 7 });
        paged.push(...page.map((r) => r.executionArn));
        const last = page.at(-1);
        if (page.length < 7 || !last) break;
        after = { startDate: last.startDate, arn: last.executionArn };
      }
      assert.deepEqual(paged, [...arns].sort().reverse());
      assert.deepEqual(await engine.readExecutions(sm.stateMachineArn, 'RUNNING'), []);
      assert.deepEqual(
        (await engine.readExecutionHistory(arns[2] ?? '')).map((e) => e.type),
        ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'],
      );
      // Its name is taken: a start with it is refused, as AWS does for a closed execution.
      await assert.rejects(
        engine.reading(() =>
          engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e3', input: '{}' }),
        ),
        /Execution Already Exists/,
      );
      await assert.rejects(engine.redriveExecution(arns[4] ?? ''), /ExecutionNotRedrivable|SUCCEEDED/);
      const fork = await engine.forkExecution({ executionArn: arns[5] ?? '', eventId: 2, name: 'f5' });
      await clock.runUntil(engine.waitForExecution(fork.executionArn));
      assert.equal(engine.describeExecution(fork.executionArn).status, 'SUCCEEDED');
      assert.deepEqual((await engine.reading(() => engine.describeExecution(arns[5] ?? ''))).forks, [
        fork.executionArn,
      ]);
      // A name never used is new, and one not in the store does not exist.
      const fresh = await engine.reading(() =>
        engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'new', input: '{}' }),
      );
      assert.equal(fresh.status, 'RUNNING');
      await assert.rejects(
        engine.reading(() =>
          engine.describeExecution(`${sm.stateMachineArn.replace(':stateMachine:', ':execution:')}:none`),
        ),
        /Execution Does Not Exist/,
      );
      await clock.runUntil(engine.waitForExecution(fresh.executionArn));
      await engine.flushed();
      engine.halt();
    }));
});
