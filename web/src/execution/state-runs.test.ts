import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from '../api/shapes.ts';
import { foldRuns, pendingCallbacks, statusByState, waitingActivities } from './state-runs.ts';

/** A history in AWS's shape from [type, previousEventId, details] rows; ids count from 1. */
function history(rows: [string, number, Record<string, unknown>?][]): HistoryEvent[] {
  return rows.map(([type, previousEventId, details], i) => {
    const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
    return { id: i + 1, previousEventId, timestamp: 100 + i, type, ...(details ? { [key]: details } : {}) };
  });
}

test('a retried task that then succeeds: one run, two attempts, succeeded', () => {
  const { runs } = foldRuns(
    history([
      ['ExecutionStarted', 0, { input: '{}' }],
      ['TaskStateEntered', 1, { name: 'Charge', input: '{"a":1}' }],
      ['TaskScheduled', 2, { resourceType: 'lambda', resource: 'invoke', parameters: '{"p":1}' }],
      ['TaskFailed', 3, { error: 'Busy', cause: 'try again' }],
      ['TaskScheduled', 4, { resourceType: 'lambda', resource: 'invoke', parameters: '{"p":1}' }],
      ['TaskSucceeded', 5, { output: '{"ok":true}' }],
      ['TaskStateExited', 6, { name: 'Charge', output: '{"ok":true}' }],
      ['ExecutionSucceeded', 7, { output: '{"ok":true}' }],
    ]),
    'SUCCEEDED',
  );
  assert.equal(runs.length, 1);
  const [run] = runs;
  assert.equal(run?.status, 'succeeded');
  assert.deepEqual(
    run?.attempts.map((a) => [a.outcome, a.error, a.resource]),
    [
      ['failed', 'Busy', 'lambda:invoke'],
      ['succeeded', undefined, 'lambda:invoke'],
    ],
  );
  assert.equal(run?.input, '{"a":1}');
  assert.equal(run?.output, '{"ok":true}');
  assert.equal((run?.exitedAt ?? 0) - (run?.enteredAt ?? 0), 5);
});

test('interleaved Map iterations are told apart by previousEventId; a caught Parallel is "caught"', () => {
  const { runs, iterations } = foldRuns(
    history([
      /* 1 */ ['ExecutionStarted', 0],
      /* 2 */ ['MapStateEntered', 1, { name: 'Each' }],
      /* 3 */ ['MapStateStarted', 2, { length: 2 }],
      /* 4 */ ['MapIterationStarted', 3, { name: 'Each', index: 0 }],
      /* 5 */ ['MapIterationStarted', 3, { name: 'Each', index: 1 }],
      /* 6 */ ['PassStateEntered', 5, { name: 'Item', input: '1' }],
      /* 7 */ ['PassStateEntered', 4, { name: 'Item', input: '0' }],
      /* 8 */ ['PassStateExited', 6, { name: 'Item', output: '"one"' }],
      /* 9 */ ['PassStateExited', 7, { name: 'Item', output: '"zero"' }],
      /* 10 */ ['MapIterationSucceeded', 9, { name: 'Each', index: 0 }],
      /* 11 */ ['MapIterationSucceeded', 8, { name: 'Each', index: 1 }],
      /* 12 */ ['MapStateSucceeded', 11],
      /* 13 */ ['MapStateExited', 12, { name: 'Each', output: '[]' }],
      /* 14 */ ['ParallelStateEntered', 13, { name: 'Both' }],
      /* 15 */ ['ParallelStateStarted', 14],
      /* 16 */ ['TaskStateEntered', 15, { name: 'Left' }],
      /* 17 */ ['TaskStateEntered', 15, { name: 'Right' }],
      /* 18 */ ['TaskScheduled', 16, { resource: 'invoke', resourceType: 'lambda' }],
      /* 19 */ ['TaskFailed', 18, { error: 'Boom', cause: 'left broke' }],
      /* 20 */ ['ParallelStateFailed', 19],
      /* 21 */ ['ParallelStateExited', 20, { name: 'Both', output: '{}' }],
      /* 22 */ ['FailStateEntered', 21, { name: 'Stop' }],
      /* 23 */ ['ExecutionFailed', 22, { error: 'Stopped', cause: 'by Stop' }],
    ]),
    'FAILED',
  );
  assert.deepEqual(iterations, ['Each[0]', 'Each[1]']);
  const items = runs.filter((r) => r.name === 'Item');
  assert.deepEqual(
    items.map((r) => [r.iteration, r.input, r.output, r.parent?.name]),
    [
      ['Each[1]', '1', '"one"', 'Each'],
      ['Each[0]', '0', '"zero"', 'Each'],
    ],
  );
  const each = runs.find((r) => r.name === 'Each');
  assert.deepEqual(
    [...(each?.iterations ?? [])],
    [
      [0, 'succeeded'],
      [1, 'succeeded'],
    ],
  );
  const statuses = statusByState(runs);
  assert.equal(statuses.get('Each'), 'succeeded');
  assert.equal(statuses.get('Both'), 'caught');
  assert.equal(statuses.get('Left'), 'failed');
  assert.equal(statuses.get('Right'), 'cancelled');
  assert.equal(statuses.get('Stop'), 'failed');
  const stop = runs.find((r) => r.name === 'Stop');
  assert.deepEqual([stop?.error, stop?.cause], ['Stopped', 'by Stop']);
  const both = runs.find((r) => r.name === 'Both');
  assert.equal(both?.error, 'Boom');
  assert.equal(both?.parent, undefined);
  assert.equal(runs.find((r) => r.name === 'Right')?.parent, both);
});

