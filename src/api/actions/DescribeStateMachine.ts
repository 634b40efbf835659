import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { IncludedDataMember, RequiredArnMember } from '../members.ts';

const members = { stateMachineArn: RequiredArnMember, includedData: IncludedDataMember } as const;

export const DescribeStateMachine = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  const sm = engine.describeStateMachine(input.stateMachineArn);
  return {
    stateMachineArn: sm.stateMachineArn,
    name: sm.name,
    status: 'ACTIVE',
    definition: sm.definition,
    roleArn: sm.roleArn,
    type: sm.type,
    creationDate: epochSeconds(sm.creationDate),
    loggingConfiguration: sm.loggingConfiguration,
    tracingConfiguration: sm.tracingConfiguration,
  };
});
