import type { JsonObject } from '../../asl/index.ts';
import type { ExecutionRecord } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { IncludedDataMember, RequiredArnMember } from '../members.ts';

const members = { executionArn: RequiredArnMember, includedData: IncludedDataMember } as const;

/**
 * Redrive fields as AWS reports them for an execution that was never redriven: open or
 * successful executions cannot be redriven; failed, timed-out and aborted ones can.
 */
function redrive(status: ExecutionRecord['status']): JsonObject {
  if (status === 'RUNNING' || status === 'SUCCEEDED') {
    return {
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: `Execution is ${status} and cannot be redriven`,
    };
  }
  return { redriveCount: 0, redriveStatus: 'REDRIVABLE' };
}

export const DescribeExecution = defineAction(members, (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const e = engine.describeExecution(input.executionArn);
  const out: JsonObject = {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
  };
  if (e.stopDate !== undefined) out.stopDate = epochSeconds(e.stopDate);
  out.input = e.input;
  out.inputDetails = { included: true };
  if (e.output !== undefined) {
    out.output = e.output;
    out.outputDetails = { included: true };
  }
  if (e.error !== undefined) out.error = e.error;
  if (e.cause !== undefined) out.cause = e.cause;
  if (e.stateMachineVersionArn !== undefined) out.stateMachineVersionArn = e.stateMachineVersionArn;
  if (e.stateMachineAliasArn !== undefined) out.stateMachineAliasArn = e.stateMachineAliasArn;
  return { ...out, ...redrive(e.status) };
});
