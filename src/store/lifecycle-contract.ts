// What a store several processes open (SQLite files, PostgreSQL) must also do: lead one at a time,
// and open a database an earlier release created. Run by each SQL backend's test file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionRow, Store } from './store.ts';
import { StoreError } from './store-error.ts';
import type { SqlDriver } from './sql/index.ts';
import { migrate, MIGRATIONS } from './sql/index.ts';

const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:';
const EX = 'arn:aws:states:us-east-1:123456789012:execution:';

const execution = (name: string, startDate: number): ExecutionRow => ({
  arn: `${EX}M:${name}`,
  stateMachineArn: `${SM}M`,
  status: 'RUNNING',
  startDate,
  historyFormat: 1,
  data: { name },
});

/**
 * For stores several processes can open (SQLite files, PostgreSQL): one leads, the others stand
 * by, and one of them leads once the leader lets go. `open` opens the same store again each call.
 */
export function leadershipContract(name: string, open: () => Promise<Store>) {
  void describe(`Store leadership: ${name}`, () => {
    void it('lets one opener lead; a standby leads once the leader lets go', async () => {
      const first = await open();
      const second = await open();
      try {
        const leader = await first.lead();
        const standby = await second.lead();
        assert.equal(leader.leading, true);
        assert.equal(standby.leading, false);
        let promoted = false;
        void standby.acquired.then(() => (promoted = true));
        await new Promise((resolve) => setTimeout(resolve, 700));
        assert.equal(promoted, false, 'no second leader while the first holds the lead');
        await leader.release();
        await standby.acquired;
        assert.equal(standby.leading, true);
        await standby.release();
      } finally {
        await first.close();
        await second.close();
      }
    });
  });
}

/**
 * For the SQL stores: a database an earlier release created (schema version 1, before history
 * formats) is migrated on open, and the executions it holds read as history format 1.
 * `driver` opens a fresh empty database, `open` the store on that same database.
 */
export function upgradeContract(name: string, driver: () => Promise<SqlDriver>, open: () => Promise<Store>) {
  void it(`${name}: a database of schema version 1 is migrated; its executions are of history format 1`, async () => {
    const old = await driver();
    assert.equal(await migrate(old, MIGRATIONS.slice(0, 1)), 1);
    await old.transaction([
      {
        sql: 'INSERT INTO executions (arn, state_machine_arn, status, start_date, data) VALUES (?, ?, ?, ?, ?)',
        params: [`${EX}M:old`, `${SM}M`, 'RUNNING', 5, '{"a":1}'],
      },
      // Its history, an event a row as stores kept it before history runs (history-runs.ts).
      ...[1, 2, 3].map((id) => ({
        sql: 'INSERT INTO events (execution_arn, id, data) VALUES (?, ?, ?)',
        params: [
          `${EX}M:old`,
          id,
          JSON.stringify({ id, type: id === 1 ? 'ExecutionStarted' : 'PassStateEntered' }),
        ],
      })),
    ]);
    await old.close();
    const store = await open();
    try {
      const row = await store.getExecution(`${EX}M:old`);
      assert.deepEqual(row, {
        arn: `${EX}M:old`,
        stateMachineArn: `${SM}M`,
        status: 'RUNNING',
        startDate: 5,
        historyFormat: 1,
        data: { a: 1 },
      });
      await store.commit({ executions: [execution('new', 6)] });
      assert.equal((await store.getExecution(`${EX}M:new`))?.historyFormat, 1);
      // The old history reads back, and goes on from its last event only.
      const arn = `${EX}M:old`;
      assert.equal(await store.lastEventId(arn), 3);
      assert.deepEqual(
        (await store.getHistory(arn)).map((e) => [e.id, e.data['type']]),
        [
          [1, 'ExecutionStarted'],
          [2, 'PassStateEntered'],
          [3, 'PassStateEntered'],
        ],
      );
      await assert.rejects(
        store.commit({ events: [{ executionArn: arn, id: 3, data: { again: true } }] }),
        (e: unknown) => e instanceof StoreError && !e.transient,
      );
      await store.commit({ events: [{ executionArn: arn, id: 4, data: { id: 4 } }] });
      assert.deepEqual(
        (await store.getHistory(arn, 2)).map((e) => e.id),
        [3, 4],
      );
    } finally {
      await store.close();
    }
  });
}
