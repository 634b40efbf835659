import type { Json, JsonObject } from '../../asl/index.ts';
import type { HistoryEvent } from './event.ts';

/**
 * An event's payload (its `input`, `output` or `parameters`) as an execution records it: its
 * JSON text, or, in a history nobody reads while it is written (an engine without a store and
 * without observers of each event), the value itself when it is an object or an array, whose text
 * is written when the history is read (`writePayloads`). Writing the text of every state's input
 * and output was what most of a Standard execution of Pass states cost (pass-chain: 2.3x the
 * transitions per CPU second without it, bench:ab); most such histories are never read. Values
 * are never changed once made (the ASL core copies on write; integrations hand over fresh ones),
 * so the text written later is the text of that moment.
 */
export type Payload = string | JsonObject | Json[];

/** The details fields that hold payloads. */
const PAYLOAD_KEYS = ['input', 'output', 'parameters'] as const;

/**
 * Writes, in place, the text of each payload of `events` (from index `from` on) that was recorded
 * as its value: the events are then as AWS gives them.
 */
export function writePayloads(events: readonly HistoryEvent[], from = 0): void {
  for (let i = from; i < events.length; i++) {
    // The history's own details objects (or fresh copies): written in place.
    const event = events[i] as unknown as Readonly<Record<string, Record<string, Json> | undefined>>;
    for (const key in event) {
      const details = key.endsWith('EventDetails') ? event[key] : undefined;
      if (details === undefined) continue;
      for (const name of PAYLOAD_KEYS) {
        const value = details[name];
        if (typeof value === 'object' && value !== null) details[name] = JSON.stringify(value);
      }
    }
  }
}

/** A payload recorded as its value: an object or array as it is, anything else as its (short) text. */
export function payloadValue(value: Json): Payload {
  return typeof value === 'object' && value !== null ? value : JSON.stringify(value);
}
