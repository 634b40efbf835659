import type { Engine } from '../engine/index.ts';
import type { DeliveryStatus } from './events/webhook-outbox.ts';
import type { HttpTrigger } from './http/http-trigger.ts';
import type { Rule } from './rules/rule-destination.ts';
import type { DeadLetter } from './schedules/dead-letters.ts';
import { scheduledExecutionName } from './schedules/execution-name.ts';
import type { ScheduleRecord } from './schedules/schedule.ts';
import { expressionOf } from './schedules/schedule.ts';
import { firingWindow } from './schedules/schedule-plan.ts';
import { nextFireTime } from './schedules/schedule-expression.ts';

const NEXT_RUNS = 5;
const LAST_RUNS = 5;

/** One execution a schedule started. */
export interface ScheduleRun {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  /** Epoch ms. */
  readonly startDate: number;
}

/** A schedule as the console shows it: its settings, its next times, its last executions. */
export interface ScheduleView {
  readonly Name: string;
  readonly GroupName: string;
  readonly Arn: string;
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone: string;
  readonly State: string;
  readonly TargetArn: string;
  readonly DeadLetterArn?: string;
  /** Epoch ms of the next scheduled times (none when disabled or complete). */
  readonly nextRuns: readonly number[];
  /** Its executions, newest first. */
  readonly lastRuns: readonly ScheduleRun[];
}

/** Everything the console's Triggers page shows, in one answer. */
export interface TriggersOverview {
  readonly now: number;
  readonly schedules: readonly ScheduleView[];
  readonly rules: ReadonlyArray<Rule & { readonly eventBusName: string }>;
  readonly eventBuses: readonly string[];
  readonly httpTriggers: ReadonlyArray<{
    readonly name: string;
    readonly stateMachine: string;
    readonly path: string;
    readonly auth: readonly string[];
  }>;
  readonly deliveries: ReadonlyArray<
    DeliveryStatus & { readonly kind: 'webhook' | 'rule'; readonly url?: string | undefined }
  >;
  readonly deadLetters: readonly DeadLetter[];
}

function nextRuns(s: ScheduleRecord, now: number): number[] {
  if (s.State !== 'ENABLED') return [];
  const expression = expressionOf(s.ScheduleExpression);
  const window = firingWindow(s);
  const runs: number[] = [];
  let after = Math.max(now - 1, s.handledThrough);
  while (runs.length < NEXT_RUNS) {
    const next = nextFireTime(expression, window, after);
    if (next === undefined) break;
    runs.push(next);
    after = next;
  }
  return runs;
}

/** The executions a schedule started: on its target, named for it and a scheduled time. */
async function lastRuns(s: ScheduleRecord, engine: Pick<Engine, 'readExecutions'>): Promise<ScheduleRun[]> {
  const base = scheduledExecutionName(s.GroupName, s.Name, 0).replace(/-\d{8}T\d{6}Z$/, '');
  const named = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{8}T\\d{6}Z$`);
  const machine = s.Target.Arn.split(':').slice(0, 7).join(':');
  let all: Awaited<ReturnType<Engine['readExecutions']>>;
  try {
    all = await engine.readExecutions(machine);
  } catch {
    return []; // Its state machine is gone.
  }
  return all
    .filter((e) => named.test(e.name))
    .sort((a, b) => b.startDate - a.startDate)
    .slice(0, LAST_RUNS)
    .map((e) => ({ executionArn: e.executionArn, name: e.name, status: e.status, startDate: e.startDate }));
}

export async function scheduleView(
  s: ScheduleRecord,
  now: number,
  engine: Pick<Engine, 'readExecutions'>,
): Promise<ScheduleView> {
  return {
    Name: s.Name,
    GroupName: s.GroupName,
    Arn: s.Arn,
    ScheduleExpression: s.ScheduleExpression,
    ScheduleExpressionTimezone: s.ScheduleExpressionTimezone ?? 'UTC',
    State: s.State,
    TargetArn: s.Target.Arn,
    ...(s.Target.DeadLetterConfig?.Arn ? { DeadLetterArn: s.Target.DeadLetterConfig.Arn } : {}),
    nextRuns: nextRuns(s, now),
    lastRuns: await lastRuns(s, engine),
  };
}

/** How an HTTP trigger is guarded, for the console. */
export function authOf(t: HttpTrigger): string[] {
  return [
    ...((t.apiKeys?.length ?? 0) > 0 ? ['API key'] : []),
    ...((t.signatureKeys?.length ?? 0) > 0 ? ['Signature V4'] : []),
  ];
}
