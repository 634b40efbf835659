import type { CronSpec } from './cron-expression.ts';
import { parseCron } from './cron-expression.ts';
import { nextCronTime } from './cron-next.ts';
import type { WallTime } from './zoned-time.ts';
import { daysInMonth, instantOf } from './zoned-time.ts';

/** `cron(…)`, `rate(…)` or `at(…)`, parsed (AWS "Schedule types on EventBridge Scheduler"). */
export type ScheduleExpression =
  | { readonly kind: 'cron'; readonly spec: CronSpec }
  | { readonly kind: 'rate'; readonly everyMs: number }
  | { readonly kind: 'at'; readonly wall: WallTime };

const UNIT_MS: Readonly<Record<string, number>> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Parses an expression; a string is why it is not valid. */
export function parseScheduleExpression(text: string): ScheduleExpression | string {
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) {
    const spec = parseCron(cron[1] ?? '');
    return 'error' in spec ? spec.error : { kind: 'cron', spec };
  }
  const rate = /^rate\((\d+) (\w+)\)$/.exec(text);
  if (rate) {
    const n = Number(rate[1]);
    const unit = UNIT_MS[rate[2] ?? ''];
    if (unit === undefined) return 'the unit of a rate expression is minutes, hours or days';
    if (n < 1) return 'the value of a rate expression is a positive number';
    return { kind: 'rate', everyMs: n * unit };
  }
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(text);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (
      month < 1 ||
      month > 12 ||
      day < 1 ||
      day > daysInMonth(year, month) ||
      hour > 23 ||
      minute > 59 ||
      second > 59
    )
      return 'an at expression names a real date and time: at(yyyy-mm-ddThh:mm:ss)';
    return { kind: 'at', wall: { year, month, day, hour, minute, second } };
  }
  return 'expected cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)';
}

/** When a schedule's expression is read: its zone and the window it may fire in. */
export interface FiringWindow {
  readonly timeZone: string;
  /** Epoch ms: StartDate, or for a rate with none the schedule's creation (it fires at once). */
  readonly start: number;
  /** Epoch ms: EndDate; no fire after it. */
  readonly end?: number | undefined;
}

/**
 * The first scheduled time strictly after `after` within the window, or undefined when there
 * is none (an `at` that has passed, a cron whose years are over, the end date reached). A rate
 * fires at `start` and every period after it, a fixed duration regardless of daylight saving.
 */
export function nextFireTime(
  expression: ScheduleExpression,
  window: FiringWindow,
  after: number,
): number | undefined {
  const from = Math.max(after, window.start - 1);
  let next: number | undefined;
  switch (expression.kind) {
    case 'cron':
      next = nextCronTime(expression.spec, from, window.timeZone);
      break;
    case 'rate': {
      const periods = Math.floor((from - window.start) / expression.everyMs) + 1;
      next = window.start + Math.max(0, periods) * expression.everyMs;
      break;
    }
    case 'at': {
      // A time the clock skips (spring forward) is read with the offset before the jump: 02:30
      // on the night New York skips to 03:00 is 03:30 EDT (the instant 02:30 EST would have been).
      const at =
        instantOf(expression.wall, window.timeZone) ??
        instantOf({ ...expression.wall, hour: expression.wall.hour + 1 }, window.timeZone) ??
        0;
      next = at > after ? at : undefined;
      break;
    }
  }
  return next !== undefined && (window.end === undefined || next <= window.end) ? next : undefined;
}
