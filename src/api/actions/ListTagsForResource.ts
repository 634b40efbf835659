import { defineAction } from '../action.ts';
import { checkTaggableArn } from '../arn.ts';
import { RequiredArnMember } from '../members.ts';

const members = { resourceArn: RequiredArnMember } as const;

export const ListTagsForResource = defineAction(members, (engine, input) => {
  checkTaggableArn(input.resourceArn);
  return { tags: engine.listTags(input.resourceArn).map((t) => ({ key: t.key, value: t.value })) };
});
