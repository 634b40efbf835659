// Bulk fork (issue 20, a Stepwise extension): every matched execution forked from a state's last
// entry onto a fixed version, the ones that never entered it skipped with why, the fork's name
// the same for a slice run again (after a crash) so nothing is forked twice; API and CLI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BulkOperation } from '../../src/bulk/index.ts';
import { applyAction } from '../../src/bulk/index.ts';
import { callApi } from '../../src/client/index.ts';
import type { RunningServer } from '../../src/server/index.ts';
import { startServer } from '../../src/server/index.ts';
import { runCli } from '../integrations/support.ts';
import { BROKEN_ORDERS, FIXED_ORDERS } from '../support/fork-orders.ts';

type Obj = Record<string, unknown>;
const ACCOUNT = '123456789012';
const MACHINE = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:orders`;

describe('bulk fork (Stepwise extension)', () => {
  let server: RunningServer;
  let fixedVersion = '';
  const call = (action: string, body: Obj) => callApi(server.url, action, body);
  const sources: Record<string, string> = {};

  async function settle(id: string): Promise<Obj> {
    for (;;) {
      const d = await call('DescribeBulkOperation', { bulkOperationId: id, maxResults: 1000 });
      if (d['status'] !== 'RUNNING') return d;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const byName = (d: Obj): Record<string, [unknown, unknown]> =>
    Object.fromEntries(
      (d['results'] as Obj[]).map((r): [string, [unknown, unknown]] => [
        String(r['executionArn']).split(':').at(-1) ?? '',
        [r['outcome'], r['message']],
      ]),
    );

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
    await call('CreateStateMachine', {
      name: 'orders',
      definition: JSON.stringify(BROKEN_ORDERS),
      roleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
      publish: true,
    });
    const inputs: Record<string, Obj> = {
      r1: { n: 1 },
      r2: { n: 2 },
      r3: { n: 3 },
      e1: { n: 4, early: true },
      ok1: { n: 5, ok: true },
    };
    for (const [name, input] of Object.entries(inputs)) {
      const r = await call('StartExecution', {
        stateMachineArn: MACHINE,
        name,
        input: JSON.stringify(input),
      });
      sources[name] = String(r['executionArn']);
      await server.engine.waitForExecution(sources[name]);
    }
    const updated = await call('UpdateStateMachine', {
      stateMachineArn: MACHINE,
      definition: JSON.stringify(FIXED_ORDERS),
      publish: true,
    });
    fixedVersion = String(updated['stateMachineVersionArn']);
  });
  after(() => server.close());

  it('forks each failed execution from Check onto the fixed version; one that never entered Check is skipped', async () => {
    const filter = { stateMachineArn: MACHINE, statuses: ['FAILED'] };
    const dry = await call('StartBulkOperation', {
      action: 'fork',
      filter,
      fromState: 'Check',
      stateMachineArn: fixedVersion,
      dryRun: true,
    });
    assert.equal(dry['executionCount'], 4);
    // The dry run says per execution what the run will do: e1 never entered Check.
    const preview: Record<string, Obj> = Object.fromEntries(
      (dry['results'] as Obj[]).map((r): [string, Obj] => [
        String(r['executionArn']).split(':').at(-1) ?? '',
        r,
      ]),
    );
    assert.deepEqual(preview['e1'], {
      executionArn: sources['e1'],
      outcome: 'SKIPPED',
      message: "it never entered state 'Check'",
    });
    assert.equal(preview['r1']?.['outcome'], 'SUCCEEDED');
    assert.equal(typeof preview['r1']?.['eventId'], 'number');
    const op = await call('StartBulkOperation', {
      action: 'fork',
      filter,
      fromState: 'Check',
      stateMachineArn: fixedVersion,
      ratePerSecond: 100,
    });
    const d = await settle(String(op['bulkOperationId']));
    assert.equal(d['status'], 'SUCCEEDED');
    assert.equal(d['fromState'], 'Check');
    assert.deepEqual(d['progress'], { done: 4, succeeded: 3, skipped: 1, failed: 0 });
    const outcomes = byName(d);
    assert.deepEqual(outcomes['e1'], ['SKIPPED', "it never entered state 'Check'"]);
    // The same executions, in the same order, with the same outcomes as the dry run.
    assert.deepEqual(
      (d['results'] as Obj[]).map((r) => [r['executionArn'], r['outcome']]),
      (dry['results'] as Obj[]).map((r) => [r['executionArn'], r['outcome']]),
    );
    for (const name of ['r1', 'r2', 'r3']) {
      const [outcome, forkArn] = outcomes[name]!;
      assert.equal(outcome, 'SUCCEEDED', name);
      assert.match(String(forkArn), /:execution:orders:bulk-[0-9a-f]{32}-[0-9a-f]{16}$/);
      const fork = await server.engine.waitForExecution(String(forkArn));
      assert.equal(fork.status, 'SUCCEEDED', name);
      assert.equal(fork.stateMachineVersionArn, fixedVersion);
      assert.deepEqual(JSON.parse(fork.output ?? 'null'), {
        ...JSON.parse(server.engine.describeExecution(sources[name]!).input),
        result: 'done',
      });
      // The fork continued from Check's entry: Prepare's events were copied, not run again.
      const history = await server.engine.readExecutionHistory(String(forkArn));
      assert.equal(history.filter((e) => e.type === 'ChoiceStateEntered').length, 2);
      assert.deepEqual(server.engine.describeExecution(sources[name]!).forks, [forkArn]);
    }
  });

  it('a slice run again (as after a crash) recognises its forks and forks nothing twice', async () => {
    const op: BulkOperation = {
      bulkOperationId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      action: 'fork',
      filter: {},
      ratePerSecond: 10,
      fork: { input: '{"n": 9, "ok": true}' },
      createdAt: 0,
      status: 'RUNNING',
      targets: [sources['e1']!],
    };
    const first = await applyAction(server.engine, op, sources['e1']!);
    await server.engine.flushed();
    const again = await applyAction(server.engine, op, sources['e1']!);
    assert.equal(first.outcome, 'SUCCEEDED');
    assert.deepEqual(again, first);
    assert.deepEqual(server.engine.describeExecution(sources['e1']!).forks, [first.message]);
    // Without fromState the fork starts at the first state's entry, here with the edited input.
    const fork = await server.engine.waitForExecution(first.message!);
    assert.equal(fork.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(fork.output ?? 'null'), { n: 9, ok: true, result: 'done' });
  });

  it("a dry run predicts a fork refused per execution (FAILED) with the real run's words", async () => {
    // Version 3 has no Prepare state: a fork from Check copies Prepare's entry, which no longer fits.
    const { Prepare: _, Early: __, ...rest } = FIXED_ORDERS.States;
    const v3 = await call('UpdateStateMachine', {
      stateMachineArn: MACHINE,
      definition: JSON.stringify({ StartAt: 'Check', States: rest }),
      publish: true,
    });
    const request = {
      action: 'fork',
      filter: { stateMachineArn: MACHINE, statuses: ['FAILED'], errorNames: ['Early', 'Refused'] },
      fromState: 'Check',
      stateMachineArn: v3['stateMachineVersionArn'],
      ratePerSecond: 100,
    };
    const dry = await call('StartBulkOperation', { ...request, dryRun: true });
    const op = await call('StartBulkOperation', request);
    const d = await settle(String(op['bulkOperationId']));
    const outcomes = (r: Obj) => [r['executionArn'], r['outcome'], r['message']];
    assert.deepEqual((d['results'] as Obj[]).map(outcomes), (dry['results'] as Obj[]).map(outcomes));
    assert.deepEqual(d['progress'], { done: 4, succeeded: 0, skipped: 1, failed: 3 });
    assert.match(
      String((d['results'] as Obj[])[0]?.['message']),
      /^ValidationException: Cannot fork onto .*State 'Prepare' \(entered at event \d+\) does not exist/,
    );
  });

  it('the machine, version or alias to fork onto is found when the operation starts', async () => {
    const start = (body: Obj) =>
      call('StartBulkOperation', { action: 'fork', filter: { stateMachineArn: MACHINE }, ...body });
    for (const missing of [`${MACHINE}:99`, `${MACHINE}:PROD`, `${MACHINE}-gone`]) {
      for (const dryRun of [true, false]) {
        await assert.rejects(start({ stateMachineArn: missing, dryRun }), (e: Error) => {
          assert.equal(e.name, 'StateMachineDoesNotExist', missing);
          assert.match(e.message, new RegExp(missing));
          return true;
        });
      }
    }
    // A version of another machine than the filter's would fail every fork: refused at once.
    await call('CreateStateMachine', {
      name: 'other',
      definition: JSON.stringify(FIXED_ORDERS),
      roleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
      publish: true,
    });
    await assert.rejects(
      start({ stateMachineArn: `${MACHINE.replace(/orders$/, 'other')}:1` }),
      /ValidationException|is not a revision, version or alias of/,
    );
    const ops = await call('ListBulkOperations', {});
    assert.equal((ops['bulkOperations'] as Obj[]).length, 2, 'no operation was made by a refused start');
    // An alias that exists is found.
    await call('CreateStateMachineAlias', {
      name: 'LIVE',
      routingConfiguration: [{ stateMachineVersionArn: fixedVersion, weight: 100 }],
    });
    const dry = await start({ stateMachineArn: `${MACHINE}:LIVE`, dryRun: true, fromState: 'Check' });
    assert.equal(dry['dryRun'], true);
  });

  it("servers' own ApplyBulkAction is not a client's action, whatever header it forges", async () => {
    for (const headers of [{}, { 'x-stepwise-peer-call': 'guess', 'x-stepwise-forwarded': 'guess' }]) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AWSStepFunctions.ApplyBulkAction',
          ...headers,
        },
        body: JSON.stringify({ operation: { action: 'stop' }, executionArn: sources['r1'], preview: false }),
      });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as Obj)['__type'] as string, /UnknownOperation/);
    }
  });

  it('fork members are validated, and refused on other actions', async () => {
    const start = (body: Obj) => call('StartBulkOperation', { filter: {}, dryRun: true, ...body });
    await assert.rejects(
      start({ action: 'stop', fromState: 'Check' }),
      /ValidationException|fromState can be given only with action fork/,
    );
    await assert.rejects(
      start({ action: 'fork', fromState: 'x'.repeat(81) }),
      /fromState must be a string of at most 80/,
    );
    await assert.rejects(start({ action: 'fork', input: '{nope' }), /Invalid input/);
    await assert.rejects(
      start({ action: 'fork', stateMachineArn: 'arn:aws:states:us-east-1:1:execution:a:b' }),
      /stateMachineArn must be a state machine, version or alias ARN/,
    );
    await assert.rejects(start({ action: 'explode' }), /action must be one of stop, redrive, fork/);
  });

  it('`stepwise bulk fork --from-state … --state-machine …` lists with --dry-run and follows a run', async () => {
    const filter = JSON.stringify({
      stateMachineArn: MACHINE,
      errorNames: ['Refused'],
      inputMatches: 'n = 1',
    });
    const flags = ['--filter', filter, '--from-state', 'Check', '--state-machine', fixedVersion];
    const listed = await runCli(['bulk', 'fork', ...flags, '--dry-run', '--endpoint', server.url]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /execution:orders:r1\ndry run: 1 executions would be forked/);
    const ran = await runCli(['bulk', 'fork', ...flags, '--rate', '10', '--endpoint', server.url]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(
      ran.stdout,
      /1 executions to fork[^]*SUCCEEDED: 1\/1 done \(1 succeeded, 0 skipped, 0 failed\)/,
    );
    const refused = await runCli(['bulk', 'stop', '--from-state', 'Check', '--endpoint', server.url]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /--from-state, --state-machine and --input are for stepwise bulk fork/);
    // A second operation is a fork of its own (another name): r1 now has two.
    assert.equal(server.engine.describeExecution(sources['r1']!).forks?.length, 2);
  });
});
