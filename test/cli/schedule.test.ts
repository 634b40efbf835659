// `stepwise schedule …` against a running server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/server/index.ts';
import { DEFAULTS, startServer } from '../../src/server/index.ts';
import { runCli } from '../integrations/support.ts';

const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

describe('stepwise schedule', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ ...DEFAULTS, port: 0, host: '127.0.0.1', store: 'memory', examples: false });
    server.engine.createStateMachine({
      name: 'Report',
      definition: PASS,
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
  });
  after(() => server.close());

  it('creates, lists, gets and deletes a schedule; a bad expression is an AWS-named error', async () => {
    const at = ['--endpoint', server.url];
    const created = await runCli([
      'schedule',
      'create',
      'weekly',
      '--expression',
      'cron(0 8 ? * MON *)',
      '--timezone',
      'America/New_York',
      '--state-machine',
      'Report',
      '--input',
      '{"period":"week"}',
      ...at,
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /schedule\/default\/weekly/);
    const listed = await runCli(['schedule', 'list', ...at]);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { Schedules: Array<{ Name: string }> }).Schedules.map((s) => s.Name),
      ['weekly'],
    );
    const got = JSON.parse((await runCli(['schedule', 'get', 'weekly', ...at])).stdout) as Record<
      string,
      unknown
    >;
    assert.equal(got['ScheduleExpressionTimezone'], 'America/New_York');
    assert.equal((got['Target'] as { Input: string }).Input, '{"period":"week"}');
    const bad = await runCli([
      'schedule',
      'update',
      'weekly',
      '--expression',
      'cron(0 8 * * MON *)',
      '--state-machine',
      'Report',
      ...at,
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /ValidationException: Invalid Schedule Expression/);
    assert.equal((await runCli(['schedule', 'delete', 'weekly', ...at])).code, 0);
    const gone = await runCli(['schedule', 'get', 'weekly', ...at]);
    assert.match(gone.stderr, /ResourceNotFoundException/);
  });
});