test('statusByState keeps one Map iteration when asked; the worst status wins otherwise', () => {
  const { runs } = foldRuns(
    history([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 1, { name: 'M' }],
      ['MapStateStarted', 2],
      ['MapIterationStarted', 3, { name: 'M', index: 0 }],
      ['PassStateEntered', 4, { name: 'In' }],
      ['PassStateExited', 5, { name: 'In' }],
      ['MapIterationSucceeded', 6, { name: 'M', index: 0 }],
      ['MapIterationStarted', 3, { name: 'M', index: 1 }],
      ['TaskStateEntered', 8, { name: 'In' }],
    ]),
    'RUNNING',
  );
  assert.equal(statusByState(runs).get('In'), 'running');
  assert.equal(statusByState(runs, 'M[0]').get('In'), 'succeeded');
  assert.equal(statusByState(runs, 'M[1]').get('In'), 'running');
  assert.equal(statusByState(runs).get('M'), 'running');
});

test('an aborted execution leaves its open states cancelled', () => {
  const { runs } = foldRuns(
    history([
      ['ExecutionStarted', 0],
      ['WaitStateEntered', 1, { name: 'Sleep' }],
      ['ExecutionAborted', 2],
    ]),
    'ABORTED',
  );
  assert.equal(runs[0]?.status, 'cancelled');
});

test('pending callbacks: open .waitForTaskToken tasks with the token found in their parameters', () => {
  const events = history([
    ['ExecutionStarted', 0],
    ['TaskStateEntered', 1, { name: 'Approve' }],
    [
      'TaskScheduled',
      2,
      {
        resourceType: 'lambda',
        resource: 'invoke.waitForTaskToken',
        parameters: JSON.stringify({ FunctionName: 'ask', Payload: { taskToken: 'tok-123' } }),
      },
    ],
    ['TaskStarted', 3],
  ]);
  const pending = pendingCallbacks(foldRuns(events, 'RUNNING').runs);
  assert.deepEqual(
    pending.map((p) => [p.run.name, p.token]),
    [['Approve', 'tok-123']],
  );
  const answered = [...events, { id: 5, previousEventId: 4, timestamp: 200, type: 'TaskSucceeded' }];
  assert.deepEqual(pendingCallbacks(foldRuns(answered, 'RUNNING').runs), []);
});

test('after a redrive the re-run state shows its new outcome; the old run stays failed', () => {
  const { runs } = foldRuns(
    history([
      /* 1 */ ['ExecutionStarted', 0],
      /* 2 */ ['TaskStateEntered', 1, { name: 'Flaky' }],
      /* 3 */ ['TaskScheduled', 2, { resource: 'invoke', resourceType: 'lambda' }],
      /* 4 */ ['TaskFailed', 3, { error: 'Boom' }],
      /* 5 */ ['ExecutionFailed', 4, { error: 'Boom' }],
      /* 6 */ ['ExecutionRedriven', 5, { redriveCount: 1 }],
      /* 7 */ ['TaskStateEntered', 6, { name: 'Flaky' }],
      /* 8 */ ['TaskScheduled', 7, { resource: 'invoke', resourceType: 'lambda' }],
      /* 9 */ ['TaskSucceeded', 8, { output: '{}' }],
      /* 10 */ ['TaskStateExited', 9, { name: 'Flaky', output: '{}' }],
      /* 11 */ ['ExecutionSucceeded', 10, { output: '{}' }],
    ]),
    'SUCCEEDED',
  );
  assert.deepEqual(
    runs.map((r) => r.status),
    ['failed', 'succeeded'],
  );
  assert.equal(statusByState(runs).get('Flaky'), 'succeeded');
});

