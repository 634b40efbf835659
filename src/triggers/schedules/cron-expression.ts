/**
 * EventBridge Scheduler's cron expressions: six fields — minutes hours day-of-month month
 * day-of-week year — with `,` `-` `*` `/`, `?` in one of the two day fields, `L` and `W` in
 * day-of-month, `L` and `#` in day-of-week (AWS "Schedule types on EventBridge Scheduler").
 */

/** One entry of the day-of-month field. */
export type MonthDay =
  | { readonly kind: 'day'; readonly day: number }
  | { readonly kind: 'last' }
  /** `15W`: the weekday nearest the 15th, within the month; `LW`: the month's last weekday. */
  | { readonly kind: 'nearestWeekday'; readonly day: number | 'L' };

/** One entry of the day-of-week field (1 = Sunday … 7 = Saturday). */
export type WeekDay =
  | { readonly kind: 'weekday'; readonly weekday: number }
  /** `5L`: the month's last Thursday. */
  | { readonly kind: 'lastOf'; readonly weekday: number }
  /** `3#2`: the month's second Tuesday. */
  | { readonly kind: 'nth'; readonly weekday: number; readonly nth: number };

export interface CronSpec {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** Undefined for `?`: the other day field decides. */
  readonly monthDays: readonly MonthDay[] | undefined;
  readonly months: ReadonlySet<number>;
  readonly weekDays: readonly WeekDay[] | undefined;
  /** Ascending. */
  readonly years: readonly number[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

class CronError extends Error {}

interface Range {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

function value(text: string, r: Range): number {
  const named = r.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= r.min && n <= r.max)) throw new CronError(`'${text}' is not within ${r.min}-${r.max}`);
  return n;
}

/** `*`, `a`, `a-b`, `a/s`, `a-b/s`, `*\/s` and lists of them: the values they name, ascending. */
function values(field: string, r: Range): number[] {
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const [span = '', stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1 || (stepText !== undefined && !/^\d+$/.test(stepText)))
      throw new CronError(`'${item}' has an invalid increment`);
    let from: number;
    let to: number;
    if (span === '*') [from, to] = [r.min, r.max];
    else if (span.includes('-')) {
      const [a = '', b = ''] = span.split('-');
      [from, to] = [value(a, r), value(b, r)];
      if (from > to) throw new CronError(`'${span}' is an empty range`);
    } else {
      from = value(span, r);
      // `5/10` runs from 5 to the end of the field, as Quartz and AWS read it.
      to = stepText === undefined ? from : r.max;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function monthDays(field: string): MonthDay[] | undefined {
  if (field === '?') return undefined;
  const out: MonthDay[] = [];
  for (const item of field.split(',')) {
    if (item === 'L') out.push({ kind: 'last' });
    else if (item === 'LW') out.push({ kind: 'nearestWeekday', day: 'L' });
    else if (/^\d+W$/.test(item))
      out.push({ kind: 'nearestWeekday', day: value(item.slice(0, -1), { min: 1, max: 31 }) });
    else for (const day of values(item, { min: 1, max: 31 })) out.push({ kind: 'day', day });
  }
  return out;
}

function weekDays(field: string): WeekDay[] | undefined {
  if (field === '?') return undefined;
  const r: Range = { min: 1, max: 7, names: DAYS };
  const out: WeekDay[] = [];
  for (const item of field.split(',')) {
    // `L` alone is the last day of the week: Saturday.
    if (item === 'L') out.push({ kind: 'weekday', weekday: 7 });
    else if (/^\w+L$/.test(item)) out.push({ kind: 'lastOf', weekday: value(item.slice(0, -1), r) });
    else if (item.includes('#')) {
      const [day = '', nth = ''] = item.split('#');
      out.push({ kind: 'nth', weekday: value(day, r), nth: value(nth, { min: 1, max: 5 }) });
    } else for (const weekday of values(item, r)) out.push({ kind: 'weekday', weekday });
  }
  return out;
}

/** The fields of `cron(…)`'s inside, or the reason it is not valid. */
export function parseCron(inside: string): CronSpec | { readonly error: string } {
  const fields = inside.trim().split(/\s+/);
  if (fields.length !== 6)
    return { error: 'a cron expression has 6 fields: minutes hours day-of-month month day-of-week year' };
  const [min = '', hour = '', dom = '', month = '', dow = '', year = ''] = fields;
  if ((dom === '?') === (dow === '?'))
    return { error: 'one of day-of-month and day-of-week must be ? (and only one)' };
  try {
    return {
      minutes: values(min, { min: 0, max: 59 }),
      hours: values(hour, { min: 0, max: 23 }),
      monthDays: monthDays(dom),
      months: new Set(values(month, { min: 1, max: 12, names: MONTHS })),
      weekDays: weekDays(dow),
      years: values(year, { min: 1970, max: 2199 }),
    };
  } catch (e) {
    if (e instanceof CronError) return { error: e.message };
    throw e;
  }
}
