// The model of the API the model-based test checks the server against: what exists (machines,
// their revisions, versions and aliases, activities, tags) and each Standard execution's status.
import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../src/engine/index.ts';
import { assertChain } from '../../src/test-support/engine-harness.ts';
import type { Answer, ApiUnderTest } from './api-under-test.ts';
import { ANSWER_MS } from './api-under-test.ts';

export const ROLE = 'arn:aws:iam::123456789012:role/model';
const PREFIX = 'arn:aws:states:us-east-1:123456789012';

/**
 * What a machine's definition does. `pass`/`fail` close at once; `park` waits an hour (it parks);
 * `token` waits on .waitForTaskToken; `activity` on the run's activity; `map` is a DISTRIBUTED Map
 * whose items wait an hour.
 */
export type Kind = 'pass' | 'fail' | 'park' | 'token' | 'activity' | 'map';
export const KINDS: readonly Kind[] = ['pass', 'fail', 'park', 'token', 'activity', 'map'];
export const EXPRESS_KINDS: readonly Kind[] = ['pass', 'fail'];
export type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export function definition(kind: Kind, activityArn: string): string {
  const HOUR = { Type: 'Wait', Seconds: 3600, End: true };
  const states: Record<Kind, object> = {
    pass: { Type: 'Pass', Result: { done: true }, End: true },
    fail: { Type: 'Fail', Error: 'Boom', Cause: 'by design' },
    park: HOUR,
    token: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token' } },
      End: true,
    },
    activity: {
      Type: 'Task',
      Resource: activityArn,
      Parameters: { 'execution.$': '$$.Execution.Id' },
      End: true,
    },
    map: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Item',
        States: { Item: HOUR },
      },
      End: true,
    },
  };
  return JSON.stringify({ StartAt: 'S', States: { S: states[kind] } });
}

export interface MachineModel {
  readonly name: string;
  readonly arn: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** The kind of each revision; the last is the current one. */
  readonly revisions: Kind[];
  /** Version number -> revision index. */
  readonly versions: Map<number, number>;
  /** The highest version number ever published (numbers are not reused). */
  lastVersion: number;
  /** Alias name -> routing (version number -> weight). */
  readonly aliases: Map<string, Map<number, number>>;
  readonly tags: Map<string, string>;
}

export interface ExecutionModel {
  readonly arn: string;
  readonly machine: string;
  readonly input: string;
  readonly startDate: unknown;
  kind: Kind;
  status: Status;
  /** The task token an activity worker holds (GetActivityTask handed it out). */
  token?: string | undefined;
  mapRunArn?: string | undefined;
}

export class ApiModel {
  /** Names of this sequence start with it: sequences share one server. */
  readonly prefix: string;
  readonly activityArn: string;
  readonly machines = new Map<string, MachineModel>();
  readonly activities = new Map<string, { arn: string; tags: Map<string, string> }>();
  readonly executions = new Map<string, ExecutionModel>();
  /** Steps run so far. */
  steps = 0;

  constructor(prefix: string) {
    this.prefix = prefix;
    this.activityArn = `${PREFIX}:activity:${prefix}-worker`;
  }

  machineArn(slot: number): string {
    return `${PREFIX}:stateMachine:${this.prefix}-m${slot}`;
  }
  activityArnOf(slot: number): string {
    return `${PREFIX}:activity:${this.prefix}-a${slot}`;
  }
  executionArn(machine: string, name: string): string {
    return `${PREFIX}:execution:${machine}:${name}`;
  }

  /** Executions the model knows, in start order (commands pick them by index). */
  get list(): ExecutionModel[] {
    return [...this.executions.values()];
  }
}

/** Asserts a 200. */
export function ok(answer: Answer, what: string): Record<string, unknown> {
  assert.equal(
    answer.status,
    200,
    `${what}: expected success, got ${answer.type}: ${JSON.stringify(answer.json)}`,
  );
  return answer.json;
}

/** Asserts an AWS error by name. */
export function refused(answer: Answer, type: string, what: string): void {
  assert.equal(
    answer.type,
    type,
    `${what}: expected ${type}, got ${answer.status} ${JSON.stringify(answer.json)}`,
  );
}

/** Polls DescribeExecution until it leaves RUNNING (or the bound passes); returns the status. */
export async function settled(api: ApiUnderTest, arn: string): Promise<string> {
  const deadline = Date.now() + ANSWER_MS;
  for (;;) {
    const status = String(
      ok(await api.call('DescribeExecution', { executionArn: arn }), 'DescribeExecution').status,
    );
    if (status !== 'RUNNING' || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function historyOf(api: ApiUnderTest, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: unknown;
  do {
    const page = ok(
      await api.call('GetExecutionHistory', {
        executionArn,
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      }),
      'GetExecutionHistory',
    );
    events.push(...(page.events as HistoryEvent[]));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

const TERMINAL_EVENT: Record<Status, string | undefined> = {
  RUNNING: undefined,
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  ABORTED: 'ExecutionAborted',
};

/**
 * The checks after every step: a cheap call answers at once, and every Standard execution the
 * model knows has the predicted status and a gap-free history with one ExecutionStarted that
 * ends as its status says.
 */
export async function invariants(model: ApiModel, api: ApiUnderTest): Promise<void> {
  ok(await api.call('ListActivities', { maxResults: 1 }), 'probe');
  for (const e of model.executions.values()) {
    const described = ok(
      await api.call('DescribeExecution', { executionArn: e.arn }),
      `DescribeExecution ${e.arn}`,
    );
    assert.equal(described.status, e.status, `status of ${e.arn}`);
    const events = await historyOf(api, e.arn);
    assertChain(events);
    assert.equal(
      events.filter((x) => x.type === 'ExecutionStarted').length,
      1,
      `one ExecutionStarted in ${e.arn}`,
    );
    const last = events.at(-1)?.type;
    const terminal = TERMINAL_EVENT[e.status];
    if (terminal) assert.equal(last, terminal, `${e.arn} ends with ${terminal}`);
    else
      assert.ok(
        !/^Execution(Succeeded|Failed|Aborted|TimedOut)$/.test(last ?? ''),
        `${e.arn} is open: ${last}`,
      );
  }
}
