import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskRunner } from '../integrations/index.ts';
import {
  engineOn,
  hang,
  idle,
  ScriptedTasks,
  TickingClock,
  VirtualClock,
} from '../test-support/engine-harness.ts';

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

  it('give a Pass state the time it entered at, read only when it reads $$.State.EnteredTime', async () => {
    const passes = (n: number, timed: ReadonlySet<number>): string => {
      const states: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        states[`P${i}`] = {
          Type: 'Pass',
          ...(timed.has(i) ? { Parameters: { 'at.$': '$$.State.EnteredTime' }, ResultPath: `$.t${i}` } : {}),
          ...(i === n - 1 ? { End: true } : { Next: `P${i + 1}` }),
        };
      }
      return JSON.stringify({ StartAt: 'P0', States: states });
    };
    const run = async (definition: string) => {
      const clock = new TickingClock(T0);
      const engine = engineOn(undefined, clock, new ScriptedTasks(hang));
      const sm = engine.createStateMachine({ name: 'timed', definition, roleArn: ROLE, type: 'EXPRESS' });
      const before = clock.reads;
      const record = await engine.startSyncExecution({ stateMachineArn: sm.stateMachineArn, input: '{}' });
      return { record, reads: clock.reads - before };
    };
    const timed = await run(passes(4, new Set([0, 2])));
    assert.equal(timed.record.status, 'SUCCEEDED');
    const output = JSON.parse(timed.record.output ?? '{}') as Record<string, { at: string }>;
    const [t0, t2] = [Date.parse(output['t0']!.at), Date.parse(output['t2']!.at)];
    assert.ok(
      timed.record.startDate < t0 && t0 < t2 && t2 < (timed.record.stopDate ?? 0),
      JSON.stringify(output),
    );
    // States that never read their time cost no read of the clock, however many they are.
    const few = await run(passes(2, new Set()));
    const many = await run(passes(20, new Set()));
    assert.equal(many.reads, few.reads);
  });

  it('give a Task state the time it entered at: read lazily only when no `$$` is read after it answers', async () => {
    const clock = new TickingClock(T0);
    // Each call reads the clock (time passes while the task runs) and fails the first time it is
    // asked to; it never reads `$$` itself.
    const answeredAt: number[] = [];
    const tasks: TaskRunner = {
      run(request) {
        answeredAt.push(clock.now());
        const input = request.parameters as { fail?: boolean; at?: string } | null;
        if (input?.fail && answeredAt.length === 1) {
          return Promise.resolve({ ok: false, error: 'Flaky', cause: 'first attempt' });
        }
        return Promise.resolve({ ok: true, output: input });
      },
    };
    const engine = engineOn(undefined, clock, tasks);
    const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';
    const start = async (name: string, states: Record<string, unknown>, startAt: string) => {
      const definition = JSON.stringify({ StartAt: startAt, States: states });
      const sm = engine.createStateMachine({ name, definition, roleArn: ROLE, type: 'EXPRESS' });
      const before = clock.reads;
      answeredAt.length = 0;
      const record = await engine.startSyncExecution({ stateMachineArn: sm.stateMachineArn, input: '{}' });
      assert.equal(record.status, 'SUCCEEDED', record.cause);
      return {
        output: JSON.parse(record.output ?? 'null') as Record<string, string>,
        reads: clock.reads - before,
      };
    };
    // Read after the task answered (ResultSelector): the time it entered, before the call.
    const selected = await start(
      'selected',
      {
        T: { Type: 'Task', Resource: lambda, ResultSelector: { 'at.$': '$$.State.EnteredTime' }, End: true },
      },
      'T',
    );
    assert.ok(Date.parse(selected.output['at']!) < answeredAt[0]!, JSON.stringify(selected));
    // Read by the attempt after a Retry: the time of the first attempt's entry, as on AWS.
    const retried = await start(
      'retried',
      {
        T: {
          Type: 'Task',
          Resource: lambda,
          Parameters: { fail: true, 'at.$': '$$.State.EnteredTime' },
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 0 }],
          End: true,
        },
      },
      'T',
    );
    assert.equal(answeredAt.length, 2);
    assert.ok(Date.parse(retried.output['at']!) < answeredAt[0]!, JSON.stringify(retried));
    // Tasks that read no `$$` after they answer cost no read of the clock as they are entered.
    const chain = (n: number): Record<string, unknown> =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          `T${i}`,
          { Type: 'Task', Resource: lambda, ...(i === n - 1 ? { End: true } : { Next: `T${i + 1}` }) },
        ]),
      );
    const few = await start('few', chain(2), 'T0');
    const many = await start('many', chain(20), 'T0');
    assert.equal(many.reads - few.reads, 18, 'one read per task call, none per entry');
  });

  it('turn a task call that throws or rejects into States.TaskFailed, and give non-Lambda tasks progress callbacks', async () => {
    const clock = new VirtualClock(T0);
    const tasks = new ScriptedTasks();
    const engine = engineOn(undefined, clock, tasks);
    const definition = JSON.stringify({
      StartAt: 'Throws',
      States: {
        Throws: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.thrown', Next: 'Rejects' }],
          End: true,
        },
        Rejects: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl: 'q', MessageBody: 'm' },
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.rejected', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    });
    const run = tasks.run.bind(tasks);
    tasks.run = (request) => {
      if (request.resource.includes('lambda')) {
        assert.equal(request.progress, undefined);
        throw new Error('thrown at once');
      }
      // Called, they record nothing (the execution keeps no history).
      request.progress?.started('worker');
      request.progress?.submitted({ job: 1 });
      return run(request).then(() => Promise.reject(new Error('rejected later')));
    };
    const sm = engine.createStateMachine({ name: 'failing', definition, roleArn: ROLE, type: 'EXPRESS' });
    const record = await engine.startSyncExecution({ stateMachineArn: sm.stateMachineArn, input: '{}' });
    assert.equal(record.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(record.output ?? 'null'), {
      thrown: { Error: 'States.TaskFailed', Cause: 'thrown at once' },
      rejected: { Error: 'States.TaskFailed', Cause: 'rejected later' },
    });
  });
});