test('a Parallel that a redrive kept open shows the outcome of its re-run branch', () => {
  const { runs } = foldRuns(
    history([
      /* 1 */ ['ExecutionStarted', 0],
      /* 2 */ ['ParallelStateEntered', 1, { name: 'Fan' }],
      /* 3 */ ['ParallelStateStarted', 2],
      /* 4 */ ['PassStateEntered', 3, { name: 'A' }],
      /* 5 */ ['TaskStateEntered', 3, { name: 'B' }],
      /* 6 */ ['PassStateExited', 4, { name: 'A' }],
      /* 7 */ ['TaskFailed', 5, { error: 'Boom' }],
      /* 8 */ ['ParallelStateFailed', 7],
      /* 9 */ ['ExecutionFailed', 8, { error: 'Boom' }],
      /* 10 */ ['ExecutionRedriven', 9, { redriveCount: 1 }],
      /* 11 */ ['TaskStateEntered', 3, { name: 'B' }],
      /* 12 */ ['TaskSucceeded', 11, { output: '{}' }],
      /* 13 */ ['TaskStateExited', 12, { name: 'B' }],
      /* 14 */ ['ParallelStateExited', 13, { name: 'Fan' }],
      /* 15 */ ['ExecutionSucceeded', 14],
    ]),
    'SUCCEEDED',
  );
  assert.deepEqual(
    runs.map((r) => [r.name, r.status]),
    [
      ['Fan', 'succeeded'],
      ['A', 'succeeded'],
      ['B', 'failed'],
      ['B', 'succeeded'],
    ],
  );
  assert.equal(runs[3]?.parent, runs[0]);
  assert.equal(runs[0]?.error, undefined);
});

test('a state run again in a loop shows its latest run', () => {
  const { runs } = foldRuns(
    history([
      ['ExecutionStarted', 0],
      ['TaskStateEntered', 1, { name: 'Poll' }],
      ['TaskScheduled', 2, { resource: 'invoke', resourceType: 'lambda' }],
      ['TaskFailed', 3, { error: 'NotYet' }],
      ['TaskStateExited', 4, { name: 'Poll' }],
      ['TaskStateEntered', 5, { name: 'Poll' }],
    ]),
    'RUNNING',
  );
  assert.deepEqual(
    runs.map((r) => r.status),
    ['caught', 'running'],
  );
  assert.equal(statusByState(runs).get('Poll'), 'running');
});

test('tasks waiting for an activity worker are listed by their activity', () => {
  const activity = 'arn:aws:states:us-east-1:123456789012:activity:approve';
  const events = history([
    ['ExecutionStarted', 0],
    ['TaskStateEntered', 1, { name: 'Review' }],
    ['ActivityScheduled', 2, { resource: activity, input: '{}' }],
  ]);
  const waiting = waitingActivities(foldRuns(events, 'RUNNING').runs);
  assert.deepEqual(
    waiting.map((run) => [run.name, run.attempts.at(-1)?.resource]),
    [['Review', activity]],
  );
  const done = [...events, { id: 4, previousEventId: 3, timestamp: 300, type: 'ActivitySucceeded' }];
  assert.deepEqual(waitingActivities(foldRuns(done, 'RUNNING').runs), []);
});

test('a state that assigns variables keeps them, as JSON texts, from its StateExited', () => {
  const events = history([
    ['ExecutionStarted', 0, { input: '{}' }],
    ['PassStateEntered', 1, { name: 'Remember', input: '{}' }],
  ]);
  events.push({
    id: 3,
    previousEventId: 2,
    timestamp: 103,
    type: 'PassStateExited',
    stateExitedEventDetails: {
      name: 'Remember',
      output: '{}',
      assignedVariables: { who: '"Ada"', count: '2' },
      assignedVariablesDetails: { truncated: false },
    },
  });
  const { runs } = foldRuns(events, 'RUNNING');
  assert.deepEqual(runs[0]?.assigned, { who: '"Ada"', count: '2' });
});

test('a service call keeps its request, region, timing, submitted answer and how it ended', () => {
  const { runs } = foldRuns(
    history([
      /* 1 */ ['ExecutionStarted', 0, { input: '{}' }],
      /* 2 */ ['TaskStateEntered', 1, { name: 'RunJob', input: '{}' }],
      /* 3 */ [
        'TaskScheduled',
        2,
        {
          resourceType: 'states',
          resource: 'startExecution.sync:2',
          region: 'eu-west-1',
          parameters: '{"StateMachineArn":"arn"}',
          timeoutInSeconds: 30,
          heartbeatInSeconds: 10,
        },
      ],
      /* 4 */ ['TaskStarted', 3, { resourceType: 'states', resource: 'startExecution.sync:2' }],
      /* 5 */ ['TaskSubmitted', 4, { output: '{"ExecutionArn":"child"}' }],
      /* 6 */ ['TaskTimedOut', 5, { error: 'States.Timeout', cause: 'too slow' }],
      /* 7 */ ['ExecutionFailed', 6, { error: 'States.Timeout' }],
    ]),
    'FAILED',
  );
  const attempt = runs[0]?.attempts[0];
  assert.deepEqual(attempt, {
    scheduledAt: 102,
    parameters: '{"StateMachineArn":"arn"}',
    resource: 'states:startExecution.sync:2',
    resourceType: 'states',
    region: 'eu-west-1',
    timeoutSeconds: 30,
    heartbeatSeconds: 10,
    startedAt: 103,
    submittedAt: 104,
    submitted: '{"ExecutionArn":"child"}',
    outcome: 'failed',
    endedBy: 'TaskTimedOut',
    endedAt: 105,
    error: 'States.Timeout',
    cause: 'too slow',
  });
});
