import { defineAction } from '../action.ts';
import { checkTaggableArn } from '../arn.ts';
import { RequiredArnMember, TagsMember } from '../members.ts';
import { tagPairs } from '../tag-pairs.ts';

const members = { resourceArn: RequiredArnMember, tags: { ...TagsMember, required: true } } as const;

/** Adds tags or overwrites the values of existing keys; at most 50 per resource. */
export const TagResource = defineAction(members, (engine, input) => {
  checkTaggableArn(input.resourceArn);
  engine.tagResource(input.resourceArn, tagPairs(input.tags));
  return {};
});
