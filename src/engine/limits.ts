import type { Json, Machine } from '../asl/index.ts';

/**
 * A Standard execution's history holds at most 25,000 events; reaching it fails the execution
 * (AWS quotas, "execution history").
 */
export const MAX_HISTORY_EVENTS = 25_000;

/**
 * A Standard execution runs at most one year; past it, it times out with States.Timeout as if its
 * TimeoutSeconds had ended (AWS quotas, "maximum execution time").
 */
export const MAX_STANDARD_SECONDS = 365 * 24 * 60 * 60;

/** AWS's payload quota: 256 KiB of UTF-8 for inputs, outputs and task results. */
export const MAX_PAYLOAD_BYTES = 262_144;

export function payloadTooLarge(json: string, limit: number): boolean {
  // UTF-8 needs at most 3 bytes per UTF-16 unit, so most payloads need no exact count.
  if (json.length * 3 <= limit) return false;
  return Buffer.byteLength(json, 'utf8') > limit;
}

/**
 * Whether `value`'s JSON text surely fits in `limit` UTF-8 bytes, found without writing the text
 * (a silent Express state needs the size, not the text): every string counted at its worst (6
 * bytes per UTF-16 unit, a `\uXXXX` escape), every number at 32 characters. False means "not
 * sure": the caller measures the text.
 */
export function surelyFits(value: Json, limit: number): boolean {
  // Without a quota (an engine configured with none) every value fits: nothing to walk.
  if (limit === Number.POSITIVE_INFINITY) return true;
  return left(value, limit, 0) >= 0;
}

/** The budget left after `value` at its largest; negative when spent (or too deep to tell). */
function left(value: Json, budget: number, depth: number): number {
  if (value === null) return budget - 4;
  switch (typeof value) {
    case 'string':
      return budget - 2 - 6 * value.length;
    case 'number':
      return budget - 32;
    case 'boolean':
      return budget - 5;
    default:
      break;
  }
  if (depth > 32) return -1;
  let b = budget - 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      b = left(item, b - 1, depth + 1);
      if (b < 0) return b;
    }
    return b;
  }
  for (const key in value) {
    b = left(value[key] ?? null, b - 4 - 6 * key.length, depth + 1);
    if (b < 0) return b;
  }
  return b;
}

/** Express executions run at most five minutes (AWS quotas), whatever TimeoutSeconds says. */
export const EXPRESS_MAX_SECONDS = 300;

/** The limited copy of each machine, by limit: built once, not at every start. */
const limitedMachines = new Map<number, WeakMap<Machine, Machine>>();

/** The machine with TimeoutSeconds at most `max`: AWS's longest run for its type. */
export function durationLimited(machine: Machine, max: number): Machine {
  const timeout = machine.timeoutSeconds;
  if (timeout !== undefined && timeout <= max) return machine;
  let copies = limitedMachines.get(max);
  if (!copies) {
    copies = new WeakMap();
    limitedMachines.set(max, copies);
  }
  let limited = copies.get(machine);
  if (!limited) {
    limited = { ...machine, timeoutSeconds: max };
    copies.set(machine, limited);
  }
  return limited;
}
