import { defineAction } from '../action.ts';
import { checkQualified } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { RequiredArnMember } from '../members.ts';

const members = { stateMachineAliasArn: RequiredArnMember } as const;

export const DescribeStateMachineAlias = defineAction(members, (engine, input) => {
  checkQualified(input.stateMachineAliasArn, 'alias');
  const alias = engine.describeStateMachineAlias(input.stateMachineAliasArn);
  return {
    stateMachineAliasArn: alias.stateMachineAliasArn,
    name: alias.name,
    ...(alias.description !== undefined ? { description: alias.description } : {}),
    routingConfiguration: alias.routingConfiguration.map((r) => ({ ...r })),
    creationDate: epochSeconds(alias.creationDate),
    updateDate: epochSeconds(alias.updateDate),
  };
});
