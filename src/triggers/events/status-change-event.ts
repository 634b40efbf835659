import type { ExecutionRecord, StateMachineRecord } from '../../engine/index.ts';

/** AWS's event detail type and source for execution status changes (EventBridge). */
export const DETAIL_TYPE = 'Step Functions Execution Status Change';
export const SOURCE = 'aws.states';

/** EventBridge's event size limit leaves 248 KB for the escaped input and output (AWS "cw-events"). */
const MAX_DATA_CHARS = 248 * 1024;

/** An EventBridge event, as AWS delivers it to a rule's target. */
export interface StatusChangeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': typeof DETAIL_TYPE;
  readonly source: typeof SOURCE;
  readonly account: string;
  /** ISO 8601 to the second, as EventBridge writes it. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface EventContext {
  readonly id: string;
  readonly now: number;
  readonly region: string;
  readonly account: string;
  /** The engine's reason an execution cannot be redriven (undefined: it can). */
  readonly redriveRefusal: (record: ExecutionRecord) => string | undefined;
}

/**
 * The "Step Functions Execution Status Change" event of an execution as it is now: the detail
 * carries DescribeExecution's members with dates as epoch ms and nulls for what is not set,
 * input and output left out (with `included: false`) when they are too large for EventBridge.
 */
export function statusChangeEvent(
  record: ExecutionRecord,
  stateMachine: StateMachineRecord,
  ctx: EventContext,
): StatusChangeEvent {
  const escaped = (s: string | undefined): number => (s === undefined ? 0 : JSON.stringify(s).length);
  const outputFits = escaped(record.output) <= MAX_DATA_CHARS;
  const inputFits = escaped(record.input) + (outputFits ? escaped(record.output) : 0) <= MAX_DATA_CHARS;
  const hasOutput = record.output !== undefined;
  const refusal = ctx.redriveRefusal(record);
  return {
    version: '0',
    id: ctx.id,
    'detail-type': DETAIL_TYPE,
    source: SOURCE,
    account: ctx.account,
    time: new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: ctx.region,
    resources: [record.executionArn],
    detail: {
      executionArn: record.executionArn,
      stateMachineArn: stateMachine.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate,
      stopDate: record.stopDate ?? null,
      input: inputFits ? record.input : null,
      output: hasOutput && outputFits ? record.output : null,
      inputDetails: { included: inputFits },
      outputDetails: hasOutput ? { included: outputFits } : null,
      error: record.error ?? null,
      cause: record.cause ?? null,
      redriveCount: record.redriveCount ?? 0,
      redriveDate: record.redriveDate ?? null,
      redriveStatus: refusal === undefined ? 'REDRIVABLE' : 'NOT_REDRIVABLE',
      redriveStatusReason: refusal ?? null,
    },
  };
}
