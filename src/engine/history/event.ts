import type { Json } from '../../asl/index.ts';

/**
 * One AWS history event: `timestamp, type, id, previousEventId` and at most one
 * `<type>EventDetails` member, exactly as GetExecutionHistory returns it (timestamp in ms here;
 * the API renders epoch seconds).
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: number;
  readonly type: string;
  readonly [details: `${string}EventDetails`]: { readonly [key: string]: Json } | undefined;
}

/** AWS marks payloads cut at the size limit; Stepwise never truncates. */
export const NOT_TRUNCATED = { truncated: false } as const;

/**
 * Event details whose `key` is a JSON payload serialized on first read. Payloads are immutable,
 * so keeping the value is safe, and histories that are never read cost no serialization.
 */
export function payloadDetails(
  fields: { readonly [key: string]: Json },
  key: string,
  value: Json,
  /** AWS adds `<key>Details: {truncated}` to inputs and outputs, not to task parameters. */
  truncation = true,
): { readonly [key: string]: Json } {
  let text: string | undefined;
  const base = truncation ? { ...fields, [`${key}Details`]: NOT_TRUNCATED } : { ...fields };
  return Object.defineProperty(base, key, {
    enumerable: true,
    get: () => (text ??= JSON.stringify(value)),
  });
}
