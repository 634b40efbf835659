// Stored histories carry a format version (src/engine/history/format.ts): every execution is
// written in this engine's format, and an open execution whose history is in a format this
// engine does not know (a newer release wrote it) is left untouched at recovery, not replayed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HISTORY_FORMAT } from '../../src/engine/index.ts';
import { MemoryStore } from '../../src/store/drivers.ts';
import type { ExecutionRow } from '../../src/store/index.ts';
import { engineOn, VirtualClock } from '../../src/test-support/engine-harness.ts';

/** What a later release would write. */
const NEWER = HISTORY_FORMAT + 1;
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const WAIT = JSON.stringify({ StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 5, End: true } } });

/** A store holding one execution cut short at its Wait, as a crash leaves it. */
async function cutAtWait(): Promise<{ store: MemoryStore; row: ExecutionRow; events: number }> {
  const store = new MemoryStore();
  const clock = new VirtualClock();
  const engine = engineOn(store, clock);
  const sm = engine.createStateMachine({ name: 'M', definition: WAIT, roleArn: ROLE });
  const { executionArn } = engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'x' });
  await clock.advance(1000);
  await engine.flushed();
  engine.halt();
  const row = await store.getExecution(executionArn);
  assert.ok(row);
  return { store, row, events: (await store.getHistory(executionArn)).length };
}

describe('history format version', () => {
  it('is written with every execution row and resumes a history of this format', async () => {
    const { store, row } = await cutAtWait();
    assert.equal(row.historyFormat, HISTORY_FORMAT);
    const clock = new VirtualClock();
    const engine = engineOn(store, clock);
    assert.equal(await engine.recover(), 1);
    const done = await clock.runUntil(engine.waitForExecution(row.arn));
    assert.equal(done.status, 'SUCCEEDED');
  });

  it('leaves an open execution of a newer format untouched, and says so', async (t) => {
    const { store, row, events } = await cutAtWait();
    // What a later release would have written: the same row, in its own format.
    const newer = new MemoryStore();
    await newer.commit({
      documents: [
        ...(await store.listDocuments('stateMachine')),
        ...(await store.listDocuments('stateMachineRevision')),
      ],
      executions: [{ ...row, historyFormat: NEWER }],
      events: await store.getHistory(row.arn),
    });
    const logged: string[] = [];
    t.mock.method(console, 'error', (message: unknown) => logged.push(String(message)));
    const clock = new VirtualClock();
    const engine = engineOn(newer, clock);
    assert.equal(await engine.recover(), 0);
    await clock.advance(60_000);
    await engine.flushed();
    assert.equal(logged.length, 1);
    assert.ok(
      logged[0]?.includes(
        `execution:M:x is not resumed: its history is in format ${NEWER}, which this server (format ${HISTORY_FORMAT})`,
      ),
      logged[0],
    );
    // Nothing was written for it: the same events and row, still RUNNING for a newer server.
    assert.equal((await newer.getHistory(row.arn)).length, events);
    assert.deepEqual(await newer.getExecution(row.arn), { ...row, historyFormat: NEWER });
    assert.equal(engine.describeExecution(row.arn).status, 'RUNNING');
    assert.equal(engine.residency().inMemory, 0);
  });
});
