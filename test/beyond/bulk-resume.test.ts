// Bulk operations by query (issue 20): a redrive of 10,000 failed executions on SQLite touches
// the set its dry run listed, and after a real SIGKILL in the middle it resumes on restart
// without redriving any execution twice (each history has exactly one ExecutionRedriven).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULTS } from '../../src/server/index.ts';
import { openStore } from '../../src/store/drivers.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';
import { seedExecutions } from '../support/seed-executions.ts';

const TARGETS = 10_000;
const MACHINE = `arn:aws:states:us-east-1:${DEFAULTS.account}:stateMachine:bulk-target`;
const DEFINITION = {
  StartAt: 'Check',
  States: {
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.n', NumericLessThan: TARGETS, Next: 'Boom' }],
      Default: 'Fine',
    },
    Boom: { Type: 'Fail', Error: 'Boom', Cause: 'on purpose' },
    Fine: { Type: 'Succeed' },
  },
};
const FILTER = {
  stateMachineArn: MACHINE,
  statuses: ['FAILED'],
  errorNames: ['Boom'],
  inputMatches: 'n < 10000',
};

/** 10,000 executions that fail (the targets) and a few that succeed, written in process. */
async function seed(dataDir: string): Promise<void> {
  const inputs = Array.from({ length: TARGETS + 20 }, (_, n) => ({ n }));
  await seedExecutions(dataDir, { name: 'bulk-target', definition: DEFINITION }, inputs);
}

async function api(server: ServerProcess, action: string, body: object): Promise<Record<string, unknown>> {
  const { status, json } = await callApi(server.url, action, body);
  assert.equal(status, 200, JSON.stringify(json));
  return json;
}

describe('bulk redrive of 10,000 executions, killed and resumed (SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-bulk-'));
  let server: ServerProcess | undefined;
  after(async () => {
    if (server) await killServer(server, 'SIGTERM');
  });

  it('the dry run and the run touch the same set; after a SIGKILL none is touched twice', async () => {
    await seed(dataDir);
    const args = ['--store', 'sqlite', '--data-dir', dataDir];
    server = await startServerProcess(args);
    const dry = await api(server, 'StartBulkOperation', { action: 'redrive', filter: FILTER, dryRun: true });
    const listed = dry['executionArns'] as string[];
    assert.equal(listed.length, TARGETS);
    assert.equal(new Set(listed).size, TARGETS);
    const started = await api(server, 'StartBulkOperation', {
      action: 'redrive',
      filter: FILTER,
      ratePerSecond: 1500,
    });
    const bulkOperationId = started['bulkOperationId'] as string;
    assert.equal(started['executionCount'], TARGETS);
    // Kill it in the middle: once some slices are written and many remain.
    let before = 0;
    for (;;) {
      const d = await api(server, 'DescribeBulkOperation', { bulkOperationId, maxResults: 0 });
      before = (d['progress'] as { done: number }).done;
      if (before >= 1500) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await killServer(server, 'SIGKILL');
    assert.ok(before < TARGETS, `killed at ${before}`);

    server = await startServerProcess(args);
    let d: Record<string, unknown>;
    for (;;) {
      d = await api(server, 'DescribeBulkOperation', { bulkOperationId, maxResults: 0 });
      if (d['status'] !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(d['status'], 'SUCCEEDED');
    assert.deepEqual(d['progress'], { done: TARGETS, succeeded: TARGETS, skipped: 0, failed: 0 });
    const touched: string[] = [];
    for (let from = 0; from < TARGETS; from += 1000) {
      const page = await api(server, 'DescribeBulkOperation', {
        bulkOperationId,
        resultsFrom: from,
        maxResults: 1000,
      });
      touched.push(...(page['results'] as Array<{ executionArn: string }>).map((r) => r.executionArn));
    }
    assert.deepEqual(touched, listed, 'the run worked through exactly the dry run, in its order');
    await killServer(server, 'SIGTERM');
    server = undefined;

    // The histories are the proof: one ExecutionRedriven each, none for the executions not matched.
    const store = await openStore({ store: 'sqlite', dataDir });
    try {
      const twice: string[] = [];
      const never: string[] = [];
      for (const arn of listed) {
        const redriven = (await store.getHistory(arn)).filter((e) => e.data['type'] === 'ExecutionRedriven');
        if (redriven.length > 1) twice.push(arn);
        if (redriven.length === 0) never.push(arn);
      }
      assert.deepEqual({ twice: twice.length, never: never.length }, { twice: 0, never: 0 });
      const others = (await store.listExecutions({ stateMachineArn: MACHINE, status: 'SUCCEEDED' })).length;
      assert.equal(others, 20);
    } finally {
      await store.close();
    }
  });
});
