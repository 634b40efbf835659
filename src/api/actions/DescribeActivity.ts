import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { RequiredArnMember } from '../members.ts';

const members = { activityArn: RequiredArnMember } as const;

export const DescribeActivity = defineAction(members, (engine, input) => {
  checkArn(input.activityArn, 'activity');
  const record = engine.taskControl.describeActivity(input.activityArn);
  return {
    activityArn: record.activityArn,
    name: record.name,
    creationDate: epochSeconds(record.creationDate),
    encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
  };
});
