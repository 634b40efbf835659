import type { Json } from '../../asl/index.ts';
import type { ExecutionRecord, HistoryEvent } from '../../engine/index.ts';

/**
 * One execution log record as Step Functions writes it to CloudWatch Logs ("Using CloudWatch Logs
 * to log execution history"; field by field as LocalStack's tests recorded them on AWS): the
 * history event with its numbers as strings, snake_case names, and its details member as
 * `details`.
 */
export interface ExecutionLogRecord {
  readonly id: string;
  readonly type: string;
  readonly details?: { readonly [key: string]: Json };
  readonly previous_event_id: string;
  /** Epoch milliseconds, as a string. */
  readonly event_timestamp: string;
  readonly execution_arn: string;
  readonly redrive_count: string;
}

/**
 * What `includeExecutionData: false` leaves out of `details`: the payloads (LocalStack's
 * recordings: ExecutionStarted keeps only roleArn, a state's entered event only its name). A
 * task's `parameters` are its input too, so they go as well.
 */
const EXECUTION_DATA = new Set(['input', 'inputDetails', 'output', 'outputDetails', 'parameters']);

export function logRecord(
  event: HistoryEvent,
  execution: Pick<ExecutionRecord, 'executionArn' | 'redriveCount'>,
  includeExecutionData: boolean,
): ExecutionLogRecord {
  let details: { readonly [key: string]: Json } | undefined;
  for (const key in event) {
    if (!key.endsWith('EventDetails')) continue;
    details = event[key as `${string}EventDetails`];
    break;
  }
  if (details && !includeExecutionData) details = withoutData(details);
  return {
    id: String(event.id),
    type: event.type,
    ...(details ? { details } : {}),
    previous_event_id: String(event.previousEventId),
    event_timestamp: String(event.timestamp),
    execution_arn: execution.executionArn,
    redrive_count: String(execution.redriveCount ?? 0),
  };
}

function withoutData(details: { readonly [key: string]: Json }): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const key in details) if (!EXECUTION_DATA.has(key)) out[key] = details[key] ?? null;
  return out;
}
