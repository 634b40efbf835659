import type { ExecutionRecord } from '../execution.ts';

/**
 * RedriveExecution answers a client token it saw in the last 15 minutes again, for the last 10
 * tokens of an execution, without redriving twice (API reference, `clientToken`).
 */
export const REDRIVE_TOKENS = 10;
export const REDRIVE_TOKEN_MS = 15 * 60 * 1000;

/** AWS redrives executions that closed in the last 14 days. */
const REDRIVABLE_MS = 14 * 24 * 60 * 60 * 1000;

/**
 * Why RedriveExecution refuses an execution (AWS's redriveStatusReason wording), or undefined
 * when it may be redriven: only closed, unsuccessful executions of the last 14 days can be.
 */
export function redriveRefusal(record: ExecutionRecord, now: number): string | undefined {
  if (record.status === 'RUNNING' || record.status === 'SUCCEEDED') {
    return `Execution is ${record.status} and cannot be redriven`;
  }
  if (now - (record.stopDate ?? record.startDate) > REDRIVABLE_MS)
    return 'Execution redrivable period exceeded';
  return undefined;
}
