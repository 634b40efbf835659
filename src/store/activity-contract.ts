// The activity-task queue every Store implementation must have (DESIGN.md style 9): claims,
// queuing again, and a dead server's undelivered claims put back (docs/scale-out.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openedPerSuite } from './contract.ts';
import type { Store } from './store.ts';

export function activityContract(
  name: string,
  open: () => Promise<{ store: Store; dispose(): Promise<void> }>,
) {
  void describe(`Store activity tasks: ${name}`, () => {
    let store: Store;
    openedPerSuite(open, (opened) => (store = opened));

    void it('hands each activity task to one worker, oldest first', async () => {
      const act = 'arn:aws:states:us-east-1:123456789012:activity:work';
      await store.commit({
        activityTasks: [
          { id: 't2', activityArn: act, createdAt: 20, data: { input: '2' } },
          { id: 't1', activityArn: act, createdAt: 10, data: { input: '1' } },
          { id: 'o1', activityArn: `${act}-other`, createdAt: 5, data: {} },
        ],
      });
      const claims = await Promise.all([
        store.claimActivityTask(act, 'w1', 30),
        store.claimActivityTask(act, 'w2', 30),
        store.claimActivityTask(act, 'w3', 30),
      ]);
      const got = claims.map((c) => c?.id ?? null).sort();
      assert.deepEqual(got, [null, 't1', 't2']);
      assert.deepEqual(claims.find((c) => c?.id === 't1')?.data, { input: '1' });
      await store.deleteActivityTask('t1');
      assert.equal(await store.claimActivityTask(act, 'w4', 40), undefined);
      assert.equal((await store.claimActivityTask(`${act}-other`, 'w4', 40))?.id, 'o1');
    });

    void it('queues a task id again unclaimed, and tells and deletes only the queuing asked about', async () => {
      const act = 'arn:aws:states:us-east-1:123456789012:activity:again';
      await store.commit({ activityTasks: [{ id: 'a1', activityArn: act, createdAt: 10, data: { v: 1 } }] });
      assert.equal((await store.claimActivityTask(act, 'w1', 11))?.id, 'a1');
      assert.deepEqual(await store.claimedActivityTasks([{ id: 'a1', createdAt: 10 }]), [
        { id: 'a1', claimedBy: 'w1', delivered: false },
      ]);
      // Queued again (a task re-run under the same token): unclaimed, with the new values.
      await store.commit({ activityTasks: [{ id: 'a1', activityArn: act, createdAt: 20, data: { v: 2 } }] });
      assert.deepEqual(await store.claimedActivityTasks([{ id: 'a1', createdAt: 10 }]), []);
      assert.deepEqual(await store.claimedActivityTasks([{ id: 'a1', createdAt: 20 }]), []);
      // The earlier queuing's removal leaves the later one alone.
      await store.deleteActivityTask('a1', 10);
      const again = await store.claimActivityTask(act, 'w2', 21);
      assert.deepEqual([again?.id, again?.data], ['a1', { v: 2 }]);
      assert.deepEqual(await store.claimedActivityTasks([{ id: 'a1', createdAt: 20 }]), [
        { id: 'a1', claimedBy: 'w2', delivered: false },
      ]);
      await store.deleteActivityTask('a1', 20);
      await store.commit({ activityTasks: [{ id: 'a1', activityArn: act, createdAt: 30, data: {} }] });
      assert.equal((await store.claimActivityTask(act, 'w3', 31))?.createdAt, 30);
    });

    void it('puts back the undelivered claims of a dead server, never a delivered one', async () => {
      const act = 'arn:aws:states:us-east-1:123456789012:activity:claims';
      const tasks = [
        { id: 'c1', createdAt: 10 },
        { id: 'c2', createdAt: 11 },
        { id: 'c3', createdAt: 12 },
      ];
      await store.commit({
        activityTasks: tasks.map((t) => ({ ...t, activityArn: act, data: {} })),
      });
      // 'live' has a heartbeat until 1,000; 'dead' never had one.
      await store.renewLeases('live', 1000);
      const c1 = await store.claimActivityTask(act, 'w1', 100, { server: 'dead', at: 100 });
      const c2 = await store.claimActivityTask(act, 'w2', 100, { server: 'dead', at: 100 });
      const c3 = await store.claimActivityTask(act, 'w3', 100, { server: 'live', at: 100 });
      assert.deepEqual([c1?.id, c2?.id, c3?.id], ['c1', 'c2', 'c3']);
      // c2's answer reached its worker: it stays with that worker, whatever befalls its server.
      assert.equal(await store.confirmActivityClaim(tasks[1]!, { server: 'dead', at: 100 }, 150), true);
      // A claim is known by its server and time: another one is not confirmed.
      assert.equal(await store.confirmActivityClaim(tasks[0]!, { server: 'dead', at: 99 }), false);
      // Too recent to be given up on yet.
      assert.deepEqual(await store.requeueActivityTasks(tasks, 200, 50), []);
      assert.deepEqual(await store.requeueActivityTasks(tasks, 200, 100), ['c1']);
      assert.deepEqual(
        (await store.claimedActivityTasks(tasks)).sort((a, b) => (a.id < b.id ? -1 : 1)),
        [
          { id: 'c2', claimedBy: 'w2', delivered: true },
          { id: 'c3', claimedBy: 'w3', delivered: false },
        ],
      );
      // The put-back claim is not confirmed to the server that made it (it was paused, say).
      assert.equal(await store.confirmActivityClaim(tasks[0]!, { server: 'dead', at: 100 }), false);
      assert.equal((await store.claimActivityTask(act, 'w4', 300, { server: 'live', at: 300 }))?.id, 'c1');
      // Once 'live' hands its leases back (SIGTERM), its undelivered claims may go back too.
      await store.releaseLeases('live', 400);
      assert.deepEqual((await store.requeueActivityTasks(tasks, 500, 350)).sort(), ['c1', 'c3']);
      // A poller that left puts its own claim back; not a delivered one.
      assert.equal((await store.claimActivityTask(act, 'w5', 600, { server: 'next', at: 600 }))?.id, 'c1');
      await store.releaseActivityClaim(tasks[0]!, { server: 'next', at: 600 });
      await store.releaseActivityClaim(tasks[1]!, { server: 'dead', at: 100 });
      assert.deepEqual(await store.claimedActivityTasks(tasks), [
        { id: 'c2', claimedBy: 'w2', delivered: true },
      ]);
    });
  });
}
