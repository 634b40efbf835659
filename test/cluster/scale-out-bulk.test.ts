// Forks and bulk operations (Stepwise extensions) with scale-out: two servers on one PostgreSQL,
// each driving the executions it started. Every call works on either server: a fork goes to the
// server that drives its source, bulk operations run on the leader (started, listed, described
// and cancelled through either server), and the leader applies each action where the execution
// is driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';
import { signedPost } from '../support/signed-fetch.ts';
import { BROKEN_ORDERS, FIXED_ORDERS } from '../support/fork-orders.ts';
import { MAX_SENDS_ON } from '../../src/bulk/index.ts';

const ACCOUNT = '123456789012';
const MACHINE = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/r`;

/** Sleeps long enough to be stopped or forked while running (parked on its timer). */
const SLEEPER = {
  StartAt: 'Nap',
  States: { Nap: { Type: 'Wait', Seconds: 600, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
};

type Obj = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(server: ServerProcess, action: string, body: object): Promise<Obj> {
  const { status, json } = await callApi(server.url, action, body);
  assert.equal(status, 200, `${action} on ${server.url}: ${JSON.stringify(json)}`);
  return json;
}

async function role(server: ServerProcess): Promise<string | undefined> {
  const res = await fetch(new URL('/health', server.url));
  return ((await res.json()) as { role?: string }).role;
}

async function settle(server: ServerProcess, bulkOperationId: string): Promise<Obj> {
  for (let i = 0; ; i++) {
    const d = await api(server, 'DescribeBulkOperation', { bulkOperationId, maxResults: 1000 });
    if (d['status'] !== 'RUNNING') return d;
    assert.ok(i < 600, 'the operation ends within 60 s');
    await sleep(100);
  }
}

/** The lease owner's published address of each execution (undefined: nobody leases it). */
async function drivers(dbUrl: string, arns: readonly string[]): Promise<Array<string | undefined>> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const r = await db.query(
      `SELECT l.execution_arn AS arn, d.data::json->>'url' AS url FROM execution_leases l
       JOIN documents d ON d.kind = 'server' AND d.key = l.owner WHERE l.execution_arn = ANY($1)`,
      [arns],
    );
    const byArn = new Map((r.rows as Array<{ arn: string; url: string }>).map((row) => [row.arn, row.url]));
    return arns.map((arn) => byArn.get(arn));
  } finally {
    await db.end();
  }
}

/**
 * A call one server makes of another on its own behalf (ApplyBulkAction), made here as a peer
 * would: with the receiver's peer key, read from the store.
 */
async function peerCall(dbUrl: string, server: ServerProcess, action: string, body: object): Promise<Obj> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  let key: string;
  try {
    const r = await db.query(
      `SELECT data::json->>'peerKey' AS key FROM documents WHERE kind = 'server' AND data::json->>'url' = $1`,
      [server.url],
    );
    key = String((r.rows[0] as { key: string }).key);
  } finally {
    await db.end();
  }
  const res = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AWSStepFunctions.${action}`,
      'x-stepwise-forwarded': key,
      'x-stepwise-peer-call': key,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Obj;
  assert.equal(res.status, 200, `${action}: ${JSON.stringify(json)}`);
  return json;
}

const KEY = { accessKeyId: 'AKIDBULKPEERS', secretAccessKey: 'bulk-peers-secret' };

/** A signed API call, as the AWS SDKs make it. */
async function signed(server: ServerProcess, action: string, body: object): Promise<Obj> {
  const res = await signedPost(new URL(server.url), JSON.stringify(body), KEY, 'states', undefined, {
    'x-amz-target': `AWSStepFunctions.${action}`,
  });
  const json = (await res.json()) as Obj;
  assert.equal(res.status, 200, `${action}: ${JSON.stringify(json)}`);
  return json;
}

async function leaderOf(servers: readonly ServerProcess[]): Promise<ServerProcess> {
  for (let i = 0; i < 100; i++) {
    for (const s of servers) if ((await role(s)) === 'leader') return s;
    await sleep(100);
  }
  throw new Error('no server leads within 10 s');
}

