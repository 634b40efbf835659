// Running AWS service tasks through real executions of the API harness, for the tests of the
// AWS integrations.
import assert from 'node:assert/strict';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE } from '../api/harness.ts';
import { historyOf, settled } from './support.ts';

export interface Step {
  readonly resource: string;
  readonly parameters: Record<string, unknown>;
}

let n = 0;
/** Runs the steps as a chain of Task states, each result at `$.r<i>`; the history alongside. */
export async function run(target: Api, steps: readonly Step[]) {
  const states: Record<string, unknown> = {};
  steps.forEach((s, i) => {
    states[`S${i}`] = {
      Type: 'Task',
      Resource: s.resource,
      Parameters: s.parameters,
      ResultPath: `$.r${i}`,
      ...(i === steps.length - 1 ? { End: true } : { Next: `S${i + 1}` }),
    };
  });
  const { stateMachineArn } = await target.client.send(
    new CreateStateMachineCommand({
      name: `aws-${++n}`,
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: 'S0', States: states }),
    }),
  );
  const { executionArn } = await target.client.send(
    new StartExecutionCommand({ stateMachineArn, input: '{}' }),
  );
  const description = await settled(target, executionArn!);
  const events = await historyOf(target, executionArn!);
  const output = description.output
    ? (JSON.parse(description.output) as Record<string, Record<string, unknown>>)
    : {};
  return { description, events, output };
}

export const ddbTask = (api: string) => `arn:aws:states:::dynamodb:${api}`;
export const sdkTask = (service: string, action: string) => `arn:aws:states:::aws-sdk:${service}:${action}`;

/** resourceType and resource of each TaskScheduled, TaskStarted and TaskSucceeded/Failed event. */
export function taskIds(events: HistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const d =
      e.taskScheduledEventDetails ??
      e.taskStartedEventDetails ??
      e.taskSucceededEventDetails ??
      e.taskFailedEventDetails;
    return d ? [`${e.type} ${d.resourceType} ${d.resource}`] : [];
  });
}

export function failure(events: HistoryEvent[]) {
  const failed = events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails;
  assert.ok(failed, 'a TaskFailed event');
  return failed;
}

/**
 * Runs `body` with no AWS configuration in the environment (no keys, no shared files, no instance
 * role) but `vars`, and puts the environment back after.
 */
export async function inBareAwsEnvironment(vars: Record<string, string>, body: () => Promise<void>) {
  const isAws = (name: string) => name.startsWith('AWS_');
  const saved = Object.entries(process.env).filter(([name]) => isAws(name));
  const clear = () => {
    for (const name of Object.keys(process.env)) if (isAws(name)) delete process.env[name];
  };
  clear();
  Object.assign(process.env, {
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_CONFIG_FILE: '/nonexistent/config',
    ...vars,
  });
  try {
    await body();
  } finally {
    clear();
    Object.assign(process.env, Object.fromEntries(saved));
  }
}
