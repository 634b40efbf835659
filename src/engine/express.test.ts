import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineOn, hang, idle, ScriptedTasks, VirtualClock } from '../test-support/engine-harness.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const waitFor = (seconds: number, timeout?: number): string =>
  JSON.stringify({
    StartAt: 'W',
    ...(timeout === undefined ? {} : { TimeoutSeconds: timeout }),
    States: { W: { Type: 'Wait', Seconds: seconds, End: true } },
  });

function setup() {
  const clock = new VirtualClock(T0);
  const engine = engineOn(undefined, clock, new ScriptedTasks(hang));
  return { clock, engine };
}

describe('EXPRESS executions', () => {
  it('time out after five minutes whatever TimeoutSeconds says (AWS quota)', async () => {
    const { clock, engine } = setup();
    for (const [name, timeout] of [
      ['no-timeout', undefined],
      ['long-timeout', 3600],
    ] as const) {
      const sm = engine.createStateMachine({
        name,
        definition: waitFor(600, timeout),
        roleArn: ROLE,
        type: 'EXPRESS',
      });
      const done = engine.startSyncExecution({ stateMachineArn: sm.stateMachineArn });
      await idle();
      let settled = false;
      void done.then(() => (settled = true));
      await clock.advance(299_000);
      await idle();
      assert.equal(settled, false, `${name} still runs before five minutes`);
      await clock.advance(1_000);
      const record = await done;
      assert.equal(record.status, 'TIMED_OUT', name);
      assert.equal(record.error, 'States.Timeout');
      assert.equal((record.stopDate ?? 0) - record.startDate, 300_000, name);
    }
  });

  it('keep a shorter TimeoutSeconds', async () => {
    const { clock, engine } = setup();
    const sm = engine.createStateMachine({
      name: 'short',
      definition: waitFor(600, 10),
      roleArn: ROLE,
      type: 'EXPRESS',
    });
    const done = engine.startSyncExecution({ stateMachineArn: sm.stateMachineArn });
    await idle();
    await clock.advance(10_000);
    const record = await done;
    assert.equal(record.status, 'TIMED_OUT');
    assert.equal((record.stopDate ?? 0) - record.startDate, 10_000);
  });
});

describe('EXPRESS payload quota (256 KiB), measured without writing the text when it surely fits', () => {
  const split = JSON.stringify({
    StartAt: 'Big',
    States: { Big: { Type: 'Pass', Parameters: { 'parts.$': "States.StringSplit($.s, ',')" }, End: true } },
  });
  const run = async (name: string, s: string) => {
    const { engine } = setup();
    const sm = engine.createStateMachine({ name, definition: split, roleArn: ROLE, type: 'EXPRESS' });
    return engine.startSyncExecution({ stateMachineArn: sm.stateMachineArn, input: JSON.stringify({ s }) });
  };

  it('fails with States.DataLimitExceeded when a state output exceeds 256 KiB', async () => {
    const record = await run('over', 'ab,'.repeat(70_000));
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'States.DataLimitExceeded');
  });

  it('runs an output that only its exact size shows to fit (50,000 one-character parts)', async () => {
    const record = await run('near', 'a,'.repeat(50_000));
    assert.equal(record.status, 'SUCCEEDED');
    assert.equal((JSON.parse(record.output ?? '{}') as { parts: string[] }).parts.length, 50_000);
  });

  it('runs a small output', async () => {
    const record = await run('small', 'a,b');
    assert.equal(record.status, 'SUCCEEDED');
    assert.equal(record.output, '{"parts":["a","b"]}');
  });
});
