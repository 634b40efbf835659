import type { Json, JsonObject } from '../asl/index.ts';
import type { HistoryEvent } from '../engine/index.ts';
import { epochSeconds } from './epoch-seconds.ts';
import type { HistoryEvent as WireEvent } from './shapes.ts';

/**
 * The execution data `includeExecutionData: false` leaves out of GetExecutionHistory: payloads
 * and their details (AWS API reference: "input or output of a history event"); names, errors,
 * causes and ids stay.
 */
const DATA_FIELDS = new Set([
  'input',
  'inputDetails',
  'output',
  'outputDetails',
  'parameters',
  'assignedVariables',
  'assignedVariablesDetails',
]);

/** One history event as GetExecutionHistory returns it: timestamp in epoch seconds. */
export function renderHistoryEvent(event: HistoryEvent, includeExecutionData: boolean): WireEvent {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(event) as [string, Json | undefined][]) {
    if (value === undefined) continue;
    if (key === 'timestamp') out.timestamp = epochSeconds(event.timestamp);
    else if (
      !includeExecutionData &&
      key.endsWith('EventDetails') &&
      typeof value === 'object' &&
      value !== null
    ) {
      out[key] = Object.fromEntries(Object.entries(value).filter(([field]) => !DATA_FIELDS.has(field)));
    } else out[key] = value;
  }
  // Every key of the engine's event is copied, so id, type and timestamp are there.
  return out as WireEvent;
}
