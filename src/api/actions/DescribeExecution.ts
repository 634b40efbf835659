import type { ExecutionRecord } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { IncludedDataMember, RequiredArnMember } from '../members.ts';
import type { ExecutionDescription } from '../shapes.ts';

const members = { executionArn: RequiredArnMember, includedData: IncludedDataMember } as const;

/** Redrive fields as AWS reports them: the count, the last redrive, and whether one may follow. */
type RedriveFields = Pick<
  ExecutionDescription,
  'redriveCount' | 'redriveDate' | 'redriveStatus' | 'redriveStatusReason'
>;

function redrive(e: ExecutionRecord, refusal: string | undefined): RedriveFields {
  const out: RedriveFields = { redriveCount: e.redriveCount ?? 0 };
  if (e.redriveDate !== undefined) out.redriveDate = epochSeconds(e.redriveDate);
  // A Map Run's child is redriven with its Map Run (API reference, DescribeExecution.redriveStatus).
  if (refusal === undefined && e.mapRunArn !== undefined)
    return { ...out, redriveStatus: 'REDRIVABLE_BY_MAP_RUN' };
  if (refusal === undefined) return { ...out, redriveStatus: 'REDRIVABLE' };
  return { ...out, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: refusal };
}

export const DescribeExecution = defineAction(members, (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const e = engine.describeExecution(input.executionArn);
  const out: ExecutionDescription = {
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
  if (e.mapRunArn !== undefined) out.mapRunArn = e.mapRunArn;
  if (e.traceHeader !== undefined) out.traceHeader = e.traceHeader;
  return { ...out, ...redrive(e, engine.redriveRefusal(e)) };
});
