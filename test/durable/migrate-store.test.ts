// `stepwise migrate-store`: a SQLite store moved into an empty PostgreSQL database (to run several
// servers) keeps its catalog (machines, versions, aliases, tags, activities) and its executions
// with their histories; an execution open at the move finishes on a server of the new store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const MAIN = resolve(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const ROLE = 'arn:aws:iam::123456789012:role/r';

const WAITING = {
  StartAt: 'Nap',
  States: {
    Nap: { Type: 'Wait', Seconds: 3, Next: 'Done' },
    Done: { Type: 'Pass', Result: 'woke', End: true },
  },
};

/** Runs the CLI; its exit code and output. */
function cli(args: readonly string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, out, err })));
}

async function api(url: string, action: string, body: object): Promise<Record<string, unknown>> {
  const r = await callApi(url, action, body);
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.json)}`);
  return r.json;
}

it('migrate-store: a SQLite store moves into PostgreSQL with its catalog and open executions', async (t) => {
  const db = await createTestDatabase('migrate');
  if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-migrate-'));
  const from = `sqlite:${dir}`;
  try {
    const old = await startServerProcess(['--data-dir', dir]);
    const { stateMachineArn } = (await api(old.url, 'CreateStateMachine', {
      name: 'napper',
      definition: JSON.stringify(WAITING),
      roleArn: ROLE,
      tags: [{ key: 'team', value: 'blue' }],
    })) as { stateMachineArn: string };
    const { stateMachineVersionArn } = (await api(old.url, 'PublishStateMachineVersion', {
      stateMachineArn,
    })) as { stateMachineVersionArn: string };
    await api(old.url, 'CreateStateMachineAlias', {
      name: 'live',
      routingConfiguration: [{ stateMachineVersionArn, weight: 100 }],
    });
    const { activityArn } = (await api(old.url, 'CreateActivity', { name: 'chores' })) as {
      activityArn: string;
    };
    const started = await api(old.url, 'StartExecution', {
      stateMachineArn,
      name: 'open-one',
      input: '{"k":1}',
    });
    const executionArn = String(started['executionArn']);
    // Not while a server runs on it.
    const busy = await cli(['migrate-store', '--from', from, '--to', db.url]);
    assert.notEqual(busy.code, 0);
    assert.match(busy.err, /a server is running on the source store/);
    const before = await api(old.url, 'GetExecutionHistory', { executionArn });
    await killServer(old, 'SIGTERM');

    const moved = await cli(['migrate-store', '--from', from, '--to', db.url]);
    assert.equal(moved.code, 0, moved.err);
    assert.match(moved.out, /1 executions \(1 open, /);
    // Only into an empty store.
    const again = await cli(['migrate-store', '--from', from, '--to', db.url]);
    assert.notEqual(again.code, 0);
    assert.match(again.err, /not empty/);

    const next = await startServerProcess(['--store', db.url]);
    try {
      const machine = await api(next.url, 'DescribeStateMachine', { stateMachineArn });
      assert.deepEqual(JSON.parse(String(machine['definition'])), WAITING);
      const versions = await api(next.url, 'ListStateMachineVersions', { stateMachineArn });
      assert.deepEqual(
        (versions['stateMachineVersions'] as Array<{ stateMachineVersionArn: string }>).map(
          (v) => v.stateMachineVersionArn,
        ),
        [stateMachineVersionArn],
      );
      const aliases = await api(next.url, 'ListStateMachineAliases', { stateMachineArn });
      assert.equal((aliases['stateMachineAliases'] as unknown[]).length, 1);
      const tags = await api(next.url, 'ListTagsForResource', { resourceArn: stateMachineArn });
      assert.deepEqual(tags['tags'], [{ key: 'team', value: 'blue' }]);
      assert.equal((await api(next.url, 'DescribeActivity', { activityArn }))['name'], 'chores');
      // The open execution resumes on the new store and finishes, its history continued.
      let d = await api(next.url, 'DescribeExecution', { executionArn });
      for (let i = 0; i < 100 && d['status'] === 'RUNNING'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        d = await api(next.url, 'DescribeExecution', { executionArn });
      }
      assert.equal(d['status'], 'SUCCEEDED');
      assert.equal(d['output'], '"woke"');
      const after = (await api(next.url, 'GetExecutionHistory', { executionArn }))['events'] as Array<{
        id: number;
      }>;
      assert.deepEqual(after.slice(0, (before['events'] as unknown[]).length), before['events']);
      assert.ok(after.every((e, k) => e.id === k + 1));
    } finally {
      await killServer(next);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
});
