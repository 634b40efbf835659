import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { RequiredArnMember } from '../members.ts';

const members = { activityArn: RequiredArnMember } as const;

export const DeleteActivity = defineAction(members, (engine, input) => {
  checkArn(input.activityArn, 'activity');
  engine.taskControl.deleteActivity(input.activityArn);
  return {};
});
