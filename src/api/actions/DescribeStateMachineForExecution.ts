import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { IncludedDataMember, RequiredArnMember } from '../members.ts';
import { configurationFields } from '../state-machine-fields.ts';

const members = { executionArn: RequiredArnMember, includedData: IncludedDataMember } as const;

/** The definition the execution ran, even after the machine was updated or deleted. */
export const DescribeStateMachineForExecution = defineAction(members, (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const { record: sm } = engine.describeStateMachineForExecution(input.executionArn);
  return {
    stateMachineArn: sm.stateMachineArn,
    name: sm.name,
    updateDate: epochSeconds(sm.updateDate ?? sm.creationDate),
    ...configurationFields(sm, input.includedData),
  };
});