describe('scale-out: forks and bulk operations on any server', { timeout: 180_000 }, () => {
  it('with request signing, the leader applies bulk actions on another server without a client signature', async (t) => {
    const db = await createTestDatabase('bulk_signed');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const servers: ServerProcess[] = [];
    try {
      const env = {
        STEPWISE_SCALE_OUT: '1',
        STEPWISE_ACCESS_KEY_ID: KEY.accessKeyId,
        STEPWISE_SECRET_ACCESS_KEY: KEY.secretAccessKey,
      };
      for (let i = 0; i < 2; i++) servers.push(await startServerProcess(['--store', db.url], env));
      const leader = await leaderOf(servers);
      const other = servers.find((s) => s !== leader)!;
      await signed(other, 'CreateStateMachine', {
        name: 'sleeper',
        definition: JSON.stringify(SLEEPER),
        roleArn: ROLE,
      });
      const arns: string[] = [];
      for (let n = 0; n < 3; n++) {
        const r = await signed(other, 'StartExecution', {
          stateMachineArn: `${MACHINE}sleeper`,
          input: '{}',
        });
        arns.push(String(r['executionArn']));
      }
      assert.deepEqual(
        await drivers(db.url, arns),
        arns.map(() => other.url),
      );
      const filter = { stateMachineArn: `${MACHINE}sleeper`, statuses: ['RUNNING'] };
      const { bulkOperationId } = await signed(other, 'StartBulkOperation', { action: 'stop', filter });
      let d: Obj;
      for (let i = 0; ; i++) {
        d = await signed(leader, 'DescribeBulkOperation', { bulkOperationId });
        if (d['status'] !== 'RUNNING') break;
        assert.ok(i < 300, 'the operation ends within 30 s');
        await sleep(100);
      }
      assert.deepEqual(d['progress'], { done: 3, succeeded: 3, skipped: 0, failed: 0 }, JSON.stringify(d));
      // A client's unsigned call is refused, whatever peer headers it forges.
      const forged = await fetch(other.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AWSStepFunctions.StopExecution',
          'x-stepwise-peer-call': 'guess',
          'x-stepwise-forwarded': 'guess',
        },
        body: JSON.stringify({ executionArn: arns[0] }),
      });
      assert.equal(forged.status, 400);
      assert.match(String(((await forged.json()) as Obj)['__type']), /MissingAuthenticationToken/);
    } finally {
      for (const s of servers) await killServer(s);
      await db.drop();
    }
  });

  it('forks go to the source driver; bulk operations run on the leader over every server', async (t) => {
    const db = await createTestDatabase('bulk_scaleout');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const servers: ServerProcess[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        servers.push(await startServerProcess(['--store', db.url], { STEPWISE_SCALE_OUT: '1' }));
      }
      const leader = await leaderOf(servers);
      const other = servers.find((s) => s !== leader)!;

      // Everything is started through the server that does not lead: it drives the executions.
      for (const [name, definition] of [
        ['sleeper', SLEEPER],
        ['orders', BROKEN_ORDERS],
      ] as const) {
        await api(other, 'CreateStateMachine', {
          name,
          definition: JSON.stringify(definition),
          roleArn: ROLE,
        });
      }
      const start = async (machine: string, name: string, input: Obj) =>
        String(
          (
            await api(other, 'StartExecution', {
              stateMachineArn: `${MACHINE}${machine}`,
              name,
              input: JSON.stringify(input),
            })
          )['executionArn'],
        );
      const sleepers: string[] = [];
      for (let n = 0; n < 5; n++) sleepers.push(await start('sleeper', `s${n}`, { n }));
      const moved = await start('sleeper', 'moved', { n: 5 });
      const orders: Record<string, string> = {};
      for (const [name, input] of Object.entries({
        r0: { n: 0 },
        r1: { n: 1 },
        r2: { n: 2 },
        r3: { n: 3 },
        e0: { n: 4, early: true },
      })) {
        orders[name] = await start('orders', name, input);
      }
      for (const arn of Object.values(orders)) {
        for (let i = 0; ; i++) {
          const d = await api(leader, 'DescribeExecution', { executionArn: arn });
          if (d['status'] !== 'RUNNING') break;
          assert.ok(i < 100, `${arn} closes`);
          await sleep(100);
        }
      }
      assert.deepEqual(
        await drivers(db.url, sleepers),
        sleepers.map(() => other.url),
      );

      // A fork through the leader of a running execution the other server drives goes to it.
      const fork = await api(leader, 'StartForkedExecution', { executionArn: sleepers[0], eventId: 2 });
      const forkArn = String(fork['executionArn']);
      for (const s of servers) {
        const lineage = await api(s, 'DescribeExecutionLineage', { executionArn: sleepers[0] });
        assert.deepEqual(lineage['forks'], [forkArn], s.url);
      }
      // Onto a version published a moment ago through the leader: the other server reads it first.
      const published = await api(leader, 'PublishStateMachineVersion', {
        stateMachineArn: `${MACHINE}sleeper`,
      });
      const onto = await api(leader, 'StartForkedExecution', {
        executionArn: sleepers[1],
        eventId: 2,
        stateMachineArn: published['stateMachineVersionArn'],
      });
      const described = await api(leader, 'DescribeExecution', {
        executionArn: onto['executionArn'] as string,
      });
      assert.equal(described['stateMachineVersionArn'], published['stateMachineVersionArn']);
      // A fork of a closed execution (nobody leases it) through the other server, seen on the leader.
      const closedFork = await api(other, 'StartForkedExecution', {
        executionArn: orders['r0'],
        eventId: 1,
        input: JSON.stringify({ n: 0, ok: true }),
      });
      const lineage = await api(leader, 'DescribeExecutionLineage', { executionArn: orders['r0'] });
      assert.deepEqual(lineage['forks'], [closedFork['executionArn']]);
      assert.equal(
        (
          await api(leader, 'DescribeExecutionLineage', {
            executionArn: closedFork['executionArn'] as string,
          })
        )['forkedFrom'] !== undefined,
        true,
      );

      // A bulk fork started through the other server onto a version published a moment ago.
      const updated = await api(other, 'UpdateStateMachine', {
        stateMachineArn: `${MACHINE}orders`,
        definition: JSON.stringify(FIXED_ORDERS),
        publish: true,
      });
      const version = String(updated['stateMachineVersionArn']);
      const missing = await callApi(other.url, 'StartBulkOperation', {
        action: 'fork',
        filter: { stateMachineArn: `${MACHINE}orders` },
        stateMachineArn: `${MACHINE}orders:99`,
      });
      assert.equal(missing.status, 400);
      assert.match(String(missing.json['__type']), /StateMachineDoesNotExist/);
      const request = {
        action: 'fork',
        filter: { stateMachineArn: `${MACHINE}orders`, statuses: ['FAILED'] },
        fromState: 'Check',
        stateMachineArn: version,
        ratePerSecond: 100,
      };
      const dry = await api(other, 'StartBulkOperation', { ...request, dryRun: true });
      const forked = await settle(
        other,
        String((await api(other, 'StartBulkOperation', request))['bulkOperationId']),
      );
      assert.equal(forked['status'], 'SUCCEEDED');
      assert.deepEqual(forked['progress'], { done: 5, succeeded: 4, skipped: 1, failed: 0 });
      const outcomes = (r: Obj) => [r['executionArn'], r['outcome']];
      assert.deepEqual((forked['results'] as Obj[]).map(outcomes), (dry['results'] as Obj[]).map(outcomes));

      // Actions the leader sent where an execution's lease was, which moved on since (handed back
      // to even out the shares): the server they reach sends them on, once, to the driver.
      const bypassing = async (arn: string): Promise<ServerProcess> => {
        const [driver] = await drivers(db.url, [arn]);
        return servers.find((s) => s.url !== driver)!;
      };
      const aborted = async (arn: string, cause: string): Promise<void> => {
        for (let i = 0; ; i++) {
          const d = await api(other, 'DescribeExecution', { executionArn: arn });
          if (d['status'] !== 'RUNNING') {
            assert.deepEqual(
              [d['status'], d['error'], d['cause']],
              ['ABORTED', 'Stepwise.BulkOperation', cause],
            );
            return;
          }
          assert.ok(i < 100, `the driver applies the stop of ${arn}`);
          await sleep(100);
        }
      };
      // A fork, which only the source's driver may make (the source names its forks), arriving
      // where the lease was after it was sent on once already: the lease moved on again meanwhile
      // (its server handed it back), and the fork goes on to the driver, not failed where it is.
      // `true` is how an older server says "sent on once".
      const movedFork = await peerCall(db.url, await bypassing(moved), 'ApplyBulkAction', {
        operation: { bulkOperationId: 'misrouted', action: 'fork' },
        executionArn: moved,
        moved: true,
      });
      assert.equal(movedFork['outcome'], 'SUCCEEDED', JSON.stringify(movedFork));
      const forkOfMoved = String(movedFork['message']);
      const movedLineage = await api(other, 'DescribeExecutionLineage', { executionArn: moved });
      assert.deepEqual(movedLineage['forks'], [forkOfMoved]);
      const misrouted = await peerCall(db.url, await bypassing(moved), 'ApplyBulkAction', {
        operation: { bulkOperationId: 'misrouted', action: 'stop', cause: 'moved on' },
        executionArn: moved,
      });
      assert.deepEqual(misrouted, { outcome: 'SUCCEEDED' });
      await aborted(moved, 'moved on');
      // One sent on as many times as it may be (or whose lease leaves meanwhile): left in the
      // store for the driver.
      const sentOn = await peerCall(db.url, await bypassing(forkOfMoved), 'ApplyBulkAction', {
        operation: { bulkOperationId: 'misrouted', action: 'stop', cause: 'sent on' },
        executionArn: forkOfMoved,
        moved: MAX_SENDS_ON,
      });
      assert.deepEqual(sentOn, { outcome: 'SUCCEEDED' });
      await aborted(forkOfMoved, 'sent on');

      // A bulk stop through the other server: the leader runs it, each stop applied where it runs.
      const stopFilter = { stateMachineArn: `${MACHINE}sleeper`, statuses: ['RUNNING'] };
      const stopDry = await api(other, 'StartBulkOperation', {
        action: 'stop',
        filter: stopFilter,
        dryRun: true,
      });
      assert.equal(stopDry['executionCount'], 7, 'five sleepers and two forks');
      const stopped = await settle(
        leader,
        String(
          (await api(other, 'StartBulkOperation', { action: 'stop', filter: stopFilter }))['bulkOperationId'],
        ),
      );
      assert.deepEqual(
        stopped['progress'],
        { done: 7, succeeded: 7, skipped: 0, failed: 0 },
        JSON.stringify(stopped),
      );
      for (const arn of [...sleepers, forkArn, String(onto['executionArn'])]) {
        const d = await api(other, 'DescribeExecution', { executionArn: arn });
        assert.equal(d['status'], 'ABORTED', arn);
        assert.equal(d['cause'], `Stopped by bulk operation ${String(stopped['bulkOperationId'])}`);
      }

      // Cancelled through the server that does not run it; both servers list the same operations.
      const slow = await api(other, 'StartBulkOperation', {
        action: 'fork',
        filter: { stateMachineArn: `${MACHINE}orders`, statuses: ['FAILED'] },
        ratePerSecond: 1,
      });
      const cancelled = await api(other, 'CancelBulkOperation', { bulkOperationId: slow['bulkOperationId'] });
      assert.equal(cancelled['status'], 'CANCELLED');
      await sleep(1500);
      const after = await api(leader, 'DescribeBulkOperation', { bulkOperationId: slow['bulkOperationId'] });
      assert.equal(after['status'], 'CANCELLED');
      assert.ok((after['progress'] as { done: number }).done < 5, 'it stopped working');
      const listed = await Promise.all(servers.map((s) => api(s, 'ListBulkOperations', {})));
      assert.equal((listed[0]!['bulkOperations'] as Obj[]).length, 3);
      assert.deepEqual(listed[0], listed[1]);
    } finally {
      if (process.env['SCALE_OUT_LOGS']) for (const s of servers) console.error(s.url, s.errors());
      for (const s of servers) await killServer(s);
      await db.drop();
    }
  });
});
