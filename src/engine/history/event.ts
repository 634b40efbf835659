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
