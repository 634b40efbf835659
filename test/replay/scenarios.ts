// The replay scenarios: open executions paused at interesting points (DESIGN.md decision 2).
// `npm run replay:record` runs each one to its pause, keeps what the store holds then, resumes it
// in a new runtime and keeps the result as the fixture; `replay.test.ts` resumes the fixture
// again and must get the same. Add a scenario here, then record it (README.md).
import type { Json, JsonObject } from '../../src/asl/index.ts';
import type { Runtime } from '../../src/server/index.ts';
import type { VirtualClock } from '../../src/test-support/engine-harness.ts';
import { idle } from '../../src/test-support/engine-harness.ts';
import { world } from './functions.ts';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
const ARN = `arn:aws:states:${REGION}:${ACCOUNT}`;
const INVOKE = 'arn:aws:states:::lambda:invoke';
const REVIEW = `${ARN}:activity:review`;

/** A runtime on virtual time, and the execution the scenario is about. */
export interface Stage {
  readonly runtime: Runtime;
  readonly clock: VirtualClock;
  readonly executionArn: string;
}

export interface Scenario {
  readonly name: string;
  /** What the execution is doing when the server stops. */
  readonly description: string;
  /** Activities that exist before the server starts. */
  readonly activities?: readonly string[];
  /** State machines by name; the first one is started (execution `replay`). */
  readonly machines: Readonly<Record<string, JsonObject>>;
  readonly input: Json;
  /** Drives the first run on virtual time up to the moment the server stops. */
  pause(stage: Stage): Promise<void>;
  /**
   * After the restart, while the resumed execution runs: the outside world's part (a worker, a
   * callback's answer). Deterministic, so every replay sees the same answers.
   */
  finish?(stage: Stage): Promise<void>;
}

/** Resolves once `found` gives something, letting the runtime (and virtual time) go on meanwhile. */
async function until<T>(found: () => T | undefined): Promise<T> {
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    await idle();
  }
}

const lambda = (fn: string, payload: JsonObject, more: JsonObject = {}): JsonObject => ({
  Type: 'Task',
  Resource: INVOKE,
  Parameters: { FunctionName: fn, Payload: payload },
  OutputPath: '$.Payload',
  ...more,
});

/** A Parallel branch that waits 20 s, then fails with Boom. */
const SLOW_THEN_BROKEN: JsonObject = {
  StartAt: 'Slow',
  States: {
    Slow: { Type: 'Wait', Seconds: 20, Next: 'Broken' },
    Broken: lambda('boom', {}, { End: true }),
  },
};

