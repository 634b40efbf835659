// `stepwise fork` and `stepwise diff` (Stepwise extensions) against a running server.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/server/index.ts';
import { DEFAULTS, startServer } from '../../src/server/index.ts';
import { runCli } from '../integrations/support.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const definition = (limit: number) =>
  JSON.stringify({
    StartAt: 'Price',
    States: {
      Price: { Type: 'Pass', Parameters: { 'total.$': 'States.MathAdd($.amount, 5)' }, Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.total', NumericGreaterThan: limit, Next: 'Review' }],
        Default: 'Approve',
      },
      Review: { Type: 'Pass', Result: 'review', End: true },
      Approve: { Type: 'Pass', Result: 'approved', End: true },
    },
  });

describe('stepwise fork and stepwise diff', () => {
  let server: RunningServer;
  let source: string;
  let dir: string;
  let machine: { stateMachineArn: string };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-fork-cli-'));
    server = await startServer({ ...DEFAULTS, port: 0, host: '127.0.0.1', store: 'memory', examples: false });
    machine = server.engine.createStateMachine({
      name: 'Orders',
      definition: definition(100),
      roleArn: ROLE,
    });
    source = server.engine.startExecution({
      stateMachineArn: machine.stateMachineArn,
      name: 'o-1',
      input: '{"amount":10}',
    }).executionArn;
    assert.equal((await server.engine.waitForExecution(source)).output, '"approved"');
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forks from an event with an input file, waits, and diffs the two executions', async () => {
    const at = ['--endpoint', server.url];
    const events = server.engine.getExecutionHistory(source);
    const check = events.find((e) => e['stateEnteredEventDetails']?.['name'] === 'Check')!;
    const file = join(dir, 'input.json');
    writeFileSync(file, '{"total":500}');
    const forked = await runCli([
      'fork',
      source,
      '--from-event',
      String(check.id),
      '--input',
      `@${file}`,
      '--name',
      'o-1-big',
      '--wait',
      ...at,
    ]);
    assert.equal(forked.code, 0, forked.stderr);
    assert.match(forked.stdout, /:execution:Orders:o-1-big\nSUCCEEDED: "review"\n/);
    const fork = forked.stdout.split('\n')[0]!;

    const diff = await runCli(['diff', source, fork, ...at]);
    assert.equal(diff.code, 1, diff.stderr);
    const lines = diff.stdout.split('\n');
    assert.match(
      lines.find((l) => l.startsWith('>>'))!,
      /^>> Check\s+Check\s+input differs$/,
    );
    assert.ok(lines.includes('     left  input: {"total":15}'), diff.stdout);
    assert.ok(lines.includes('     right input: {"total":500}'), diff.stdout);
    assert.match(diff.stdout, /\* Approve\s+—\s+path differs/);
    assert.match(diff.stdout, /\* —\s+Review\s+path differs/);
    assert.match(diff.stdout, /first divergence: Check \(input differs\)\n$/);

    const same = await runCli(['diff', source, source, ...at]);
    assert.equal(same.code, 0);
    assert.match(same.stdout, /no divergence/);
  });

  it('forks onto the latest revision; refusals are one line', async () => {
    const at = ['--endpoint', server.url];
    server.engine.updateStateMachine({ stateMachineArn: machine.stateMachineArn, definition: definition(1) });
    const forked = await runCli(['fork', source, '--from-event', '2', '--latest', '--wait', ...at]);
    assert.equal(forked.code, 0, forked.stderr);
    assert.match(forked.stdout, /SUCCEEDED: "review"/);
    const missing = await runCli(['fork', source, ...at]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--from-event N is required/);
    const refused = await runCli(['fork', source, '--from-event', '99', ...at]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Event 99 is not in the execution's history/);
  });
});

describe('stepwise fork of an Express execution', () => {
  let server: RunningServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stepwise-fork-express-cli-'));
    server = await startServer({
      ...DEFAULTS,
      port: 0,
      host: '127.0.0.1',
      store: 'memory',
      examples: false,
      observability: { logs: { destination: { file: join(dir, 'log.jsonl') } } },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('forks from its log onto the latest revision; --wait is refused (an Express fork is not kept)', async () => {
    const at = ['--endpoint', server.url];
    const machine = server.engine.createStateMachine({
      name: 'Quick',
      definition: definition(100),
      roleArn: ROLE,
      type: 'EXPRESS',
      loggingConfiguration: {
        level: 'ALL',
        includeExecutionData: true,
        destinations: [
          { cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:q:*' } },
        ],
      },
    });
    const source = await server.engine.startSyncExecution({
      stateMachineArn: machine.stateMachineArn,
      input: '{"amount":10}',
    });
    assert.equal(source.output, '"approved"');
    server.engine.updateStateMachine({ stateMachineArn: machine.stateMachineArn, definition: definition(1) });
    const forked = await runCli(['fork', source.executionArn, '--from-event', '2', '--latest', ...at]);
    assert.equal(forked.code, 0, forked.stderr);
    assert.match(forked.stdout, /^arn:aws:states:us-east-1:123456789012:express:Quick:[^:]+:[^:]+\n$/);
    // Its outcome is in its log: the new revision's Choice sent it to Review.
    const fork = forked.stdout.trim();
    let end: { type: string; details?: { output?: string } } | undefined;
    while (!end) {
      await new Promise((r) => setTimeout(r, 10));
      await server.flushObservability();
      end = readFileSync(join(dir, 'log.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes(fork))
        .map((l) => JSON.parse(l) as { type: string; details?: { output?: string } })
        .find((r) => r.type === 'ExecutionSucceeded');
    }
    assert.equal(end.details?.output, '"review"');
    const waiting = await runCli(['fork', source.executionArn, '--from-event', '2', '--wait', ...at]);
    assert.equal(waiting.code, 2);
    assert.match(waiting.stderr, /--wait cannot follow the fork of an Express execution/);
  });
});
