// Activities across scaled-out servers (DESIGN.md decision 6): a task scheduled by the server that
// drives its execution is queued in the store, so a worker polling any other server gets it; its
// answer sent to that other server reaches the owner, and the history says who took it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const FUNCTIONS = join(import.meta.dirname, 'cluster-functions.mjs');
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:job';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:jobs';

const JOBS = {
  StartAt: 'Job',
  States: {
    Job: { Type: 'Task', Resource: ACTIVITY, HeartbeatSeconds: 30, ResultPath: '$.job', End: true },
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scale-out: activity tasks are shared through the store', { timeout: 90_000 }, () => {
  it('a worker polling one server gets the tasks every server schedules, and answers them there', async (t) => {
    const db = await createTestDatabase('activities');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const servers: ServerProcess[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        servers.push(
          await startServerProcess(['--functions', FUNCTIONS, '--store', db.url], {
            STEPWISE_SCALE_OUT: '1',
          }),
        );
      }
      const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess];
      assert.equal((await callApi(a.url, 'CreateActivity', { name: 'job' })).status, 200);
      const created = await callApi(a.url, 'CreateStateMachine', {
        name: 'jobs',
        definition: JSON.stringify(JOBS),
        roleArn: 'arn:aws:iam::123456789012:role/r',
      });
      assert.equal(created.status, 200, JSON.stringify(created.json));
      // Started on the first two servers: each drives (and schedules the task of) what it starts.
      const arns: string[] = [];
      for (let i = 0; i < 8; i++) {
        const r = await callApi(servers[i % 2]!.url, 'StartExecution', {
          stateMachineArn: MACHINE,
          input: JSON.stringify({ n: i }),
        });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        arns.push(String(r.json['executionArn']));
      }
      // One worker, on the third server only: it drives none of them.
      const seen = new Set<string>();
      const deadline = Date.now() + 20_000;
      while (seen.size < arns.length) {
        if (Date.now() > deadline) {
          const statuses = await Promise.all(
            arns.map(async (executionArn) => {
              const h = await callApi(c.url, 'GetExecutionHistory', { executionArn });
              return (h.json['events'] as Array<{ type: string }>).map((e) => e.type).join(',');
            }),
          );
          assert.fail(
            `only ${seen.size} of ${arns.length} tasks reached the worker:\n${statuses.join('\n')}`,
          );
        }
        const got = await callApi(c.url, 'GetActivityTask', {
          activityArn: ACTIVITY,
          workerName: 'far-worker',
        });
        assert.equal(got.status, 200, JSON.stringify(got.json));
        const token = got.json['taskToken'];
        if (typeof token !== 'string') continue;
        const input = JSON.parse(String(got.json['input'])) as { n: number };
        assert.ok(!seen.has(token), 'each task is handed out once');
        seen.add(token);
        const beat = await callApi(c.url, 'SendTaskHeartbeat', { taskToken: token });
        assert.equal(beat.status, 200, JSON.stringify(beat.json));
        const ok = await callApi(c.url, 'SendTaskSuccess', {
          taskToken: token,
          output: JSON.stringify({ doubled: input.n * 2 }),
        });
        assert.equal(ok.status, 200, JSON.stringify(ok.json));
      }
      for (const [i, executionArn] of arns.entries()) {
        let d = await callApi(c.url, 'DescribeExecution', { executionArn });
        for (let k = 0; k < 50 && d.json['status'] === 'RUNNING'; k++) {
          await sleep(100);
          d = await callApi(c.url, 'DescribeExecution', { executionArn });
        }
        assert.equal(d.json['status'], 'SUCCEEDED', JSON.stringify(d.json));
        assert.deepEqual(JSON.parse(String(d.json['output'])), { n: i, job: { doubled: 2 * i } });
        const h = await callApi(b.url, 'GetExecutionHistory', { executionArn });
        const events = h.json['events'] as Array<{ type: string; activityStartedEventDetails?: object }>;
        assert.deepEqual(
          events.map((e) => e.type),
          [
            'ExecutionStarted',
            'TaskStateEntered',
            'ActivityScheduled',
            'ActivityStarted',
            'ActivitySucceeded',
            'TaskStateExited',
            'ExecutionSucceeded',
          ],
        );
        assert.deepEqual(events[3]?.activityStartedEventDetails, { workerName: 'far-worker' });
      }
      // Nothing is left queued once the tasks are answered.
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const left = await client.query('SELECT count(*)::int AS n FROM activity_tasks');
      await client.end();
      assert.equal((left.rows[0] as { n: number }).n, 0);
    } finally {
      for (const s of servers) await killServer(s);
      await db.drop();
    }
  });
});
