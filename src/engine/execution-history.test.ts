import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../asl/index.ts';
import { INVOKE, LAMBDA, lambdaTask, machineOf, pass } from '../test-support/definitions.ts';
import type { TaskResult } from '../integrations/index.ts';
import { openStore } from '../store/drivers.ts';
import { engineOn, idle, ScriptedTasks, TickingClock, VirtualClock } from '../test-support/engine-harness.ts';
import {
  atT0,
  entered,
  execute,
  exited,
  LAMBDA_CALLED,
  NOT_TRUNCATED,
  ROLE,
  T0,
  TASK_CALLED,
} from './execution-fixture.ts';

describe('Execution history', () => {
  it('records a Pass chain with entered/exited details and a linear previousEventId chain', async () => {
    const { record, events } = await execute(
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Result: { r: 1 }, ResultPath: '$.a', Next: 'B' },
          B: pass({ OutputPath: '$.a' }),
        },
      },
      { x: 1 },
    );
    assert.deepEqual(events, [
      atT0(1, 'ExecutionStarted', {
        executionStartedEventDetails: { input: '{"x":1}', inputDetails: NOT_TRUNCATED, roleArn: ROLE },
      }),
      atT0(2, 'PassStateEntered', { stateEnteredEventDetails: entered('A', '{"x":1}') }),
      atT0(3, 'PassStateExited', { stateExitedEventDetails: exited('A', '{"x":1,"a":{"r":1}}') }),
      atT0(4, 'PassStateEntered', { stateEnteredEventDetails: entered('B', '{"x":1,"a":{"r":1}}') }),
      atT0(5, 'PassStateExited', { stateExitedEventDetails: exited('B', '{"r":1}') }),
      atT0(6, 'ExecutionSucceeded', {
        executionSucceededEventDetails: { output: '{"r":1}', outputDetails: NOT_TRUNCATED },
      }),
    ]);
    assert.equal(record.status, 'SUCCEEDED');
    assert.equal(record.output, '{"r":1}');
    assert.equal(record.stopDate, T0);
  });

  it('records LambdaFunction* events for a legacy Lambda ARN and passes the effective input', async () => {
    const { tasks, record, at, links } = await execute(
      machineOf('T', lambdaTask({ InputPath: '$.p' })),
      { p: { n: 1 } },
      (r) => ({ ok: true, output: { got: r.parameters } }),
    );
    links([
      'ExecutionStarted',
      ...LAMBDA_CALLED,
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    assert.deepEqual(at(3)['lambdaFunctionScheduledEventDetails'], {
      resource: LAMBDA,
      input: '{"n":1}',
      inputDetails: NOT_TRUNCATED,
    });
    assert.deepEqual(at(5)['lambdaFunctionSucceededEventDetails'], {
      output: '{"got":{"n":1}}',
      outputDetails: NOT_TRUNCATED,
    });
    assert.equal(record.output, '{"got":{"n":1}}');
    assert.equal(tasks.calls.length, 1);
    const call = tasks.calls[0]!;
    assert.equal(call.resource, LAMBDA);
    assert.deepEqual(call.parameters, { n: 1 });
    const context = tasks.contexts[0] as { Execution: JsonObject; State: JsonObject };
    assert.equal(context.Execution['Id'], 'arn:aws:states:us-east-1:123456789012:execution:M:e1');
    assert.equal(context.State['Name'], 'T');
    assert.equal(context.State['RetryCount'], 0);
  });

  it('records Task* events with resourceType/resource for arn:aws:states:::lambda:invoke', async () => {
    const { at, types } = await execute(
      machineOf('T', {
        Type: 'Task',
        Resource: INVOKE,
        Parameters: { FunctionName: 'f', 'Payload.$': '$' },
        ResultSelector: { 'p.$': '$.Payload' },
        HeartbeatSeconds: 10,
        TimeoutSeconds: 60,
        End: true,
      }),
      { a: 1 },
      () => ({ ok: true, output: { Payload: 'ok', StatusCode: 200 } }),
    );
    assert.deepEqual(types(), [
      'ExecutionStarted',
      ...TASK_CALLED,
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    assert.deepEqual(at(3)['taskScheduledEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"FunctionName":"f","Payload":{"a":1}}',
      timeoutInSeconds: 60,
      heartbeatInSeconds: 10,
    });
    assert.deepEqual(at(4)['taskStartedEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
    });
    assert.deepEqual(at(5)['taskSucceededEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
      output: '{"Payload":"ok","StatusCode":200}',
      outputDetails: NOT_TRUNCATED,
    });
    assert.deepEqual(at(6)['stateExitedEventDetails'], exited('T', '{"p":"ok"}'));
  });

  it("times a Task's call by its entry and its exit by its answer, reading the clock again only for a retry", async () => {
    const clock = new TickingClock(T0);
    // A's first call fails; its retry, after 1 s, succeeds.
    const engine = engineOn(
      undefined,
      clock,
      new ScriptedTasks((request, call) =>
        call === 0 ? { ok: false, error: 'Flaky', cause: 'once' } : { ok: true, output: request.parameters },
      ),
    );
    const A = lambdaTask({ Next: 'B', Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1 }] });
    delete A['End'];
    const definition = { StartAt: 'A', States: { A, B: lambdaTask() } };
    const sm = engine.createStateMachine({
      name: 'timed',
      definition: JSON.stringify(definition),
      roleArn: ROLE,
    });
    const started = engine.startExecution({ stateMachineArn: sm.stateMachineArn, input: '{}' });
    await clock.runUntil(engine.waitForExecution(started.executionArn));
    const events = engine.getExecutionHistory(started.executionArn);
    const time = (type: string, nth = 0) => events.filter((e) => e.type === type)[nth]!.timestamp;
    // Each state is called as it is entered, and exits as its call answered.
    assert.equal(time('LambdaFunctionScheduled', 0), time('TaskStateEntered', 0));
    assert.equal(time('LambdaFunctionScheduled', 2), time('TaskStateEntered', 1));
    for (const nth of [0, 1]) {
      assert.equal(time('TaskStateExited', nth), time('LambdaFunctionSucceeded', nth));
    }
    // B is entered as A exits (one step), at A's exit time.
    assert.equal(time('TaskStateEntered', 1), time('TaskStateExited', 0));
    // The retry is called when its interval has passed, not at the state's entry.
    assert.ok(time('LambdaFunctionScheduled', 1) >= time('LambdaFunctionFailed') + 1000);
    const stamps = events.map((e) => e.timestamp);
    assert.deepEqual(
      stamps,
      [...stamps].sort((a, b) => a - b),
    );
  });

  it('gives the same payload texts without a store (payloads kept as values) as with one, running and closed', async () => {
    const definition = JSON.stringify({
      StartAt: 'Shape',
      States: {
        Shape: { Type: 'Pass', Parameters: { 'list.$': '$.items', nested: { s: 'x' } }, Next: 'Call' },
        Call: { Type: 'Task', Resource: LAMBDA, Parameters: { 'n.$': '$.list[0]' }, Next: 'Wait' },
        Wait: {
          Type: 'Task',
          Resource: `${INVOKE}.waitForTaskToken`,
          Parameters: { a: [1, { b: null }] },
          Next: 'Text',
        },
        Text: { Type: 'Pass', Result: 'plain "text"', Next: 'Number' },
        Number: { Type: 'Pass', Result: 1.5, End: true },
      },
    });
    const run = async (store: boolean) => {
      const clock = new VirtualClock();
      let answer: (result: TaskResult) => void = () => {};
      const tasks = new ScriptedTasks((r) =>
        r.resource.endsWith('.waitForTaskToken')
          ? new Promise<TaskResult>((resolve) => (answer = resolve))
          : { ok: true, output: { got: r.parameters, list: [[]] } },
      );
      const engine = engineOn(
        store ? await openStore({ store: 'memory', dataDir: '.' }) : undefined,
        clock,
        tasks,
      );
      const sm = engine.createStateMachine({ name: 'M', definition, roleArn: ROLE });
      const { executionArn } = engine.startExecution({
        stateMachineArn: sm.stateMachineArn,
        name: 'e',
        input: '{"items":[7,{"k":[]}]}',
      });
      await clock.runUntil(new Promise<void>((resolve) => setImmediate(resolve)));
      while (tasks.calls.length < 2) await idle();
      const running = structuredClone(await engine.readExecutionHistory(executionArn));
      answer({ ok: true, output: { done: [true] } });
      await clock.runUntil(engine.waitForExecution(executionArn));
      return { running, closed: await engine.readExecutionHistory(executionArn) };
    };
    const memory = await run(false);
    const stored = await run(true);
    assert.deepEqual(memory, stored);
    const texts = memory.closed.flatMap((e) =>
      Object.entries(e as unknown as Record<string, unknown>).flatMap(([key, d]) =>
        key.endsWith('EventDetails') && typeof d === 'object' && d !== null
          ? Object.entries(d as Record<string, unknown>).filter(([k]) =>
              ['input', 'output', 'parameters'].includes(k),
            )
          : [],
      ),
    );
    assert.ok(texts.length >= 12);
    for (const [, text] of texts) assert.equal(typeof text, 'string');
    assert.ok(texts.some(([, t]) => t === '{"list":[7,{"k":[]}],"nested":{"s":"x"}}'));
    assert.ok(texts.some(([, t]) => t === '"plain \\"text\\""'));
    assert.ok(texts.some(([, t]) => t === '1.5'));
    assert.ok(memory.running.length > 0 && memory.running.length < memory.closed.length);
  });
});
