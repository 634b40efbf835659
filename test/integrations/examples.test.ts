import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { RunningServer } from '../../src/server/index.ts';
import { startServer } from '../../src/server/index.ts';
import type { Api } from '../api/harness.ts';
import { eventually, historyOf, runCli, settled } from './support.ts';
import { sdkClient } from '../support/sdk-client.ts';

const EXAMPLES = resolve(import.meta.dirname, '..', '..', 'examples');
const input = (example: string, file: string): string =>
  readFileSync(resolve(EXAMPLES, example, 'inputs', file), 'utf8');

let server: RunningServer;
let api: Pick<Api, 'client'>;

before(async () => {
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    region: 'us-east-1',
    account: '123456789012',
    dataDir: '.',
    store: 'memory',
    functionModules: [],
    examples: true,
  });
  api = {
    client: sdkClient(server.url),
  };
});
after(async () => {
  api.client.destroy();
  await server.close();
});

async function start(example: string, file: string): Promise<string> {
  const { executionArn } = await api.client.send(
    new StartExecutionCommand({
      stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${example}`,
      input: input(example, file),
    }),
  );
  return executionArn!;
}

describe('examples with workers and people in the loop (a real server)', () => {
  it('document-review: the bundled worker, run as `stepwise worker`, reviews both documents', async () => {
    const good = await start('document-review', 'good.json');
    const draft = await start('document-review', 'draft.json');
    const worker = await runCli([
      'worker',
      '--activity',
      'arn:aws:states:us-east-1:123456789012:activity:document-review',
      '--handler',
      resolve(EXAMPLES, 'document-review', 'worker.mjs'),
      '--endpoint',
      server.url,
      '--max-tasks',
      '2',
    ]);
    assert.equal(worker.code, 0, worker.stderr);
    // It says what it does (issue 19, item 6).
    assert.match(
      worker.stdout,
      /^Polling arn:aws:states:us-east-1:123456789012:activity:document-review at /m,
    );
    assert.equal(worker.stdout.match(/^Task (succeeded|failed)/gm)?.length, 2, worker.stdout);
    const published = await settled(api as Api, good);
    assert.deepEqual(JSON.parse(published.output!), {
      status: 'published',
      title: 'Release notes',
      words: 14,
    });
    const sentBack = JSON.parse((await settled(api as Api, draft)).output!) as {
      status: string;
      issues: string[];
    };
    assert.equal(sentBack.status, 'changes requested');
    assert.ok(sentBack.issues.some((i) => i.includes('TODO')));
  });

  /** The token the approval task passed on (`$$.Task.Token` in its TaskScheduled parameters). */
  const approvalToken = (executionArn: string): Promise<string> =>
    eventually(async () => {
      const scheduled = (await historyOf(api as Api, executionArn)).find((e) => e.type === 'TaskScheduled');
      const parameters = scheduled?.taskScheduledEventDetails?.parameters;
      return parameters
        ? (JSON.parse(parameters) as { Payload: { taskToken: string } }).Payload.taskToken
        : undefined;
    });

  it('expense-approval: a large expense waits for a person; `stepwise send-task-success` approves it', async () => {
    const small = await start('expense-approval', 'small.json');
    assert.equal((await settled(api as Api, small)).status, 'SUCCEEDED');
    const large = await start('expense-approval', 'large.json');
    const token = await approvalToken(large);
    const approve = await runCli([
      'send-task-success',
      token,
      '{"approved":true,"approver":"ada"}',
      '--endpoint',
      server.url,
    ]);
    assert.equal(approve.code, 0, approve.stderr);
    assert.match(
      approve.stdout,
      /^SendTaskSuccess sent to http:\S+: the task continues with \{"approved":true/,
    );
    const d = await settled(api as Api, large);
    assert.deepEqual(JSON.parse(d.output!), {
      status: 'reimbursed',
      employee: 'alan',
      amount: 1800,
      approvedBy: 'ada',
    });
  });

  it('expense-approval: `stepwise send-task-failure … Rejected` rejects it', async () => {
    const large = await start('expense-approval', 'large.json');
    const token = await approvalToken(large);
    const reject = await runCli([
      'send-task-failure',
      token,
      'Rejected',
      'over budget',
      '--endpoint',
      server.url,
    ]);
    assert.equal(reject.code, 0, reject.stderr);
    assert.match(
      reject.stdout,
      /^SendTaskFailure sent to http:\S+: the task fails with Rejected: over budget/,
    );
    const d = await settled(api as Api, large);
    assert.deepEqual(JSON.parse(d.output!), {
      status: 'rejected',
      employee: 'alan',
      amount: 1800,
      why: 'over budget',
    });
  });
});
