// The metrics added beside AWS's, checked after known workloads on a server with a SQLite store:
// billed transitions, Express billed duration, Map Runs, store calls and group commits, timer lag.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateStateMachineCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DEFAULTS } from '../../src/config/index.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { sdkClient } from '../support/sdk-client.ts';

const ROLE = 'arn:aws:iam::123456789012:role/stepwise';

/** The value of one sample of a Prometheus text scrape, by metric name and exact label text. */
function sample(scrape: string, name: string, labels = ''): number {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics: billing, Map Runs, store, group commit and timers', () => {
  let server: RunningServer;
  let client: SFNClient;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'stepwise-metrics-'));
    server = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'sqlite',
      dataDir,
    });
    let calls = 0;
    server.integrations.functions.register('flaky', () => {
      if (++calls === 1) throw Object.assign(new Error('first call fails'), { name: 'Flaky' });
      return {};
    });
    client = sdkClient(server.url);
  });
  after(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const scrape = async (): Promise<string> => (await fetch(`${server.url}/metrics`)).text();
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
  const run = async (stateMachineArn: string, input: object = {}): Promise<void> => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
    );
    await server.engine.waitForExecution(executionArn!);
    await server.engine.flushed();
  };

  it('counts billed transitions by AWS’s rules: states entered, retries, Inline Map iterations’ states', async () => {
    const arn = await create(
      'Billed',
      {
        A: { Type: 'Pass', Next: 'B' },
        B: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:flaky',
          Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 2 }],
          ResultPath: null,
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
      'A',
    );
    await run(arn, { items: [1, 2] });
    await run(arn, { items: [1, 2, 3] });
    const text = await scrape();
    // A, B, one retry (first run only), M, and I per item: 6 + 6.
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', 'state_machine="Billed"'), 12);
  });

  it('times every store call and measures each group commit’s batch', async () => {
    const before = await scrape();
    const arn = await create(
      'Commits',
      { P: { Type: 'Pass', Next: 'Q' }, Q: { Type: 'Pass', End: true } },
      'P',
    );
    for (let i = 0; i < 3; i++) await run(arn);
    const text = await scrape();
    const delta = (name: string, labels = ''): number =>
      sample(text, name, labels) - (sample(before, name, labels) || 0);
    // Each run writes 6 events (started, 2 × entered/exited, succeeded), whatever the batching.
    assert.equal(delta('stepwise_group_commit_events_sum'), 18);
    const commits = delta('stepwise_group_commit_duration_seconds_count');
    assert.ok(commits >= 3, `commits: ${commits}`);
    assert.equal(delta('stepwise_store_operation_duration_seconds_count', 'operation="commit"'), commits);
    assert.equal(delta('stepwise_group_commit_events_count'), commits);
    assert.match(text, /stepwise_group_commit_events_bucket\{le="5000"\}/);
  });

  it('bills each Express execution at least 100 ms', async () => {
    const arn = await create('Quick', { Only: { Type: 'Pass', End: true } }, 'Only', 'EXPRESS');
    for (let i = 0; i < 3; i++) await client.send(new StartSyncExecutionCommand({ stateMachineArn: arn }));
    const text = await scrape();
    const q = 'state_machine="Quick"';
    assert.equal(sample(text, 'stepwise_ExpressExecutionBilledDuration_count', q), 3);
    assert.equal(sample(text, 'stepwise_ExpressExecutionBilledDuration_sum', q), 300);
    assert.equal(sample(text, 'stepwise_ExpressExecutionBilledDuration_bucket', `le="100",${q}`), 3);
    // Express is billed by duration, not by transitions.
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', q), 0);
  });

  it('counts Map Runs and how they closed; none stays open', async () => {
    const arn = await create(
      'Distributed',
      {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Work',
            States: { Work: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
      'Fan',
    );
    await run(arn, { items: [1, 2, 3] });
    await run(arn, { items: [4] });
    const text = await scrape();
    const d = 'state_machine="Distributed"';
    assert.equal(sample(text, 'stepwise_map_runs_started_total', d), 2);
    assert.equal(sample(text, 'stepwise_map_runs_closed_total', `${d},status="SUCCEEDED"`), 2);
    assert.equal(sample(text, 'stepwise_map_runs_closed_total', `${d},status="FAILED"`), 0);
    assert.equal(sample(text, 'stepwise_ApproximateOpenMapRunCount'), 0);
    // No quota on open Map Runs, so nothing waits for one (AWS: 1,000, and a backlog beyond).
    assert.match(text, /^stepwise_OpenMapRunLimit \+Inf$/m);
    assert.equal(sample(text, 'stepwise_ApproximateMapRunBacklogSize'), 0);
  });

  it('measures how late each timer fired', async () => {
    const arn = await create('Sleepy', { Nap: { Type: 'Wait', Seconds: 1, End: true } }, 'Nap');
    const before = sample(await scrape(), 'stepwise_timer_lag_seconds_count');
    await run(arn);
    const text = await scrape();
    assert.equal(sample(text, 'stepwise_timer_lag_seconds_count') - before, 1);
    assert.ok(sample(text, 'stepwise_timer_lag_seconds_sum') >= 0);
  });
});
