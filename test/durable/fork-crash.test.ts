// A fork (Stepwise extension, docs/fork-and-compare.md) is durable like any execution: a server
// process on SQLite is killed with SIGKILL while a fork with an edited state input sleeps in a
// Wait; restarted on the same store, the fork resumes with its edit, runs no copied task again,
// and both executions still name each other.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../../src/engine/index.ts';
import { callOk as call, startServerProcess } from '../support/server-process.ts';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const FUNCTIONS = join(import.meta.dirname, 'crash-functions.mjs');

const DEFINITION = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
      Parameters: { 'n.$': '$.n' },
      ResultPath: '$.a',
      Next: 'Nap',
    },
    Nap: { Type: 'Wait', Seconds: 2, Next: 'Report' },
    Report: { Type: 'Pass', Parameters: { 'v.$': '$.a.v', 'n.$': '$.n' }, End: true },
  },
});

async function closed(url: string, executionArn: string): Promise<Record<string, unknown>> {
  for (;;) {
    const d = await call(url, 'DescribeExecution', { executionArn });
    if (d['status'] !== 'RUNNING') return d;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function history(url: string, executionArn: string): Promise<HistoryEvent[]> {
  const out = await call(url, 'GetExecutionHistory', { executionArn, maxResults: 1000 });
  return out['events'] as HistoryEvent[];
}

describe('fork: durable across a crash', { timeout: 60_000 }, () => {
  it('SQLite: a fork killed in its Wait resumes with its edit after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-fork-crash-'));
    const args = ['--data-dir', dir, '--functions', FUNCTIONS];
    try {
      let server = await startServerProcess(args);
      const { stateMachineArn } = (await call(server.url, 'CreateStateMachine', {
        name: 'forked',
        definition: DEFINITION,
        roleArn: ROLE,
      })) as { stateMachineArn: string };
      const { executionArn } = (await call(server.url, 'StartExecution', {
        stateMachineArn,
        name: 'source',
        input: '{"n":2}',
      })) as { executionArn: string };
      assert.equal((await closed(server.url, executionArn))['output'], '{"v":4,"n":2}');
      const source = await history(server.url, executionArn);
      const nap = source.find((e) => e.type === 'WaitStateEntered')!;
      const fork = (await call(server.url, 'StartForkedExecution', {
        executionArn,
        eventId: nap.id,
        name: 'fork',
        input: '{"n":5,"a":{"v":100}}',
      })) as { executionArn: string };
      // Killed while the fork sleeps in Nap (entered live with the edited input).
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await call(server.url, 'DescribeExecution', fork))['status'], 'RUNNING');
      server.child.kill('SIGKILL');
      await once(server.child, 'exit');

      server = await startServerProcess(args);
      try {
        const ended = await closed(server.url, fork.executionArn);
        assert.equal(ended['status'], 'SUCCEEDED');
        assert.equal(ended['output'], '{"v":100,"n":5}');
        const events = await history(server.url, fork.executionArn);
        assert.deepEqual(
          events.map((e) => e.id),
          events.map((_, i) => i + 1),
          'gap-free ids',
        );
        for (const e of events) assert.ok(e.previousEventId < e.id);
        // The copied events are the source's, the Task among them: it was not run again.
        assert.deepEqual(events.slice(0, nap.id - 1), source.slice(0, nap.id - 1));
        assert.equal(events.filter((e) => e.type.endsWith('Scheduled')).length, 1);
        assert.equal(events.filter((e) => e.type === 'WaitStateEntered').length, 1);
        const entered = events.find((e) => e.type === 'WaitStateEntered')!;
        assert.equal(entered['stateEnteredEventDetails']?.['input'], '{"n":5,"a":{"v":100}}');
        const lineage = await call(server.url, 'DescribeExecutionLineage', fork);
        assert.deepEqual(lineage['forkedFrom'], {
          executionArn,
          eventId: nap.id,
          editedStateName: 'Nap',
          editedInput: '{"n":5,"a":{"v":100}}',
        });
        const parent = await call(server.url, 'DescribeExecutionLineage', { executionArn });
        assert.deepEqual(parent['forks'], [fork.executionArn]);
        // The source closed before the restart: it can still be forked, and lists both forks.
        const again = (await call(server.url, 'StartForkedExecution', {
          executionArn,
          eventId: nap.id,
          name: 'fork-2',
        })) as { executionArn: string };
        assert.equal((await closed(server.url, again.executionArn))['output'], '{"v":4,"n":2}');
        const both = await call(server.url, 'DescribeExecutionLineage', { executionArn });
        assert.deepEqual(both['forks'], [fork.executionArn, again.executionArn]);
      } finally {
        server.child.kill('SIGKILL');
        await once(server.child, 'exit');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
