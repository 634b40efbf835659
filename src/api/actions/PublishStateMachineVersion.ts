import { defineAction } from '../action.ts';
import { checkArn, checkUnqualified } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { DescriptionMember, RequiredArnMember } from '../members.ts';

const members = {
  stateMachineArn: RequiredArnMember,
  revisionId: { type: 'string' },
  description: DescriptionMember,
} as const;

/** Idempotent per revision: publishing the same revision again returns the same version. */
export const PublishStateMachineVersion = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  checkUnqualified(input.stateMachineArn);
  const version = engine.publishStateMachineVersion(input.stateMachineArn, {
    revisionId: input.revisionId,
    description: input.description,
  });
  return {
    creationDate: epochSeconds(version.creationDate),
    stateMachineVersionArn: version.stateMachineVersionArn,
  };
});
