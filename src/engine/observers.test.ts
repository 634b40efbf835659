import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../store/drivers.ts';
import { engineOn, hang, idle, ScriptedTasks, VirtualClock } from '../test-support/engine-harness.ts';
import type { TaskResult } from '../integrations/index.ts';
import type { Engine, ExecutionObserver, HistoryEvent } from './index.ts';

const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const TASK = JSON.stringify({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true } },
});
const LONG_WAIT = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });

/** Records what an observer is told, as `started:<name>`, `<event type>`, `closed:<status>`. */
function recorder(engine: Engine): { told: string[]; events: HistoryEvent[]; stop: () => void } {
  const told: string[] = [];
  const events: HistoryEvent[] = [];
  const observer: ExecutionObserver = {
    started: ({ record, stateMachine }) => told.push(`started:${stateMachine.name}/${record.name}`),
    follow: () => ({
      event: (event) => {
        events.push(event);
        told.push(event.type);
      },
    }),
    closed: ({ record }) => told.push(`closed:${record.status}`),
  };
  return { told, events, stop: engine.observe(observer) };
}

/** Creates state machine M on `definition` and starts its execution e1. */
function startOn(engine: Engine, definition: string): string {
  const sm = engine.createStateMachine({ name: 'M', definition, roleArn: ROLE });
  return engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e1', input: '{}' }).executionArn;
}

