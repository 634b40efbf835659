import { defineAction } from '../action.ts';
import { checkTaggableArn } from '../arn.ts';
import { RequiredArnMember } from '../members.ts';

const members = {
  resourceArn: RequiredArnMember,
  tagKeys: { type: 'list', required: true, member: { type: 'string', min: 1, max: 128 } },
} as const;

export const UntagResource = defineAction(members, (engine, input) => {
  checkTaggableArn(input.resourceArn);
  engine.untagResource(input.resourceArn, input.tagKeys);
  return {};
});
