const DAY_MS = 86_400_000;

/** "00" to "99", and "000" to "999": the digits of a time of day, looked up. */
const TWO = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

let lastMs = Number.NaN;
let lastText = '';
let lastDay = Number.NaN;
/** `YYYY-MM-DDT` of `lastDay`. */
let lastDate = '';

/**
 * The ISO 8601 text of an epoch-ms time, as the context object shows it (`$$.Execution.StartTime`,
 * `$$.State.EnteredTime`): `Date.prototype.toISOString`'s. Consecutive visits mostly fall in the
 * same millisecond, so the last text is kept; another millisecond of the same day is written from
 * tables after that day's date: V8 formats a date with `vsnprintf`, ~7,000 instructions, more
 * than a whole Pass state visit (many-small Express: 2.3% of its instructions, callgrind).
 */
export function isoTime(ms: number): string {
  if (ms === lastMs) return lastText;
  const day = Math.floor(ms / DAY_MS);
  const whole = ms % 1 === 0;
  if (day !== lastDay || lastDate === '' || !whole) {
    const text = new Date(ms).toISOString();
    lastMs = ms;
    // A fraction of a millisecond is cut off (towards 0, not down); a year past 9999 (or before 0)
    // is written with a sign and six digits: those are left to Date.
    if (whole) {
      lastDay = day;
      lastDate = text.length === 24 ? text.slice(0, 11) : '';
    }
    return (lastText = text);
  }
  let rest = ms - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  lastMs = ms;
  return (lastText = `${lastDate}${TWO[hour]}:${TWO[minute]}:${TWO[second]}.${THREE[milli]}Z`);
}
