// Schedules in a two-server cluster on one PostgreSQL database: only the leader fires, each
// scheduled time starts exactly one execution (named for it), and when the leader is killed the
// other server takes over and fires the times that follow, and those due while nobody led.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const ROLE = 'arn:aws:iam::123456789012:role/scheduler';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:tick';
const TIMES = 6;
const GAP_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await sleep(200);
  }
}

/** `at(2026-01-02T03:04:05)` of an instant (UTC, whole seconds). */
const atExpression = (ms: number): string => `at(${new Date(ms).toISOString().slice(0, 19)})`;
/** The execution name a schedule gives a scheduled time (`name-20260102T030405Z`). */
const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

interface Listed {
  readonly name: string;
  readonly startDate: number;
}

async function executions(url: string): Promise<Listed[]> {
  const r = await callApi(url, 'ListExecutions', { stateMachineArn: MACHINE, maxResults: 100 });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json['executions'] as Listed[];
}

describe('schedules in a two-server cluster (PostgreSQL)', { timeout: 240_000 }, () => {
  it('fire once per scheduled time, from the leader, and from the other server once it leads', async (t) => {
    const db = await createTestDatabase('schedules');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const servers: ServerProcess[] = [];
    try {
      const first = await startServerProcess(['--store', db.url]);
      servers.push(first);
      const second = await startServerProcess(['--store', db.url]);
      servers.push(second);
      assert.match(second.output(), /Standby/);
      const created = await callApi(first.url, 'CreateStateMachine', {
        name: 'tick',
        definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
        roleArn: ROLE,
      });
      assert.equal(created.status, 200, JSON.stringify(created.json));
      // One-time schedules a few seconds apart, created on the leader (whose runner plans at once).
      const start = Math.ceil((Date.now() + GAP_MS) / 1000) * 1000;
      const times = Array.from({ length: TIMES }, (_, i) => start + i * GAP_MS);
      for (const [i, time] of times.entries()) {
        const res = await fetch(`${first.url}/schedules/tick-${i}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            ScheduleExpression: atExpression(time),
            FlexibleTimeWindow: { Mode: 'OFF' },
            Target: { Arn: MACHINE, RoleArn: ROLE, Input: JSON.stringify({ i }) },
          }),
        });
        assert.equal(res.status, 200, await res.text());
      }
      // The first two times fire on the first server; then it is killed.
      await until('the first two times fire', async () => (await executions(first.url)).length >= 2);
      await killServer(first);
      const killedAt = Date.now();
      await until('the second server leads', () => Promise.resolve(/Now leading/.test(second.output())));
      await until('every time has fired', async () => (await executions(second.url)).length >= TIMES);
      await sleep(GAP_MS); // Nothing more comes: no time fires twice.
      const runs = await executions(second.url);
      assert.deepEqual(
        runs.map((r) => r.name).sort(),
        times.map((time, i) => `tick-${i}-${stamp(time)}`),
        'one execution per scheduled time',
      );
      for (const [i, time] of times.entries()) {
        const run = runs.find((r) => r.name === `tick-${i}-${stamp(time)}`)!;
        const startedMs = run.startDate * 1000;
        assert.ok(startedMs >= time, `tick-${i} started at or after its time`);
        // Before the kill, the first server; after it, the second (times due while nobody led
        // fire as soon as it leads: the catch-up policy).
        if (time + 1000 < killedAt) assert.ok(startedMs < killedAt, `tick-${i} by the first server`);
        if (time > killedAt) assert.ok(startedMs > killedAt, `tick-${i} by the second server`);
      }
      const exits = await Promise.all(
        runs.map((r) =>
          callApi(second.url, 'DescribeExecution', {
            executionArn: `arn:aws:states:us-east-1:123456789012:execution:tick:${r.name}`,
          }),
        ),
      );
      assert.deepEqual(
        exits
          .map((d) => JSON.parse(String(d.json['input'])) as unknown)
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        times.map((_, i) => ({ i })),
      );
    } finally {
      for (const s of servers) await killServer(s);
      await db.drop();
    }
  });
});
