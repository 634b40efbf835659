import type { JsonObject } from '../../asl/index.ts';
import { MAX_PAYLOAD_BYTES } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { IncludedDataMember, NameMember, RequiredArnMember } from '../members.ts';

const members = {
  stateMachineArn: RequiredArnMember,
  name: NameMember,
  input: { type: 'string', maxBytes: MAX_PAYLOAD_BYTES, sensitive: true },
  traceHeader: { type: 'string', max: 256 },
  includedData: IncludedDataMember,
} as const;

/**
 * Express workflows are billed per 100 ms of duration with at least 64 MB of memory (AWS
 * pricing); the local run reports the same units.
 */
function billingDetails(durationMs: number): JsonObject {
  return {
    billedMemoryUsedInMB: 64,
    billedDurationInMilliseconds: Math.max(100, Math.ceil(durationMs / 100) * 100),
  };
}

/**
 * Runs an EXPRESS execution and answers when it closes: 200 whatever the outcome, the status
 * saying SUCCEEDED, FAILED or TIMED_OUT (API reference). STANDARD machines are refused with
 * StateMachineTypeNotSupported.
 */
export const StartSyncExecution = defineAction(members, async (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  const e = await engine.startSyncExecution({
    stateMachineArn: input.stateMachineArn,
    name: input.name,
    input: input.input,
    traceHeader: input.traceHeader,
    checkName: true,
  });
  const stopDate = e.stopDate ?? e.startDate;
  const out: JsonObject = {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    startDate: epochSeconds(e.startDate),
    stopDate: epochSeconds(stopDate),
    status: e.status,
    input: e.input,
    inputDetails: { included: true },
  };
  if (e.output !== undefined) {
    out.output = e.output;
    out.outputDetails = { included: true };
  }
  if (e.error !== undefined) out.error = e.error;
  if (e.cause !== undefined) out.cause = e.cause;
  if (input.traceHeader !== undefined) out.traceHeader = input.traceHeader;
  out.billingDetails = billingDetails(stopDate - e.startDate);
  return out;
});
