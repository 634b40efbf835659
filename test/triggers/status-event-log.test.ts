// Status-change events on the log stream (`triggers.statusEventLog`): each one a JSON line in
// EventBridge's event shape, as the webhooks get it, with no webhook configured.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/server/index.ts';
import { DEFAULTS, startServer } from '../../src/server/index.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';

describe('status-change events on the log stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-status-log-'));
  const file = join(dir, 'status.jsonl');
  let server: RunningServer;
  before(async () => {
    server = await startServer({
      ...DEFAULTS,
      port: 0,
      host: '127.0.0.1',
      store: 'memory',
      examples: false,
      triggers: { statusEventLog: file },
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a Standard execution’s start and close, one JSON line each', async () => {
    const sm = server.engine.createStateMachine({
      name: 'logged',
      definition: JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', End: true } } }),
      roleArn: ROLE,
    });
    const { executionArn } = server.engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      name: 'one',
      input: '{"a":1}',
    });
    await server.engine.waitForExecution(executionArn);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      events.map((e) => [e['source'], e['detail-type'], (e['detail'] as Record<string, unknown>)['status']]),
      [
        ['aws.states', 'Step Functions Execution Status Change', 'RUNNING'],
        ['aws.states', 'Step Functions Execution Status Change', 'SUCCEEDED'],
      ],
    );
    const detail = events[1]?.['detail'] as Record<string, unknown>;
    assert.equal(detail['executionArn'], executionArn);
    assert.equal(detail['output'], '{"a":1}');
    assert.deepEqual(events[1]?.['resources'], [executionArn]);
  });
});
