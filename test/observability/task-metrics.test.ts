// The task and billing metrics of hand-told task steps (interleaved branches, a heartbeat
// timeout, a retry, a callback task), a redrive and an Express execution, through Metrics and a
// stand-in engine that tells the steps of one execution. (What the engine tells: observers.test.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyTaskResource } from '../../src/asl/index.ts';
import type {
  ExecutionObserver,
  ExecutionWatch,
  ObservedExecution,
  TaskPhase,
  TaskResource,
} from '../../src/engine/index.ts';
import { Metrics } from '../../src/observability/index.ts';

const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:work';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const INVOKE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** A Task state's classified resource (what the engine tells the steps of its tasks with). */
const resource = (arn: string): TaskResource => classifyTaskResource(arn);
const activity = resource(ACTIVITY);
const lambda = resource(LAMBDA);
const invoke = resource(INVOKE);

/** [task, phase, sinceScheduled, sinceStarted] of each step told, in order. */
type Step = [TaskResource, TaskPhase, number, number | undefined];
/** Two branches' tasks interleaved, a retried Lambda, and a callback task. */
const STEPS: Step[] = [
  [activity, 'Scheduled', 0, undefined],
  [lambda, 'Scheduled', 0, 0],
  [activity, 'Started', 10, 0],
  [lambda, 'Failed', 50, 50],
  [activity, 'HeartbeatTimedOut', 110, 100],
  [lambda, 'Scheduled', 0, 0],
  [lambda, 'Succeeded', 50, 50],
  [invoke, 'Scheduled', 0, 0],
  [invoke, 'Succeeded', 500, 500],
];

/** An execution of machine M (`type`), running; closed SUCCEEDED at 4000 by `close`. */
function execution(type: 'STANDARD' | 'EXPRESS', redriveCount = 0): ObservedExecution {
  return {
    record: {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
      name: 'e',
      status: 'RUNNING',
      startDate: 0,
      input: '{}',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      redriveCount,
    },
    stateMachine: { name: 'M', type },
  } as unknown as ObservedExecution;
}

/**
 * Metrics watching a stand-in engine that runs one execution, telling its watch the task steps
 * and its count of transitions as the engine does; `tell(n, transitions)` tells the steps up to
 * index n and scrapes.
 */
