import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { RequiredArnMember } from '../members.ts';

const members = { stateMachineArn: RequiredArnMember } as const;

/** Deleting a state machine that does not exist succeeds, as on AWS (idempotent, 200 `{}`). */
export const DeleteStateMachine = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  engine.deleteStateMachine(input.stateMachineArn);
  return {};
});
