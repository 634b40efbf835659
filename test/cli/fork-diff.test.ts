// `stepwise fork` and `stepwise diff` (Stepwise extensions) against a running server.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
