export type Fields = Record<string, unknown>;

export function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

export function has(fields: Fields, name: string): boolean {
  return Object.hasOwn(fields, name);
}

// One definition of a `{% ... %}` string for validation and evaluation alike.
export { isJsonataExpression } from '../query/jsonata/index.ts';

// RFC 3339 with an uppercase T, as Step Functions requires of Wait Timestamp and Timestamp* rules.
const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function isTimestamp(value: unknown): boolean {
  if (typeof value !== 'string' || !rfc3339.test(value)) return false;
  // The pattern accepts 2024-02-31; the calendar does not.
  const [date] = value.split('T');
  const [y, m, d] = (date ?? '').split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined || m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth;
}
