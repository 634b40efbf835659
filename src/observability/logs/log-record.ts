import type { Json } from '../../asl/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../../engine/index.ts';

/**
 * What `includeExecutionData: false` leaves out of `details`: the payloads (LocalStack's
 * recordings: ExecutionStarted keeps only roleArn, a state's entered event only its name). A
 * task's `parameters` are its input too, so they go as well.
 */
const EXECUTION_DATA = new Set(['input', 'inputDetails', 'output', 'outputDetails', 'parameters']);

/**
 * One execution log record as Step Functions writes it to CloudWatch Logs ("Using CloudWatch Logs
 * to log execution history"; field by field as LocalStack's tests recorded them on AWS), as its
 * JSON line: the history event with its numbers as strings, snake_case names, and its details
 * member as `details`: `{"id", "type", "details"?, "previous_event_id", "event_timestamp" (epoch
 * ms), "execution_arn", "redrive_count"}`. `tail` is the execution's `lineTail`.
 */
export function logLine(event: HistoryEvent, tail: string, includeExecutionData: boolean): string {
  let details: { readonly [key: string]: Json } | undefined;
  for (const key in event) {
    if (!key.endsWith('EventDetails')) continue;
    details = event[key as `${string}EventDetails`];
    break;
  }
  if (details && !includeExecutionData) details = withoutData(details);
  // Written as text, not as an object for JSON.stringify: one line per event, the same text.
  const text = details ? `,"details":${JSON.stringify(details)}` : '';
  return `{"id":"${event.id}","type":${JSON.stringify(event.type)}${text},"previous_event_id":"${event.previousEventId}","event_timestamp":"${event.timestamp}"${tail}`;
}

/** The end of each line of an execution's log: its ARN and redrive count, and the closing brace. */
export function lineTail(execution: Pick<ExecutionRecord, 'executionArn' | 'redriveCount'>): string {
  return `,"execution_arn":${JSON.stringify(execution.executionArn)},"redrive_count":"${execution.redriveCount ?? 0}"}`;
}

function withoutData(details: { readonly [key: string]: Json }): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const key in details) if (!EXECUTION_DATA.has(key)) out[key] = details[key] ?? null;
  return out;
}
