import type { ExecutionObserver } from '../../engine/index.ts';
import { expressBilling } from './prices.ts';

type Observed = Parameters<NonNullable<ExecutionObserver['closed']>>[0];

/** An Express state machine's billed use on one UTC day. */
export interface ExpressDay {
  readonly day: string;
  requests: number;
  billedDurationMs: number;
  billedMemoryMbMs: number;
}

/** Days kept per state machine: the Monitoring tab's range. */
const DAYS_KEPT = 90;

/**
 * What AWS bills Express executions for, per state machine and day, from the observer stream:
 * Express executions keep no history (DESIGN.md decision 5), so this is their only record. It
 * lives in memory and starts again with the server.
 */
export class ExpressBilling implements ExecutionObserver {
  readonly #machines = new Map<string, ExpressDay[]>();
  closed({ record, stateMachine }: Observed): void {
    if (stateMachine.type !== 'EXPRESS' || record.stopDate === undefined) return;
    const { billedDurationMs, billedMemoryMb } = expressBilling(record.stopDate - record.startDate);
    const arn = baseArn(record.stateMachineArn);
    const day = new Date(record.startDate).toISOString().slice(0, 10);
    let days = this.#machines.get(arn);
    if (!days) this.#machines.set(arn, (days = []));
    let today = days.at(-1);
    if (today?.day !== day) {
      today = { day, requests: 0, billedDurationMs: 0, billedMemoryMbMs: 0 };
      days.push(today);
      if (days.length > DAYS_KEPT) days.shift();
    }
    today.requests++;
    today.billedDurationMs += billedDurationMs;
    today.billedMemoryMbMs += billedDurationMs * billedMemoryMb;
  }

  /** The days of a state machine (its versions' and aliases' executions included), oldest first. */
  days(stateMachineArn: string): readonly ExpressDay[] {
    return this.#machines.get(baseArn(stateMachineArn)) ?? [];
  }
}

/** `…:stateMachine:NAME` of a version's or alias's ARN (`…:stateMachine:NAME:7`). */
function baseArn(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}
