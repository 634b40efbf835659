import { createHash } from 'node:crypto';
import { DEFAULT_GROUP } from './schedule-book.ts';

/** `20240101T090000Z`: a scheduled time as it appears in execution names. */
function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The execution a schedule starts for one scheduled time: the same name however often and on
 * whichever server the time is fired, so StartExecution's idempotency (or
 * ExecutionAlreadyExists) makes it one execution. At most 80 characters (AWS's limit).
 */
export function scheduledExecutionName(group: string, name: string, scheduledTime: number): string {
  let base = group === DEFAULT_GROUP ? name : `${group}.${name}`;
  if (base.length > 63)
    base = `${base.slice(0, 54)}-${createHash('sha256').update(base).digest('hex').slice(0, 8)}`;
  return `${base}-${stamp(scheduledTime)}`;
}

/**
 * Where in its flexible time window a scheduled time fires, as ms after it: spread like AWS's
 * random choice, but the same on every server (a hash of the schedule and the time).
 */
export function flexibleDelay(arn: string, scheduledTime: number, windowMinutes: number | undefined): number {
  if (!windowMinutes) return 0;
  const h = createHash('sha256').update(`${arn}@${scheduledTime}`).digest().readUInt32BE(0);
  return Math.floor((h / 2 ** 32) * windowMinutes * 60_000);
}
