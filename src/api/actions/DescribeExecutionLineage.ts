// Stepwise extension (not an AWS action): docs/fork-and-compare.md.
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import type { DescribeExecutionLineageOutput, ForkOriginShape } from '../fork-shapes.ts';
import { RequiredArnMember } from '../members.ts';

const members = { executionArn: RequiredArnMember } as const;

export const DescribeExecutionLineage = defineAction(members, (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const e = engine.describeExecution(input.executionArn);
  const out: DescribeExecutionLineageOutput = { executionArn: e.executionArn, forks: [...(e.forks ?? [])] };
  const from = e.forkedFrom;
  if (from) {
    const origin: ForkOriginShape = { executionArn: from.executionArn, eventId: from.eventId };
    if (from.edit) origin.editedStateName = from.edit.stateName;
    if (from.edit?.input !== undefined) origin.editedInput = from.edit.input;
    if (from.edit?.variables !== undefined) origin.editedVariables = from.edit.variables;
    out.forkedFrom = origin;
  }
  return out;
});
