import type { CronSpec, MonthDay, WeekDay } from './cron-expression.ts';
import { daysInMonth, instantOf, wallTimeAt, weekdayOf } from './zoned-time.ts';

/** `15W` / `LW`: the weekday nearest that day without leaving the month (Quartz's rule, AWS's too). */
function nearestWeekday(year: number, month: number, day: number | 'L'): number | undefined {
  const last = daysInMonth(year, month);
  const target = day === 'L' ? last : day;
  if (target > last) return undefined;
  const weekday = weekdayOf(year, month, target);
  if (weekday === 7) return target === 1 ? 3 : target - 1;
  if (weekday === 1) return target === last ? target - 2 : target + 1;
  return target;
}

function monthDayMatches(rule: MonthDay, year: number, month: number, day: number): boolean {
  switch (rule.kind) {
    case 'day':
      return rule.day === day;
    case 'last':
      return day === daysInMonth(year, month);
    case 'nearestWeekday':
      return nearestWeekday(year, month, rule.day) === day;
  }
}

function weekDayMatches(rule: WeekDay, year: number, month: number, day: number): boolean {
  if (weekdayOf(year, month, day) !== rule.weekday) return false;
  switch (rule.kind) {
    case 'weekday':
      return true;
    case 'lastOf':
      return day + 7 > daysInMonth(year, month);
    case 'nth':
      return Math.ceil(day / 7) === rule.nth;
  }
}

function dayMatches(spec: CronSpec, year: number, month: number, day: number): boolean {
  if (spec.monthDays) return spec.monthDays.some((r) => monthDayMatches(r, year, month, day));
  return spec.weekDays?.some((r) => weekDayMatches(r, year, month, day)) ?? false;
}

/**
 * The first time after epoch ms `after` that the cron expression names in `timeZone`, or
 * undefined when it names none (its years are over). As EventBridge Scheduler does across
 * daylight-saving changes: a wall-clock time the clock skips does not fire, and one it passes
 * twice fires once, the first time.
 */
export function nextCronTime(spec: CronSpec, after: number, timeZone: string): number | undefined {
  const now = wallTimeAt(after, timeZone);
  const today = now.year * 10_000 + now.month * 100 + now.day;
  for (const year of spec.years) {
    if (year < now.year) continue;
    for (let month = 1; month <= 12; month++) {
      if (!spec.months.has(month) || year * 100 + month < now.year * 100 + now.month) continue;
      const days = daysInMonth(year, month);
      for (let day = 1; day <= days; day++) {
        const date = year * 10_000 + month * 100 + day;
        if (date < today || !dayMatches(spec, year, month, day)) continue;
        for (const hour of spec.hours) {
          if (date === today && hour < now.hour) continue;
          for (const minute of spec.minutes) {
            if (date === today && hour === now.hour && minute < now.minute) continue;
            const at = instantOf({ year, month, day, hour, minute, second: 0 }, timeZone);
            if (at !== undefined && at > after) return at;
          }
        }
      }
    }
  }
  return undefined;
}
