// Runs that never wait on the world (Pass and Choice states looping, tasks answered at once) let
// the event loop turn as they go: the server keeps answering, timers fire, and an endless one ends
// at its TimeoutSeconds (an Express execution's 5 minutes at most) as on AWS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type Api, ROLE, startApi } from './harness.ts';

/** A Pass and a Choice that loops back to it until the input has `stop` (it never has). */
const loop = (extra: object = {}) => ({
  ...extra,
  StartAt: 'Work',
  States: {
    Work: { Type: 'Pass', Next: 'Again' },
    Again: {
      Type: 'Choice',
      Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }],
      Default: 'Work',
    },
    Done: { Type: 'Succeed' },
  },
});

describe('endless runs of states that never wait', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  const create = async (name: string, definition: object, type: 'STANDARD' | 'EXPRESS') =>
    (
      await api.client.send(
        new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE, type }),
      )
    ).stateMachineArn!;

  test('an Express loop: the start answers, the server goes on answering, a timer fires', async () => {
    const arn = await create('endless', loop({ TimeoutSeconds: 2 }), 'EXPRESS');
    let fired = false;
    const timer = setTimeout(() => (fired = true), 50);
    const started = await api.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    assert.match(started.executionArn!, /:express:endless:/);
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      const listed = await api.client.send(new ListStateMachinesCommand({}));
      assert.ok(listed.stateMachines!.some((m) => m.name === 'endless'));
      assert.ok(Date.now() - t0 < 1000, `answered in ${Date.now() - t0} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    clearTimeout(timer);
    assert.ok(fired, 'a timer set before the start fired meanwhile');
  });

  test('an endless Express loop ends at its TimeoutSeconds, TIMED_OUT', async () => {
    const arn = await create('endless-timed', loop({ TimeoutSeconds: 1 }), 'EXPRESS');
    const t0 = Date.now();
    const ended = await api.client.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    assert.equal(ended.status, 'TIMED_OUT');
    const took = Date.now() - t0;
    assert.ok(took >= 1000 && took < 10_000, `ended after ${took} ms`);
  });

  test('many endless executions at once: they pause together, the server answers at once', async () => {
    const arn = await create('endless-many', loop({ TimeoutSeconds: 3 }), 'EXPRESS');
    const t0 = Date.now();
    const started = await Promise.all(
      Array.from({ length: 100 }, () =>
        api.client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' })),
      ),
    );
    assert.equal(new Set(started.map((s) => s.executionArn)).size, 100);
    // Had each execution paused on its own, each turn of the event loop would wait for all those
    // started to run 10 ms each: the starts took 11 s.
    assert.ok(Date.now() - t0 < 2000, `100 starts answered in ${Date.now() - t0} ms`);
    for (let i = 0; i < 3; i++) {
      const listedAt = Date.now();
      await api.client.send(new ListStateMachinesCommand({}));
      const took = Date.now() - listedAt;
      assert.ok(took < 500, `answered in ${took} ms while 100 executions loop`);
    }
  });

  test('runs that never wait take turns: a finite one ends while an endless one loops', async () => {
    const endless = await create('endless-beside', loop({ TimeoutSeconds: 4 }), 'EXPRESS');
    const counting = await create(
      'counting',
      {
        StartAt: 'Count',
        States: {
          Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'More' },
          More: {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericLessThan: 20000, Next: 'Count' }],
            Default: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
      'EXPRESS',
    );
    await api.client.send(new StartExecutionCommand({ stateMachineArn: endless, input: '{}' }));
    const t0 = Date.now();
    const counted = await api.client.send(
      new StartSyncExecutionCommand({ stateMachineArn: counting, input: '{"n":0}' }),
    );
    const took = Date.now() - t0;
    assert.equal(counted.status, 'SUCCEEDED');
    assert.equal(counted.output, '{"n":20000}');
    // Not after the endless one's 4 seconds: the two shared the event loop's turns.
    assert.ok(took < 3000, `40,000 states beside an endless loop took ${took} ms`);
  });

  test('a Map of endless iterations, all in flight: they pause together', async () => {
    const arn = await create(
      'endless-map',
      {
        TimeoutSeconds: 1,
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...loop() },
            End: true,
          },
        },
      },
      'EXPRESS',
    );
    const items = Array.from({ length: 500 }, (_, i) => i);
    const running = api.client.send(
      new StartSyncExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ items }) }),
    );
    const t0 = Date.now();
    await api.client.send(new ListStateMachinesCommand({}));
    assert.ok(Date.now() - t0 < 1000, `answered in ${Date.now() - t0} ms while 500 iterations loop`);
    assert.equal((await running).status, 'TIMED_OUT');
  });
});
