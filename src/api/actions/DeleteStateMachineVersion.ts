import { defineAction } from '../action.ts';
import { checkQualified } from '../arn.ts';
import { LongArnMember } from '../members.ts';

const members = { stateMachineVersionArn: { ...LongArnMember, required: true } } as const;

/** Succeeds for a version that does not exist; a version an alias routes to is a ConflictException. */
export const DeleteStateMachineVersion = defineAction(members, (engine, input) => {
  checkQualified(input.stateMachineVersionArn, 'version');
  engine.deleteStateMachineVersion(input.stateMachineVersionArn);
  return {};
});
