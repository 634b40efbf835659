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
const DAY_MS = 86_400_000;

/**
 * What AWS bills Express executions for, per state machine and day, from the observer stream:
 * Express executions keep no history (DESIGN.md decision 5), so this is their only record. It
 * lives in memory and starts again with the server.
 */
export class ExpressBilling implements ExecutionObserver {
  readonly #machines = new Map<string, ExpressDay[]>();
  // Executions come in runs of one machine and day: the latest ones are kept at hand, so that an
  // execution costs no ARN split nor date formatting (they cost an Express start 3% of its CPU).
  #arn: string | undefined;
  #days: ExpressDay[] = [];
  #today: ExpressDay | undefined;
  /** The UTC day (days since the epoch) of `#today`. */
  #epochDay = -1;

  closed({ record, stateMachine }: Observed): void {
    if (stateMachine.type !== 'EXPRESS' || record.stopDate === undefined) return;
    const { billedDurationMs, billedMemoryMb } = expressBilling(record.stopDate - record.startDate);
    const days = record.stateMachineArn === this.#arn ? this.#days : this.#daysOf(record.stateMachineArn);
    const epochDay = Math.floor(record.startDate / DAY_MS);
    let today = this.#today;
    if (today === undefined || days.at(-1) !== today || epochDay !== this.#epochDay) {
      today = dayOf(days, new Date(epochDay * DAY_MS).toISOString().slice(0, 10));
      this.#today = today;
      this.#epochDay = epochDay;
    }
    today.requests++;
    today.billedDurationMs += billedDurationMs;
    today.billedMemoryMbMs += billedDurationMs * billedMemoryMb;
  }

  #daysOf(stateMachineArn: string): ExpressDay[] {
    const arn = baseArn(stateMachineArn);
    let days = this.#machines.get(arn);
    if (!days) this.#machines.set(arn, (days = []));
    this.#arn = stateMachineArn;
    return (this.#days = days);
  }

  /** The days of a state machine (its versions' and aliases' executions included), oldest first. */
  days(stateMachineArn: string): readonly ExpressDay[] {
    return this.#machines.get(baseArn(stateMachineArn)) ?? [];
  }
}

/** The entry of `day` in `days` (oldest first), added in its place if new. */
function dayOf(days: ExpressDay[], day: string): ExpressDay {
  // Usually the latest; an execution of an earlier day may close late.
  let i = days.length;
  while (i > 0 && days[i - 1]!.day > day) i--;
  const found = days[i - 1];
  if (found?.day === day) return found;
  const added = { day, requests: 0, billedDurationMs: 0, billedMemoryMbMs: 0 };
  days.splice(i, 0, added);
  if (days.length > DAYS_KEPT) days.shift();
  return added;
}

/** `…:stateMachine:NAME` of a version's or alias's ARN (`…:stateMachine:NAME:7`). */
function baseArn(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}
