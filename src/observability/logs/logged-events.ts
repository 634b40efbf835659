import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Json } from '../../asl/index.ts';
import type { HistoryEvent } from '../../engine/index.ts';

/**
 * The history event member a log record's `details` came from (log-record.ts drops its name):
 * AWS names it after the event type, except that every state's entry and exit share one
 * (`TaskStateEntered` → `stateEnteredEventDetails`).
 */
function detailsMember(type: string): `${string}EventDetails` {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

/** A log record (logLine's shape) as the history event it was written from. */
function eventOf(record: { readonly [key: string]: Json }): HistoryEvent {
  const type = typeof record['type'] === 'string' ? record['type'] : '';
  const event = {
    id: Number(record['id']),
    previousEventId: Number(record['previous_event_id']),
    timestamp: Number(record['event_timestamp']),
    type,
  };
  const details = record['details'];
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return event;
  return { ...event, [detailsMember(type)]: details };
}

/**
 * An execution's events as a log file and its rotated files hold them (oldest file first,
 * FileSink's `file.N` … `file.1`, `file`), in the order of their ids. Only lines that name the
 * execution are parsed.
 */
export async function readLoggedEvents(
  file: string,
  maxFiles: number,
  executionArn: string,
): Promise<HistoryEvent[]> {
  const mark = `"execution_arn":${JSON.stringify(executionArn)}`;
  const byId = new Map<number, HistoryEvent>();
  const files = [...Array.from({ length: maxFiles }, (_, i) => `${file}.${maxFiles - i}`), file];
  for (const path of files) {
    if (
      !(await access(path).then(
        () => true,
        () => false,
      ))
    )
      continue;
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.includes(mark)) continue;
      try {
        const event = eventOf(JSON.parse(line) as { [key: string]: Json });
        byId.set(event.id, event);
      } catch {
        // A line cut short (a crash while writing) is not an event.
      }
    }
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
