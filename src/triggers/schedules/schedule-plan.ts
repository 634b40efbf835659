import { flexibleDelay } from './execution-name.ts';
import type { ScheduleRecord } from './schedule.ts';
import { expressionOf } from './schedule.ts';
import type { FiringWindow } from './schedule-expression.ts';
import { nextFireTime } from './schedule-expression.ts';

/** AWS's default RetryPolicy.MaximumEventAgeInSeconds: a day. */
const DEFAULT_MAX_AGE_S = 86_400;
/** A bound on the walk over missed times (a cron every minute over two months). */
const MAX_WALK = 100_000;

/** What a schedule should do at `now`. */
export type Plan =
  /** Nothing is due before `at` (epoch ms). */
  | { readonly kind: 'wait'; readonly at: number }
  /** Start the execution of scheduled time `scheduled`; `skipped` older missed times go unfired. */
  | { readonly kind: 'fire'; readonly scheduled: number; readonly skipped: number }
  /** Missed times all older than the maximum event age: mark them handled, start nothing. */
  | { readonly kind: 'expired'; readonly through: number; readonly skipped: number }
  /** No scheduled time is left (an `at` that fired, an end date passed). */
  | { readonly kind: 'complete' };

export function firingWindow(s: ScheduleRecord): FiringWindow {
  const expression = expressionOf(s.ScheduleExpression);
  return {
    timeZone: s.ScheduleExpressionTimezone ?? 'UTC',
    // A rate without StartDate counts from the schedule's creation; other kinds from any time.
    start: s.StartDate ?? (expression.kind === 'rate' ? s.CreationDate : 0),
    end: s.EndDate,
  };
}

/**
 * The catch-up policy: when scheduled times were missed (the server was down, or not leading),
 * only the latest of them fires, and only if it is younger than the target's
 * RetryPolicy.MaximumEventAgeInSeconds (a day by default); the older ones are skipped.
 */
export function planOf(s: ScheduleRecord, now: number): Plan {
  const expression = expressionOf(s.ScheduleExpression);
  const window = firingWindow(s);
  const flexMinutes =
    s.FlexibleTimeWindow.Mode === 'FLEXIBLE' ? s.FlexibleTimeWindow.MaximumWindowInMinutes : undefined;
  const due = (t: number): number => t + flexibleDelay(s.Arn, t, flexMinutes);
  const next = nextFireTime(expression, window, s.handledThrough);
  if (next === undefined) return { kind: 'complete' };
  if (due(next) > now) return { kind: 'wait', at: due(next) };
  let latest = next;
  let skipped = 0;
  if (expression.kind === 'rate') {
    const periods = Math.floor((Math.min(now, window.end ?? now) - next) / expression.everyMs);
    latest = next + periods * expression.everyMs;
    skipped = periods;
  } else {
    for (let i = 0; i < MAX_WALK; i++) {
      const after = nextFireTime(expression, window, latest);
      if (after === undefined || due(after) > now) break;
      latest = after;
      skipped++;
    }
  }
  const maxAge = (s.Target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_AGE_S) * 1000;
  if (now - latest > maxAge) return { kind: 'expired', through: latest, skipped: skipped + 1 };
  return { kind: 'fire', scheduled: latest, skipped };
}
