/**
 * Timestamps of Choice `Timestamp*` / `IsTimestamp` and Wait `Timestamp` / `TimestampPath`.
 *
 * AWS parses them as Java's ISO_OFFSET_DATE_TIME (its Wait error says "does not reference a valid
 * ISO-8601 extended offset date-time format string"), which is looser than the RFC 3339 profile
 * the States Language spec asks writers for:
 * - `T` and `Z` match case-insensitively (the formatter is parseCaseInsensitive);
 * - seconds are optional (`2016-03-14T01:59Z`), fractions take 0 to 9 digits
 *   (recorded: `.00Z`, `.000000Z`, `.0000000Z` are accepted; no offset is rejected);
 * - the offset is `Z`, `+HH`, `+HH:MM` or `+HH:MM:SS` (lenient offset parsing), at most 18:00;
 * - a 4-digit year, or a signed year of 5 to 10 digits; the calendar is checked strictly
 *   (no February 30, no hour 24, no leap second).
 * A space instead of `T` is not a timestamp (recorded for TimestampEquals).
 */

const TIMESTAMP =
  /^([+-]\d{5,10}|\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{0,9}))?)?(?:([Zz])|([+-])(\d{2})(?::(\d{2})(?::(\d{2}))?)?)$/;

const MAX_YEAR = 999_999_999;
const MAX_OFFSET_SECONDS = 18 * 3600;
const MS_PER_DAY = 86_400_000;

/**
 * Epoch milliseconds of `text`, or undefined when AWS would not accept it as a timestamp.
 * Sub-millisecond digits are kept as a fraction, so comparisons stay exact to about a microsecond
 * (AWS compares nanoseconds).
 */
export function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om, os] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (Math.abs(year) > MAX_YEAR) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;

  let offsetSeconds = 0;
  if (zulu === undefined) {
    const offHours = Number(oh);
    const offMinutes = om === undefined ? 0 : Number(om);
    const offSeconds = os === undefined ? 0 : Number(os);
    if (offMinutes > 59 || offSeconds > 59) return undefined;
    offsetSeconds = offHours * 3600 + offMinutes * 60 + offSeconds;
    if (offsetSeconds > MAX_OFFSET_SECONDS) return undefined;
    if (sign === '-') offsetSeconds = -offsetSeconds;
  }

  const fractionMs = frac === undefined || frac === '' ? 0 : Number(`0.${frac}`) * 1000;
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    (hour * 3600 + minute * 60 + second - offsetSeconds) * 1000 +
    fractionMs
  );
}

/** The ISO form of the context object and history (`2024-01-01T00:00:00.000Z`), always UTC. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 in the proleptic Gregorian calendar, for any year (Java's range is far
 * wider than `Date`'s). Howard Hinnant's days_from_civil.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