function following(
  type: 'STANDARD' | 'EXPRESS' = 'STANDARD',
  redriveCount = 0,
): { tell: (n: number, transitions: number) => Promise<string>; close: () => Promise<string> } {
  const metrics = new Metrics(() => undefined, { process: false });
  let observer: ExecutionObserver | undefined;
  const engine = { observe: (o: ExecutionObserver) => ((observer = o), () => {}) };
  metrics.watch(engine);
  const observed = execution(type, redriveCount);
  observer?.started?.(observed);
  const watch: ExecutionWatch | undefined = observer?.follow?.(observed, false);
  const count = { transitions: 0 };
  watch?.transitions?.(count);
  let told = 0;
  const tell = async (n: number, transitions: number): Promise<string> => {
    for (; told < n; told++) watch?.task?.(...STEPS[told]!);
    count.transitions = transitions;
    return (await metrics.scrape()).body;
  };
  return {
    tell,
    close: async () => {
      await tell(STEPS.length, 5);
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

describe('task and billing metrics as the engine tells them', () => {
  it('times each task from its own steps, among interleaved branches, a retry and a callback', async () => {
    const text = await following().close();
    const a = of(ACTIVITY);
    assert.deepEqual(
      ['Scheduled', 'Started', 'TimedOut', 'HeartbeatTimedOut'].map((s) =>
        sample(text, `stepwise_Activities${s}`, a),
      ),
      [1, 1, 0, 1],
    );
    assert.equal(sample(text, 'stepwise_ActivityScheduleTime_sum', a), 10);
    assert.equal(sample(text, 'stepwise_ActivityScheduleTime_bucket', `le="5",${a}`), 0);
    assert.equal(sample(text, 'stepwise_ActivityScheduleTime_bucket', `le="10",${a}`), 1);
    assert.equal(sample(text, 'stepwise_ActivityRunTime_sum', a), 100);
    assert.equal(sample(text, 'stepwise_ActivityTime_sum', a), 110);
    const l = of(LAMBDA);
    assert.deepEqual(
      ['Scheduled', 'Started', 'Failed', 'Succeeded'].map((s) =>
        sample(text, `stepwise_LambdaFunctions${s}`, l),
      ),
      [2, 2, 1, 1],
    );
    // Each started as it was scheduled: two times of 0, in the first bucket.
    assert.equal(sample(text, 'stepwise_LambdaFunctionScheduleTime_sum', l), 0);
    assert.equal(sample(text, 'stepwise_LambdaFunctionScheduleTime_count', l), 2);
    assert.equal(sample(text, 'stepwise_LambdaFunctionScheduleTime_bucket', `le="5",${l}`), 2);
    assert.equal(sample(text, 'stepwise_LambdaFunctionRunTime_sum', l), 100);
    assert.equal(sample(text, 'stepwise_LambdaFunctionRunTime_count', l), 2);
    assert.equal(sample(text, 'stepwise_LambdaFunctionRunTime_bucket', `le="50",${l}`), 2);
    assert.equal(sample(text, 'stepwise_LambdaFunctionTime_sum', l), 100);
    assert.equal(sample(text, 'stepwise_LambdaFunctionTime_count', l), 2);
    // Buckets: both Lambda tasks took 50 ms (le 50), none took 25 ms or less.
    assert.equal(sample(text, 'stepwise_LambdaFunctionTime_bucket', `le="25",${l}`), 0);
    assert.equal(sample(text, 'stepwise_LambdaFunctionTime_bucket', `le="50",${l}`), 2);
    const s = of(INVOKE);
    assert.deepEqual(
      ['Scheduled', 'Started', 'Succeeded'].map((x) => sample(text, `stepwise_ServiceIntegrations${x}`, s)),
      [1, 1, 1],
    );
    assert.equal(sample(text, 'stepwise_ServiceIntegrationRunTime_sum', s), 500);
    assert.equal(sample(text, 'stepwise_ServiceIntegrationTime_sum', s), 500);
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 5);
    assert.equal(sample(text, 'stepwise_ExecutionTime_sum', 'state_machine="M"'), 4000);
  });

  it('counts what was told so far at each scrape, transitions included', async () => {
    const run = following();
    const text = await run.tell(4, 3);
    const l = of(LAMBDA);
    assert.equal(sample(text, 'stepwise_LambdaFunctionsFailed', l), 1);
    assert.equal(sample(text, 'stepwise_LambdaFunctionsSucceeded', l), 0);
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 3);
    const more = await run.tell(6, 4);
    assert.equal(sample(more, 'stepwise_LambdaFunctionsScheduled', l), 2);
    assert.equal(sample(more, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 4);
    const closed = await run.close();
    assert.equal(sample(closed, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 5);
  });

  it('bills a redrive as a transition', async () => {
    const text = await following('STANDARD', 1).close();
    assert.equal(sample(text, 'stepwise_ExecutionsRedriven', 'state_machine="M"'), 1);
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 6);
  });

  it('counts an Express execution’s tasks, and bills it by duration, not transitions', async () => {
    const text = await following('EXPRESS').close();
    assert.equal(sample(text, 'stepwise_LambdaFunctionsSucceeded', of(LAMBDA)), 1);
    assert.equal(sample(text, 'stepwise_ServiceIntegrationsSucceeded', of(INVOKE)), 1);
    assert.equal(sample(text, 'stepwise_billed_state_transitions_total', 'state_machine="M"'), 0);
    assert.equal(sample(text, 'stepwise_ExpressExecutionBilledDuration_count', 'state_machine="M"'), 1);
  });
});
