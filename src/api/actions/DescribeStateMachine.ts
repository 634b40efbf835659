import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { IncludedDataMember, RequiredArnMember } from '../members.ts';
import { configurationFields } from '../state-machine-fields.ts';

const members = { stateMachineArn: RequiredArnMember, includedData: IncludedDataMember } as const;

/** A version ARN describes that version: its own ARN, creation date and description. */
export const DescribeStateMachine = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  const sm = engine.describeStateMachine(input.stateMachineArn);
  return {
    stateMachineArn: sm.stateMachineArn,
    name: sm.name,
    status: 'ACTIVE',
    type: sm.type,
    creationDate: epochSeconds(sm.creationDate),
    ...configurationFields(sm, input.includedData),
    ...(sm.description !== undefined ? { description: sm.description } : {}),
  };
});
