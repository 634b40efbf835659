import { defineAction } from '../action.ts';
import { checkQualified } from '../arn.ts';
import { RequiredArnMember } from '../members.ts';

const members = { stateMachineAliasArn: RequiredArnMember } as const;

export const DeleteStateMachineAlias = defineAction(members, (engine, input) => {
  checkQualified(input.stateMachineAliasArn, 'alias');
  engine.deleteStateMachineAlias(input.stateMachineAliasArn);
  return {};
});
