// The lease behaviour every Store implementation must have (DESIGN.md decision 6, style 9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openedPerSuite } from './contract.ts';
import type { ExecutionRow, Store } from './store.ts';
import { LEASE_LOST, StoreError } from './store-error.ts';

const EX = 'arn:aws:states:us-east-1:123456789012:execution:M:';

const row = (name: string, status = 'RUNNING'): ExecutionRow => ({
  arn: `${EX}${name}`,
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
  status,
  startDate: 1,
  historyFormat: 1,
  data: {},
});

const event = (name: string, id: number) => ({ executionArn: `${EX}${name}`, id, data: { id } });

const isLeaseLost = (e: unknown): boolean => e instanceof StoreError && e.code === LEASE_LOST && !e.transient;

export function leaseContract(name: string, open: () => Promise<{ store: Store; dispose(): Promise<void> }>) {
  void describe(`Store leases: ${name}`, () => {
    let store: Store;
    openedPerSuite(open, (opened) => (store = opened));

    void it('takes a new lease with its first writes; a second start of the same execution is refused', async () => {
      const start = { executions: [row('a')], events: [event('a', 1)] };
      await store.commit({
        ...start,
        newLeases: { owner: 's1', expiresAt: 1000, executionArns: [`${EX}a`] },
      });
      await assert.rejects(
        store.commit({
          events: [event('a', 2)],
          newLeases: { owner: 's2', expiresAt: 1000, executionArns: [`${EX}a`] },
        }),
        isLeaseLost,
      );
      assert.equal(await store.lastEventId(`${EX}a`), 1, 'the refused batch wrote nothing');
      assert.deepEqual(await store.renewLeases('s1', 2000), [{ executionArn: `${EX}a`, token: 1 }]);
      assert.deepEqual(await store.leaseOf(`${EX}a`), { owner: 's1', expiresAt: 2000 });
      assert.equal(await store.leaseOf(`${EX}none`), undefined);
      assert.deepEqual(await store.renewLeases('s2', 2000), []);
    });

    void it("writes a closed execution's row unleased only while it is closed and nobody leases it", async () => {
      await store.commit({ executions: [row('closed', 'FAILED')], events: [event('closed', 1)] });
      const named = { ...row('closed', 'FAILED'), data: { forks: ['f1'] } };
      await store.commit({ executions: [named], closedRows: [`${EX}closed`] });
      assert.deepEqual((await store.getExecution(`${EX}closed`))?.data, { forks: ['f1'] });
      // Redriven (and leased) by a server meanwhile: the stale closed row is refused, nothing written.
      await store.commit({
        executions: [row('closed')],
        events: [event('closed', 2)],
        newLeases: { owner: 's1', expiresAt: 1000, executionArns: [`${EX}closed`] },
      });
      await assert.rejects(
        store.commit({ executions: [{ ...named, data: { forks: ['f2'] } }], closedRows: [`${EX}closed`] }),
        isLeaseLost,
      );
      assert.equal((await store.getExecution(`${EX}closed`))?.status, 'RUNNING');
    });

    void it('claims an expired lease with a new token; the old token can never write again', async () => {
      await store.commit({
        executions: [row('b')],
        events: [event('b', 1)],
        newLeases: { owner: 'old', expiresAt: 100, executionArns: [`${EX}b`] },
      });
      assert.deepEqual(await store.claimLeases('new', 99, 5000, 10), [], 'not expired yet');
      const claimed = await store.claimLeases('new', 100, 5000, 10);
      assert.deepEqual(claimed, [{ executionArn: `${EX}b`, token: 2 }]);
      // The old holder, back from a pause, writes with its token: refused, nothing written.
      await assert.rejects(
        store.commit({
          events: [event('b', 2)],
          timers: [{ executionArn: `${EX}b`, fireAt: 1 }],
          fences: [{ executionArn: `${EX}b`, token: 1 }],
        }),
        isLeaseLost,
      );
      assert.equal(await store.lastEventId(`${EX}b`), 1);
      assert.deepEqual(await store.dueTimers(Number.MAX_SAFE_INTEGER, 10), []);
      assert.deepEqual(await store.renewLeases('old', 9000), [], 'the old holder holds nothing');
      await store.commit({ events: [event('b', 2)], fences: [{ executionArn: `${EX}b`, token: 2 }] });
      assert.equal(await store.lastEventId(`${EX}b`), 2);
    });

    void it("ends a closed execution's lease; hands leases back for others to claim at once", async () => {
      await store.commit({
        executions: [row('c'), row('d')],
        newLeases: { owner: 'drain', expiresAt: 10_000, executionArns: [`${EX}c`, `${EX}d`] },
      });
      await store.commit({
        executions: [row('c', 'SUCCEEDED')],
        fences: [{ executionArn: `${EX}c`, token: 1 }],
        endedLeases: [`${EX}c`],
      });
      await store.releaseLeases('drain', 200);
      const claimed = await store.claimLeases('other', 200, 10_000, 10);
      assert.deepEqual(
        claimed.filter((l) => l.executionArn.endsWith(':c') || l.executionArn.endsWith(':d')),
        [{ executionArn: `${EX}d`, token: 2 }],
      );
    });

    void it('tells the share: live servers, all leases, those held; hands chosen leases back', async () => {
      const before = await store.leaseShare('share-a', 10_000);
      await store.commit({
        executions: [row('s1'), row('s2'), row('s3')],
        events: [event('s1', 1), event('s2', 1), event('s3', 1)],
        newLeases: { owner: 'share-a', expiresAt: 20_000, executionArns: [`${EX}s1`, `${EX}s2`, `${EX}s3`] },
      });
      await store.renewLeases('share-a', 20_000);
      await store.renewLeases('share-b', 20_000);
      const after = await store.leaseShare('share-a', 10_000);
      assert.equal(after.leases - before.leases, 3);
      assert.equal(after.mine, 3);
      assert.equal(after.servers - before.servers, 2);
      assert.equal((await store.leaseShare('share-b', 10_000)).mine, 0);
      // A token that moved on, or another owner's lease, is not handed back.
      const back = await store.handBackLeases(
        'share-a',
        [
          { executionArn: `${EX}s1`, token: 1 },
          { executionArn: `${EX}s2`, token: 7 },
        ],
        10_000,
      );
      assert.deepEqual(back, [{ executionArn: `${EX}s1`, token: 1 }]);
      assert.deepEqual(
        await store.handBackLeases('share-b', [{ executionArn: `${EX}s3`, token: 1 }], 10_000),
        [],
      );
      assert.equal((await store.leaseShare('share-a', 10_000)).mine, 2);
      // Others' expired leases are left from the tests before; s1 is claimable now, s3 is not.
      const claimed = await store.claimLeases('share-b', 10_000, 30_000, 100);
      assert.deepEqual(
        claimed.filter((l) => l.executionArn.startsWith(`${EX}s`)),
        [{ executionArn: `${EX}s1`, token: 2 }],
      );
      // A server that hands all back (SIGTERM) is no longer live.
      await store.releaseLeases('share-b', 10_000);
      assert.equal((await store.leaseShare('share-a', 10_000)).servers - before.servers, 1);
    });

    void it('claims open executions that were never leased, once', async () => {
      await store.commit({ executions: [row('e'), row('f', 'SUCCEEDED')] });
      const first = await store.claimLeases('x', 0, 10_000, 100);
      assert.ok(first.some((l) => l.executionArn === `${EX}e` && l.token === 1));
      assert.ok(!first.some((l) => l.executionArn === `${EX}f`), 'a closed execution is not claimed');
      const again = await store.claimLeases('y', 0, 10_000, 100);
      assert.ok(!again.some((l) => l.executionArn === `${EX}e`));
    });
    void it("keeps a message for its execution's lease holder until delivered, or the execution closed", async () => {
      await store.commit({
        executions: [row('m1'), row('m2')],
        newLeases: { owner: 'holder', expiresAt: 10_000, executionArns: [`${EX}m1`, `${EX}m2`] },
      });
      const message = (id: string, name: string, createdAt: number) => ({
        id,
        executionArn: `${EX}${name}`,
        createdAt,
        data: { kind: 'stop', id },
      });
      await store.commit({ messages: [message('b', 'm1', 2), message('a', 'm1', 1), message('c', 'm2', 3)] });
      const held = await store.messagesFor('holder', 10);
      assert.deepEqual(
        held.map((m) => [m.id, m.executionArn, m.data]),
        [
          ['a', `${EX}m1`, { kind: 'stop', id: 'a' }],
          ['b', `${EX}m1`, { kind: 'stop', id: 'b' }],
          ['c', `${EX}m2`, { kind: 'stop', id: 'c' }],
        ],
        'oldest first, with their data',
      );
      assert.equal((await store.messagesFor('holder', 1)).length, 1);
      assert.deepEqual(await store.messagesFor('somebody else', 10), []);
      await store.commit({ deliveredMessages: ['a'] });
      assert.deepEqual(
        (await store.messagesFor('holder', 10)).map((m) => m.id),
        ['b', 'c'],
      );
      // Closed: its messages have nothing left to reach.
      await store.commit({ fences: [{ executionArn: `${EX}m1`, token: 1 }], endedLeases: [`${EX}m1`] });
      assert.deepEqual(
        (await store.messagesFor('holder', 10)).map((m) => m.id),
        ['c'],
      );
      // A claim of the execution hands its messages to the new holder.
      await store.releaseLeases('holder', 300);
      await store.claimLeases('next', 300, 10_000, 100);
      assert.deepEqual(
        (await store.messagesFor('next', 10)).map((m) => m.id),
        ['c'],
      );
    });
  });
}
