// Billed transitions and estimated prices (AWS's counting rules) through POST /monitoring, after
// known workloads on a real server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DEFAULTS } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { sdkClient } from '../support/sdk-client.ts';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:';

interface Report {
  type: string;
  prices: { region: string; perTransition: number };
  truncated: boolean;
  executions: {
    name: string;
    status: string;
    billedTransitions: number;
    estimatedCostUsd: number;
    error?: string;
    states: Record<string, { outcome: string; visits: number; durationMs: number; error?: string }>;
  }[];
  days: {
    day: string;
    executions: number;
    billedTransitions: number;
    billedDurationMs: number;
    estimatedCostUsd: number;
  }[];
}

describe('billed transitions and estimated cost (POST /monitoring)', () => {
  let server: RunningServer;
  let client: SFNClient;

  before(async () => {
    server = await startServer({ ...DEFAULTS, host: '127.0.0.1', port: 0, examples: false, store: 'memory' });
    let calls = 0;
    server.integrations.functions.register('flaky', () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('first call fails'), { name: 'Flaky' });
      return { ok: true };
    });
    server.integrations.functions.register('boom', () => {
      throw Object.assign(new Error('always'), { name: 'Boom' });
    });
    client = sdkClient(server.url);
  });
  after(() => server.close());

  const create = async (name: string, states: object, startAt: string, type?: 'EXPRESS'): Promise<string> =>
    (
      await client.send(
        new CreateStateMachineCommand({
          name,
          definition: JSON.stringify({ StartAt: startAt, States: states }),
          roleArn: ROLE,
          ...(type ? { type } : {}),
        }),
      )
    ).stateMachineArn!;

  const run = async (arn: string, input: object): Promise<void> => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify(input) }),
    );
    for (;;) {
      const d = await client.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const report = async (body: object): Promise<Report> => {
    const res = await fetch(`${server.url}/monitoring`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as Report;
  };

  it('counts each state entered, each retry, and the states of Parallel branches and Inline Map iterations', async () => {
    const arn = await create(
      'Billed',
      {
        A: { Type: 'Pass', Next: 'B' },
        B: {
          Type: 'Task',
          Resource: `${LAMBDA}flaky`,
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
          ResultPath: null,
          Next: 'P',
        },
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } },
            { StartAt: 'Y', States: { Y: { Type: 'Pass', End: true } } },
          ],
          ResultPath: null,
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
      'A',
    );
    await run(arn, { items: [1, 2, 3] });
    const r = await report({ stateMachineArn: arn });
    assert.equal(r.type, 'STANDARD');
    assert.equal(r.executions.length, 1);
    const [e] = r.executions;
    // A, B, B's retry, P, X, Y, M, I ×3, Done.
    assert.equal(e?.billedTransitions, 11);
    assert.equal(e?.estimatedCostUsd, 11 * 0.000025);
    assert.equal(e?.states['B']?.outcome, 'recovered');
    assert.equal(e?.states['B']?.error, 'Flaky');
    assert.equal(e?.states['I']?.visits, 3);
    assert.equal(e?.states['Done']?.outcome, 'succeeded');
    assert.deepEqual(
      r.days.map((d) => [d.executions, d.billedTransitions]),
      [[1, 11]],
    );
  });

  it('marks the state an execution failed in, and prices in the region asked for', async () => {
    const arn = await create(
      'Failing',
      {
        Start: { Type: 'Pass', Next: 'Call' },
        Call: { Type: 'Task', Resource: `${LAMBDA}boom`, End: true },
      },
      'Start',
    );
    await run(arn, {});
    await run(arn, {});
    const r = await report({ stateMachineArn: arn, region: 'eu-west-1' });
    assert.equal(r.prices.region, 'eu-west-1');
    assert.deepEqual(
      r.executions.map((e) => [e.status, e.error, e.billedTransitions, e.states['Call']?.outcome]),
      [
        ['FAILED', 'Boom', 2, 'failed'],
        ['FAILED', 'Boom', 2, 'failed'],
      ],
    );
    const limited = await report({ stateMachineArn: arn, maxExecutions: 1 });
    assert.equal(limited.executions.length, 1);
    assert.equal(limited.truncated, true);
  });

  it('bills an Express execution per request and per 100 ms of duration in 64 MB', async () => {
    const arn = await create('Quick', { Only: { Type: 'Pass', End: true } }, 'Only', 'EXPRESS');
    for (let i = 0; i < 3; i++) await client.send(new StartSyncExecutionCommand({ stateMachineArn: arn }));
    const r = await report({ stateMachineArn: arn });
    assert.equal(r.type, 'EXPRESS');
    assert.equal(r.days.length, 1);
    const [day] = r.days;
    assert.equal(day?.executions, 3);
    assert.equal(day?.billedTransitions, 0);
    // Each run takes well under 100 ms, so each is billed the minimum 100 ms.
    assert.equal(day?.billedDurationMs, 300);
    const expected = 3 * 0.000001 + 0.3 * (64 / 1024) * 0.00001667;
    assert.ok(Math.abs((day?.estimatedCostUsd ?? 0) - expected) < 1e-12);
  });

  it('answers 400 without a state machine, and AWS’s error for an unknown one', async () => {
    const none = await fetch(`${server.url}/monitoring`, { method: 'POST', body: '{}' });
    assert.equal(none.status, 400);
    const unknown = await fetch(`${server.url}/monitoring`, {
      method: 'POST',
      body: JSON.stringify({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope' }),
    });
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { __type: string }).__type, 'StateMachineDoesNotExist');
  });
});
