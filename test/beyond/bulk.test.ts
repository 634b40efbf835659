// Bulk operations by query (issue 20, a Stepwise extension): each filter member, the dry run,
// stop and redrive with a result per execution, the rate limit, cancel, and `stepwise bulk`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callApi } from '../../src/client/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { startServer } from '../../src/server/index.ts';
import { runCli } from '../integrations/support.ts';

type Obj = Record<string, unknown>;
const ACCOUNT = '123456789012';
const arnOf = (name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}`;

/** Fails with `Boom` for odd n, succeeds for even n; waits an hour when asked to. */
const DEFINITION = {
  StartAt: 'Route',
  States: {
    Route: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.wait', IsPresent: true, Next: 'Sleep' },
        { Variable: '$.odd', BooleanEquals: true, Next: 'Odd' },
      ],
      Default: 'Even',
    },
    Sleep: { Type: 'Wait', Seconds: 3600, End: true },
    Odd: { Type: 'Fail', Error: 'Boom', Cause: 'odd' },
    Even: { Type: 'Pass', Result: { even: true }, ResultPath: '$.result', End: true },
  },
};

describe('bulk operations by query (Stepwise extension)', () => {
  let server: RunningServer;
  const call = (action: string, body: Obj) => callApi(server.url, action, body);
  const started: Record<string, string> = {};

  async function run(machine: string, name: string, input: Obj): Promise<void> {
    const r = await call('StartExecution', {
      stateMachineArn: arnOf(machine),
      name,
      input: JSON.stringify(input),
    });
    started[name] = String(r['executionArn']);
  }

  async function settle(id: string): Promise<Obj> {
    for (;;) {
      const d = await call('DescribeBulkOperation', { bulkOperationId: id, maxResults: 1000 });
      if (d['status'] !== 'RUNNING') return d;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const dry = async (action: string, filter: Obj) =>
    ((await call('StartBulkOperation', { action, filter, dryRun: true }))['executionArns'] as string[])
      .map((arn) => arn.split(':').at(-1))
      .sort();

  before(async () => {
    server = await startServer({
      host: '127.0.0.1',
      port: 0,
      region: 'us-east-1',
      account: ACCOUNT,
      dataDir: '.',
      store: 'memory',
      functionModules: [],
      examples: false,
    });
    for (const name of ['alpha', 'beta']) {
      await call('CreateStateMachine', {
        name,
        definition: JSON.stringify(DEFINITION),
        roleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
      });
    }
    for (let n = 0; n < 6; n++) await run('alpha', `a${n}`, { n, odd: n % 2 === 1 });
    await run('beta', 'b0', { n: 10, odd: true });
    await run('alpha', 'sleeper1', { n: 100, wait: true });
    await run('alpha', 'sleeper2', { n: 101, wait: true });
    for (const arn of Object.values(started)) {
      for (;;) {
        const d = await call('DescribeExecution', { executionArn: arn });
        if (d['status'] !== 'RUNNING' || arn.includes('sleeper')) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  });
  after(() => server.close());

  it('each filter member narrows the dry run', async () => {
    assert.deepEqual(await dry('redrive', { statuses: ['FAILED'] }), ['a1', 'a3', 'a5', 'b0']);
    assert.deepEqual(await dry('redrive', { stateMachineArn: arnOf('alpha'), errorNames: ['Boom'] }), [
      'a1',
      'a3',
      'a5',
    ]);
    assert.deepEqual(await dry('stop', { statuses: ['RUNNING'] }), ['sleeper1', 'sleeper2']);
    assert.deepEqual(await dry('stop', { stateReached: 'Even' }), ['a0', 'a2', 'a4']);
    assert.deepEqual(await dry('stop', { inputMatches: 'n >= 4 and n < 11' }), ['a4', 'a5', 'b0']);
    assert.deepEqual(await dry('stop', { outputMatches: 'result.even and n > 0' }), ['a2', 'a4']);
    const a3 = await call('DescribeExecution', { executionArn: started['a3']! });
    const from = a3['startDate'] as number;
    assert.deepEqual(
      await dry('stop', { stateMachineArn: arnOf('alpha'), startedAfter: from, inputMatches: 'n < 6' }),
      ['a3', 'a4', 'a5'],
    );
    assert.deepEqual(
      await dry('stop', {
        startedBefore: new Date(from * 1000).toISOString(),
        stateMachineArn: arnOf('alpha'),
      }),
      ['a0', 'a1', 'a2'],
    );
  });

  it('a bad filter is refused with what is wrong', async () => {
    await assert.rejects(
      call('StartBulkOperation', { action: 'stop', filter: { inputMatches: 'n >' } }),
      /ValidationException|filter\.inputMatches is not a JSONata expression/,
    );
    await assert.rejects(
      call('StartBulkOperation', { action: 'stop', filter: { colour: 'red' } }),
      /filter\.colour/,
    );
    await assert.rejects(
      call('StartBulkOperation', { action: 'explode', filter: {} }),
      /action must be one of stop, redrive/,
    );
    await assert.rejects(call('DescribeBulkOperation', { bulkOperationId: 'nope' }), /does not exist/);
  });

  it('redrive: every matched execution once, each with its result; the run touches the dry run set', async () => {
    const filter = { stateMachineArn: arnOf('alpha'), statuses: ['FAILED'] };
    const listed = (await call('StartBulkOperation', { action: 'redrive', filter, dryRun: true }))[
      'executionArns'
    ];
    const op = await call('StartBulkOperation', { action: 'redrive', filter, ratePerSecond: 5 });
    const d = await settle(String(op['bulkOperationId']));
    assert.equal(d['status'], 'SUCCEEDED');
    const results = d['results'] as Obj[];
    assert.deepEqual(
      results.map((r) => r['executionArn']),
      listed,
    );
    assert.deepEqual(
      results.map((r) => r['outcome']),
      ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED'],
    );
    // Rate-limited: 3 executions at 5 per second are spread over at least 0.4 s.
    const dates = results.map((r) => r['date'] as number);
    assert.ok(Math.max(...dates) - Math.min(...dates) >= 0.39, JSON.stringify(dates));
    for (const arn of listed as string[]) {
      const e = await call('DescribeExecution', { executionArn: arn });
      assert.equal(e['redriveCount'], 1, arn);
    }
  });

  it('stop: running ones are stopped with the given cause, closed ones are skipped with why', async () => {
    const filter = { stateMachineArn: arnOf('alpha'), inputMatches: 'n >= 5' };
    const op = await call('StartBulkOperation', {
      action: 'stop',
      filter,
      ratePerSecond: 100,
      cause: 'clean-up',
    });
    const d = await settle(String(op['bulkOperationId']));
    const outcome = Object.fromEntries(
      (d['results'] as Obj[]).map((r): [string, unknown[]] => [
        String(r['executionArn']).split(':').at(-1) ?? '',
        [r['outcome'], r['message']],
      ]),
    );
    assert.deepEqual(outcome, {
      a5: ['SKIPPED', 'already FAILED'],
      sleeper1: ['SUCCEEDED', undefined],
      sleeper2: ['SUCCEEDED', undefined],
    });
    const s = await call('DescribeExecution', { executionArn: started['sleeper1']! });
    assert.deepEqual(
      [s['status'], s['error'], s['cause']],
      ['ABORTED', 'Stepwise.BulkOperation', 'clean-up'],
    );
    const list = (await call('ListBulkOperations', {}))['bulkOperations'] as Obj[];
    assert.equal(list[0]!['bulkOperationId'], op['bulkOperationId']);
    assert.deepEqual(list[0]!['progress'], { done: 3, succeeded: 2, skipped: 1, failed: 0 });
  });

  it('`stepwise bulk redrive --dry-run` lists, `stepwise bulk redrive` follows to the end', async () => {
    const filter = JSON.stringify({ stateMachineArn: arnOf('beta'), errorNames: ['Boom'] });
    const listed = await runCli([
      'bulk',
      'redrive',
      '--filter',
      filter,
      '--dry-run',
      '--endpoint',
      server.url,
    ]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /execution:beta:b0\ndry run: 1 executions would be redriven/);
    const ran = await runCli([
      'bulk',
      'redrive',
      '--filter',
      filter,
      '--rate',
      '10',
      '--endpoint',
      server.url,
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(
      ran.stdout,
      /1 executions to redrive[^]*SUCCEEDED: 1\/1 done \(1 succeeded, 0 skipped, 0 failed\)/,
    );
  });
});
