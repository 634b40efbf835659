// The task and billing metrics of hand-built histories (interleaved branches, a heartbeat
// timeout, a retry, a callback task, a resumed execution), through Metrics and a stand-in engine
// that records the events of one execution.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ExecutionObserver,
  ExecutionWatch,
  HistoryEvent,
  ObservedExecution,
} from '../../src/engine/index.ts';
import { Metrics } from '../../src/observability/index.ts';

const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:work';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const INVOKE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** [id, previousEventId, timestamp, type, details] of each event, in order. */
type Row = [number, number, number, string, Record<string, Record<string, unknown>>?];
const HISTORY: Row[] = [
  [1, 0, 0, 'ExecutionStarted'],
  [2, 1, 0, 'ParallelStateEntered'],
  [3, 2, 0, 'ParallelStateStarted'],
  [4, 3, 0, 'TaskStateEntered'],
  [5, 3, 0, 'TaskStateEntered'],
  [6, 4, 1000, 'ActivityScheduled', { activityScheduledEventDetails: { resource: ACTIVITY } }],
  [7, 5, 1000, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: { resource: LAMBDA } }],
  [8, 6, 1010, 'ActivityStarted'],
  [9, 7, 1020, 'LambdaFunctionStarted'],
  [10, 8, 1110, 'ActivityTimedOut', { activityTimedOutEventDetails: { error: 'States.HeartbeatTimeout' } }],
  [11, 9, 1050, 'LambdaFunctionFailed'],
  // The retry: a billed transition.
  [12, 11, 2050, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: { resource: LAMBDA } }],
  [13, 12, 2060, 'LambdaFunctionStarted'],
  [14, 13, 2100, 'LambdaFunctionSucceeded'],
  [15, 14, 2100, 'TaskStateEntered'],
  [
    16,
    15,
    3000,
    'TaskScheduled',
    { taskScheduledEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' } },
  ],
  [17, 16, 3005, 'TaskStarted'],
  [18, 17, 3010, 'TaskSubmitted'],
  [19, 18, 3500, 'TaskSucceeded'],
];
const events: HistoryEvent[] = HISTORY.map(([id, previousEventId, timestamp, type, details]) => ({
  id,
  previousEventId,
  timestamp,
  type,
  ...details,
}));

/** An execution of machine M, running; closed SUCCEEDED at 4000 by `close`. */
function execution(): ObservedExecution {
  return {
    record: {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
      name: 'e',
      status: 'RUNNING',
      startDate: 0,
      input: '{}',
      roleArn: 'arn:aws:iam::123456789012:role/r',
    },
    stateMachine: { name: 'M', type: 'STANDARD' },
  } as unknown as ObservedExecution;
}

/**
 * Metrics watching a stand-in engine that runs one execution whose events before index `from`
 * were recorded before it was followed (a resume); `scrape(n)` records events up to index n.
 */
function following(from: number): { scrape: (n: number) => Promise<string>; close: () => Promise<string> } {
  const metrics = new Metrics(() => undefined, { process: false });
  let observer: ExecutionObserver | undefined;
  const engine = { observe: (o: ExecutionObserver) => ((observer = o), () => {}) };
  metrics.watch(engine);
  const observed = execution();
  if (from === 0) observer?.started?.(observed);
  const watch: ExecutionWatch | undefined = observer?.follow?.(observed, false);
  const history: HistoryEvent[] = events.slice(0, from);
  watch?.history?.(history, from);
  const record = async (n: number): Promise<string> => {
    while (history.length < n) {
      const event = events[history.length]!;
      history.push(event);
      watch?.event?.(event);
    }
    return (await metrics.scrape()).body;
  };
  return {
    scrape: record,
    close: async () => {
      await record(events.length);
      Object.assign(observed.record, { status: 'SUCCEEDED', stopDate: 4000 });
      watch?.closed?.(observed);
      return (await metrics.scrape()).body;
    },
  };
}

function sample(scrape: string, name: string, labels: string): number {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const of = (resource: string): string => `state_machine="M",resource="${resource}"`;

describe('task and billing metrics from the history', () => {
  it('times each task from its own events, among interleaved branches, a retry and a callback', async () => {
    const run = following(0);
    const text = await run.close();
    const a = of(ACTIVITY);
    assert.deepEqual(
      ['Scheduled', 'Started', 'TimedOut', 'HeartbeatTimedOut'].map((s) =>
        sample(text, `stepwise_Activities${s}`, a),
      ),
      [1, 1, 0, 1],
    );
    assert.equal(sample(text, 'stepwise_ActivityScheduleTime_sum', a), 10);
    assert.equal(sample(text, 'stepwise_ActivityRunTime_sum', a), 100);
    assert.equal(sample(text, 'stepwise_ActivityTime_sum', a), 110);
    const l = of(LAMBDA);
    assert.deepEqual(
      ['Scheduled', 'Started', 'Failed', 'Succeeded'].map((s) =>
        sample(text, `stepwise_LambdaFunctions${s}`, l),
      ),
      [2, 2, 1, 1],
    );
    assert.equal(sample(text, 'stepwise_LambdaFunctionScheduleTime_sum', l), 30);
    assert.equal(sample(text, 'stepwise_LambdaFunctionRunTime_sum', l), 70);
    assert.equal(sample(text, 'stepwise_LambdaFunctionTime_sum', l), 100);
    const s = of(INVOKE);
    assert.deepEqual(
      ['Scheduled', 'Started', 'Succeeded'].map((x) => sample(text, `stepwise_ServiceIntegrations${x}`, s)),
      [1, 1, 1],
    );
    assert.equal(sample(text, 'stepwise_ServiceIntegrationRunTime_sum', s), 495);
    assert.equal(sample(text, 'stepwise_ServiceIntegrationTime_sum', s), 500);
    // States entered (Parallel, 3 Tasks) and the retry.
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 5);
    assert.equal(sample(text, 'stepwise_ExecutionTime_sum', 'state_machine="M"'), 4000);
  });

  it('counts what was recorded so far at each read', async () => {
    const run = following(0);
    const text = await run.scrape(11);
    const l = of(LAMBDA);
    assert.equal(sample(text, 'stepwise_LambdaFunctionsFailed', l), 1);
    assert.equal(sample(text, 'stepwise_LambdaFunctionsSucceeded', l), 0);
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 3);
    const more = await run.scrape(12);
    assert.equal(sample(more, 'stepwise_LambdaFunctionsScheduled', l), 2);
    assert.equal(sample(more, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 4);
  });

  it('counts nothing of a resumed execution’s tasks and failures recorded before it resumed', async () => {
    // Followed from event 12 on: the retry's failure (11) and the first tasks were not its.
    const run = following(11);
    const text = await run.close();
    const l = of(LAMBDA);
    assert.deepEqual(
      ['Scheduled', 'Started', 'Failed', 'Succeeded'].map((s) =>
        sample(text, `stepwise_LambdaFunctions${s}`, l),
      ),
      [1, 1, 0, 1],
    );
    assert.equal(sample(text, 'stepwise_ActivitiesHeartbeatTimedOut', of(ACTIVITY)), NaN);
    // The retry follows a failure recorded before: not counted; the last Task state is.
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 1);
  });
});