/** A worker: takes the activity's task and answers it. */
async function work(stage: Stage, answer: JsonObject | undefined): Promise<string> {
  const control = stage.runtime.engine.taskControl;
  const signal = new AbortController().signal;
  for (;;) {
    const got = await control.getActivityTask(REVIEW, 'worker-1', signal, 0);
    if (got) {
      if (answer) await control.sendTaskSuccess(got.taskToken, JSON.stringify(answer));
      return got.taskToken;
    }
    await idle();
  }
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'wait',
    description: 'in a 30 s Wait, 10 s in',
    machines: {
      Waiting: {
        StartAt: 'Prepare',
        States: {
          Prepare: { Type: 'Pass', Result: { step: 'prepared' }, ResultPath: '$.prep', Next: 'Nap' },
          Nap: { Type: 'Wait', Seconds: 30, Next: 'Done' },
          Done: { Type: 'Pass', Parameters: { 'order.$': '$.order', 'prep.$': '$.prep.step' }, End: true },
        },
      },
    },
    input: { order: 'A-1' },
    pause: ({ clock }) => clock.advance(10_000),
  },
  {
    name: 'retry-interval',
    description: 'a Task failed twice, in its second Retry interval (4 s then 8 s, BackoffRate 2)',
    machines: {
      Retrying: {
        StartAt: 'Call',
        States: {
          Call: lambda(
            'flaky',
            { 'attempt.$': '$$.State.RetryCount' },
            {
              Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 4, BackoffRate: 2, MaxAttempts: 3 }],
              End: true,
            },
          ),
        },
      },
    },
    input: {},
    pause: ({ clock }) => clock.advance(7_000),
  },
  {
    name: 'map-midway',
    description: 'an inline Map (MaxConcurrency 1) with two of five iterations done, the third waiting',
    machines: {
      Mapping: {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 1,
            ItemProcessor: {
              StartAt: 'Work',
              States: {
                Work: lambda('double', { 'n.$': '$' }, { Next: 'Rest' }),
                Rest: { Type: 'Wait', Seconds: 10, End: true },
              },
            },
            Next: 'Collect',
          },
          Collect: { Type: 'Pass', Parameters: { 'doubled.$': '$[*].n' }, End: true },
        },
      },
    },
    input: { items: [1, 2, 3, 4, 5] },
    pause: ({ clock }) => clock.advance(25_000),
  },
  {
    name: 'parallel-caught',
    description:
      'a Parallel whose first branch waits before failing (caught by the Parallel), the second done after catching its own error',
    machines: {
      Fanning: {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Parallel',
            Branches: [
              SLOW_THEN_BROKEN,
              {
                StartAt: 'Quick',
                States: {
                  Quick: lambda(
                    'boom',
                    {},
                    {
                      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.caught', Next: 'Nap' }],
                      End: true,
                    },
                  ),
                  Nap: { Type: 'Wait', Seconds: 5, End: true },
                },
              },
            ],
            Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.error', Next: 'Recovered' }],
            Next: 'Unreached',
          },
          Recovered: { Type: 'Pass', End: true },
          Unreached: { Type: 'Pass', End: true },
        },
      },
    },
    input: { order: 'B-2' },
    pause: ({ clock }) => clock.advance(10_000),
  },
  {
    name: 'parallel-aborted',
    description:
      'a Parallel whose first branch waits before failing uncaught, the second waiting on a callback: its failure aborts both Task states (history format 2)',
    machines: {
      Aborting: {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Parallel',
            Branches: [
              SLOW_THEN_BROKEN,
              {
                StartAt: 'Ask',
                States: {
                  Ask: {
                    Type: 'Task',
                    Resource: `${INVOKE}.waitForTaskToken`,
                    Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
                    End: true,
                  },
                },
              },
            ],
            Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.error', Next: 'Recovered' }],
            End: true,
          },
          Recovered: { Type: 'Pass', End: true },
        },
      },
    },
    input: { order: 'B-3' },
    pause: ({ clock }) => clock.advance(10_000),
  },
  {
    name: 'callback',
    description: 'a lambda:invoke.waitForTaskToken task submitted, waiting for SendTaskSuccess',
    machines: {
      Approving: {
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: `${INVOKE}.waitForTaskToken`,
            Parameters: {
              FunctionName: 'notify',
              Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' },
            },
            ResultPath: '$.approval',
            Next: 'Done',
          },
          Done: { Type: 'Pass', End: true },
        },
      },
    },
    input: { order: 'C-3' },
    pause: ({ clock }) => clock.advance(2_000),
    // The token the resumed task hands out again (tokens are derived, not drawn: the same one).
    finish: async ({ runtime }) => {
      const token = await until(() => world.tokens.at(-1));
      await runtime.engine.taskControl.sendTaskSuccess(
        token,
        JSON.stringify({ approved: true, by: 'replay' }),
      );
    },
  },
  {
    name: 'activity',
    description: 'an activity task taken by a worker (ActivityStarted), not answered yet',
    activities: ['review'],
    machines: {
      Reviewing: {
        StartAt: 'Review',
        States: {
          Review: {
            Type: 'Task',
            Resource: REVIEW,
            Parameters: { 'doc.$': '$.doc' },
            ResultPath: '$.review',
            Next: 'Done',
          },
          Done: { Type: 'Pass', End: true },
        },
      },
    },
    input: { doc: 'D-4' },
    pause: async (stage) => {
      await work(stage, undefined);
      await stage.clock.advance(3_000);
    },
    finish: async (stage) => {
      await work(stage, { score: 7 });
    },
  },
  {
    name: 'redriven',
    description: 'failed on a broken function, redriven once repaired, in a Wait after the redriven Task',
    machines: {
      Redriving: {
        StartAt: 'Load',
        States: {
          Load: { Type: 'Pass', Result: 5, ResultPath: '$.n', Next: 'Fragile' },
          Fragile: lambda('fragile', { 'n.$': '$.n' }, { Next: 'Cool' }),
          Cool: { Type: 'Wait', Seconds: 10, Next: 'Done' },
          Done: { Type: 'Pass', End: true },
        },
      },
    },
    input: {},
    pause: async ({ runtime, clock, executionArn }) => {
      await clock.advance(1_000);
      if (runtime.engine.describeExecution(executionArn).status !== 'FAILED') throw new Error('did not fail');
      world.repaired = true;
      await runtime.engine.redriveExecution(executionArn);
      await clock.advance(3_000);
    },
    finish: () => {
      world.repaired = true;
      return Promise.resolve();
    },
  },
  {
    name: 'parked-wait',
    description: 'a one-day Wait, parked as a timer row (no memory) a minute in',
    machines: {
      Reminding: {
        StartAt: 'Remind',
        States: {
          Remind: { Type: 'Wait', Seconds: 86_400, Next: 'Send' },
          Send: lambda('double', { 'n.$': '$.n' }, { End: true }),
        },
      },
    },
    input: { n: 21 },
    pause: async ({ runtime, clock }) => {
      await clock.advance(120_000);
      if (runtime.engine.residency().parked !== 1) throw new Error('not parked');
    },
  },
  {
    name: 'nested',
    description: 'a parent in states:startExecution.sync:2, its child in a 20 s Wait, 10 s in',
    machines: {
      Parent: {
        StartAt: 'Child',
        States: {
          Child: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: {
              StateMachineArn: `${ARN}:stateMachine:Child`,
              'Name.$': "States.Format('{}-child', $$.Execution.Name)",
              Input: { 'n.$': '$.n' },
            },
            OutputPath: '$.Output',
            End: true,
          },
        },
      },
      Child: {
        StartAt: 'Nap',
        States: {
          Nap: { Type: 'Wait', Seconds: 20, Next: 'Double' },
          Double: lambda('double', { 'n.$': '$.n' }, { End: true }),
        },
      },
    },
    input: { n: 4 },
    pause: ({ clock }) => clock.advance(10_000),
  },
  {
    name: 'jsonata-variables',
    description: 'a JSONata machine with workflow variables assigned before and in a Wait, 5 s in',
    machines: {
      Counting: {
        QueryLanguage: 'JSONata',
        StartAt: 'Init',
        States: {
          Init: { Type: 'Pass', Assign: { count: 0, base: '{% $states.input.base %}' }, Next: 'Nap' },
          Nap: { Type: 'Wait', Seconds: 15, Assign: { count: '{% $count + 1 %}' }, Next: 'Compute' },
          Compute: {
            Type: 'Task',
            Resource: INVOKE,
            Arguments: { FunctionName: 'double', Payload: { n: '{% $base * 10 + $count %}' } },
            Output: '{% {"result": $states.result.Payload.n, "count": $count, "base": $base} %}',
            End: true,
          },
        },
      },
    },
    input: { base: 3 },
    pause: ({ clock }) => clock.advance(5_000),
  },
];