describe('Engine.observe', () => {
  it('tells a Standard execution’s start, every event in history order, and its close', async () => {
    const clock = new VirtualClock();
    const engine = engineOn(undefined, clock);
    const { told, events } = recorder(engine);
    const executionArn = startOn(engine, PASS);
    await clock.runUntil(engine.waitForExecution(executionArn));
    assert.deepEqual(told, [
      'started:M/e1',
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
      'closed:SUCCEEDED',
    ]);
    assert.deepEqual(events, engine.getExecutionHistory(executionArn));
  });

  it('tells an Express execution’s start and close, and no events (it keeps no history)', async () => {
    const clock = new VirtualClock();
    const engine = engineOn(undefined, clock);
    const { told } = recorder(engine);
    const sm = engine.createStateMachine({ name: 'X', definition: PASS, roleArn: ROLE, type: 'EXPRESS' });
    const done = await engine.startSyncExecution({
      stateMachineArn: sm.stateMachineArn,
      name: 'x1',
      input: '{}',
    });
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(told, ['started:X/x1', 'closed:SUCCEEDED']);
  });

  it('tells an Express execution’s events when an observer asks for them (its execution log)', async () => {
    const clock = new VirtualClock();
    const engine = engineOn(undefined, clock);
    const { told } = recorder(engine);
    const asked: string[] = [];
    engine.observe({
      expressEvents: (stateMachine) => {
        asked.push(stateMachine.name);
        return stateMachine.name === 'Logged';
      },
    });
    const silent = engine.createStateMachine({ name: 'X', definition: PASS, roleArn: ROLE, type: 'EXPRESS' });
    const logged = engine.createStateMachine({
      name: 'Logged',
      definition: PASS,
      roleArn: ROLE,
      type: 'EXPRESS',
    });
    await engine.startSyncExecution({ stateMachineArn: silent.stateMachineArn, name: 'x1', input: '{}' });
    await engine.startSyncExecution({ stateMachineArn: logged.stateMachineArn, name: 'x2', input: '{}' });
    assert.deepEqual(asked, ['X', 'Logged']);
    assert.deepEqual(told, [
      'started:X/x1',
      'closed:SUCCEEDED',
      'started:Logged/x2',
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
      'closed:SUCCEEDED',
    ]);
  });

  it('tells a stop as ABORTED, and a redrive as a new start', async () => {
    const clock = new VirtualClock();
    const engine = engineOn(undefined, clock, new ScriptedTasks(hang));
    const { told } = recorder(engine);
    const executionArn = startOn(engine, TASK);
    await idle();
    engine.stopExecution(executionArn, 'Halt', 'enough');
    await clock.runUntil(engine.waitForExecution(executionArn));
    assert.equal(told.at(-1), 'closed:ABORTED');
    assert.equal(told.at(-2), 'ExecutionAborted');
    told.length = 0;
    const redriven = await engine.redriveExecution(executionArn);
    assert.equal(redriven.redriveCount, 1);
    assert.equal(told[0], 'started:M/e1');
  });

  it('tells the stop of an execution parked on a durable timer, with its ExecutionAborted event', async () => {
    const clock = new VirtualClock();
    const store = await openStore({ store: 'memory', dataDir: '' });
    const engine = engineOn(store, clock);
    const { told } = recorder(engine);
    const executionArn = startOn(engine, LONG_WAIT);
    // An execution that sleeps over a minute is parked: a timer row, no memory.
    await clock.advance(120_000);
    assert.equal(engine.residency().parked, 1);
    engine.stopExecution(executionArn);
    assert.deepEqual(told.slice(-2), ['ExecutionAborted', 'closed:ABORTED']);
    await engine.close();
  });

  it('keeps running when an observer throws, and stops telling one that was removed', async (t) => {
    const logged = t.mock.method(console, 'error', () => {});
    const clock = new VirtualClock();
    const engine = engineOn(undefined, clock);
    engine.observe({
      follow: () => ({
        event: () => {
          throw new Error('observer bug');
        },
      }),
    });
    const { told, stop } = recorder(engine);
    const sm = engine.createStateMachine({ name: 'M', definition: PASS, roleArn: ROLE });
    const first = engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e1', input: '{}' });
    assert.equal((await clock.runUntil(engine.waitForExecution(first.executionArn))).status, 'SUCCEEDED');
    assert.equal(told.at(-1), 'closed:SUCCEEDED');
    assert.equal(logged.mock.callCount(), 4, 'the faulty observer is reported for each of the 4 events');
    stop();
    const before = told.length;
    engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e2', input: '{}' });
    await clock.advance(1);
    assert.equal(told.length, before);
  });

  it('gives a watch the count of transitions made: states entered and retries', async () => {
    const clock = new VirtualClock();
    // The task fails once, then succeeds on its retry.
    const tasks = new ScriptedTasks((r, i) =>
      i === 0 ? { ok: false, error: 'Boom', cause: '' } : { ok: true, output: r.parameters },
    );
    const engine = engineOn(undefined, clock, tasks);
    const counted: number[] = [];
    engine.observe({
      follow: () => {
        let count = { transitions: -1 };
        return { transitions: (c) => (count = c), closed: () => counted.push(count.transitions) };
      },
    });
    const retried = JSON.stringify({
      StartAt: 'P',
      States: {
        P: { Type: 'Pass', Next: 'T' },
        T: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f',
          Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 1 }],
          End: true,
        },
      },
    });
    const executionArn = startOn(engine, retried);
    await clock.runUntil(engine.waitForExecution(executionArn));
    assert.equal(engine.describeExecution(executionArn).status, 'SUCCEEDED');
    // P and T entered, T retried once.
    assert.deepEqual(counted, [3]);
  });

  it('tells a watch each task’s steps with their times, for a silent Express execution too', async () => {
    const clock = new VirtualClock();
    const tasks = new ScriptedTasks(async (r, i) => {
      await clock.sleep(10, r.signal);
      return i === 1 ? { ok: false, error: 'Boom', cause: '' } : { ok: true, output: r.parameters };
    });
    const engine = engineOn(undefined, clock, tasks);
    const told: string[] = [];
    engine.observe({
      follow: (_execution, silent) => ({
        task: (task, phase, sinceScheduled, sinceStarted) =>
          told.push(
            `${silent ? 'silent ' : ''}${task.arn.slice(-1)} ${phase} ${sinceScheduled} ${sinceStarted ?? '-'}`,
          ),
      }),
    });
    const executionArn = startOn(engine, TASK);
    await clock.runUntil(engine.waitForExecution(executionArn));
    const sm = engine.createStateMachine({ name: 'X', definition: TASK, roleArn: ROLE, type: 'EXPRESS' });
    const express = engine.startSyncExecution({ stateMachineArn: sm.stateMachineArn, input: '{}' });
    await clock.runUntil(express);
    assert.deepEqual(told, [
      'f Scheduled 0 0',
      'f Succeeded 10 10',
      'silent f Scheduled 0 0',
      'silent f Failed 10 10',
    ]);
  });

  it('tells a watch its parked execution left; the stop tells the aside events (ExecutionAborted)', async () => {
    const clock = new VirtualClock();
    const store = await openStore({ store: 'memory', dataDir: '' });
    const engine = engineOn(store, clock);
    const told: string[] = [];
    engine.observe({
      follow: () => ({
        event: (event) => told.push(event.type),
        left: () => told.push('left'),
        closed: ({ record }) => told.push(`closed:${record.status}`),
      }),
    });
    const executionArn = startOn(engine, LONG_WAIT);
    await clock.advance(120_000);
    assert.equal(engine.residency().parked, 1);
    assert.deepEqual(told, ['ExecutionStarted', 'WaitStateEntered', 'left']);
    engine.stopExecution(executionArn);
    assert.deepEqual(told.slice(3), ['ExecutionAborted', 'closed:ABORTED']);
    await engine.close();
  });

  it('tells an observer added during a run of an engine without a store its later events with payload texts', async () => {
    const clock = new VirtualClock();
    let answer: (result: TaskResult) => void = () => {};
    const engine = engineOn(
      undefined,
      clock,
      new ScriptedTasks(() => new Promise<TaskResult>((resolve) => (answer = resolve))),
    );
    const definition = JSON.stringify({
      StartAt: 'P',
      States: {
        P: { Type: 'Pass', Parameters: { list: [1, { a: 'x' }] }, Next: 'T' },
        T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true },
      },
    });
    // Followed from its start by an observer of no event: the history is not told of as written.
    engine.observe({ follow: () => ({ closed: () => {} }) });
    const executionArn = startOn(engine, definition);
    await idle();
    const { events } = recorder(engine);
    answer({ ok: true, output: { done: [true] } });
    await clock.runUntil(engine.waitForExecution(executionArn));
    assert.deepEqual(
      events.map((e) => e.type),
      ['LambdaFunctionSucceeded', 'TaskStateExited', 'ExecutionSucceeded'],
    );
    assert.equal(events[0]!.lambdaFunctionSucceededEventDetails?.['output'], '{"done":[true]}');
    assert.equal(events[1]!.stateExitedEventDetails?.['output'], '{"done":[true]}');
    // The whole history reads the same texts.
    const whole = engine.getExecutionHistory(executionArn);
    assert.equal(whole[2]!.stateExitedEventDetails?.['output'], '{"list":[1,{"a":"x"}]}');
  });

  it('tells an observer added during a run that tells none its later events at the close', async () => {
    const clock = new VirtualClock();
    const engine = engineOn(undefined, clock, new ScriptedTasks(hang));
    engine.observe({ follow: () => ({ closed: () => {} }) });
    const executionArn = startOn(engine, TASK);
    await idle();
    const { told } = recorder(engine);
    engine.stopExecution(executionArn);
    await clock.runUntil(engine.waitForExecution(executionArn));
    assert.deepEqual(told, ['ExecutionAborted', 'closed:ABORTED']);
  });
});
