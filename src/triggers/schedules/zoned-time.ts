/**
 * Wall-clock time in an IANA time zone (EventBridge Scheduler's ScheduleExpressionTimezone),
 * through Intl: no time-zone database of our own.
 */

/** A wall-clock reading; `month` is 1–12, `weekday` 1 (Sunday) – 7 (Saturday) as in cron. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone (`America/New_York`, `UTC`, `Etc/GMT+5`). */
export function knownTimeZone(timeZone: string): boolean {
  try {
    formatOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at epoch ms `at`. */
export function wallTimeAt(at: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatOf(timeZone).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 0,
    day: parts['day'] ?? 0,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

function asUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC (ms) at epoch ms `at`. */
function offsetAt(at: number, timeZone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  return asUtc(wallTimeAt(whole, timeZone)) - whole;
}

const HOURS_14 = 14 * 3_600_000;

/**
 * The instant a wall-clock reading names in `timeZone`: the earlier one when the clock went
 * back and the reading happened twice, undefined when the clock jumped over it (a skipped hour).
 */
export function instantOf(w: WallTime, timeZone: string): number | undefined {
  const guess = asUtc(w);
  // Offsets never change twice within 28 hours, so these two hold every candidate.
  const offsets = new Set([offsetAt(guess - HOURS_14, timeZone), offsetAt(guess + HOURS_14, timeZone)]);
  let best: number | undefined;
  for (const o of offsets) {
    const candidate = guess - o;
    if (asUtc(wallTimeAt(candidate, timeZone)) !== guess) continue;
    if (best === undefined || candidate < best) best = candidate;
  }
  return best;
}

/** Days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of the week of a date, 1 (Sunday) – 7 (Saturday), as cron counts them. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}
