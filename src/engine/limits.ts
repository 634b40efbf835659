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
