import { defineAction } from '../action.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { EncryptionConfigurationMember, NameMember, TagsMember } from '../members.ts';
import { checkName } from '../name.ts';
import { tagPairs } from '../tag-pairs.ts';

const members = {
  name: { ...NameMember, required: true },
  tags: TagsMember,
  encryptionConfiguration: EncryptionConfigurationMember,
} as const;

/** Idempotent by name: a second call returns the first activity (API reference). */
export const CreateActivity = defineAction(members, (engine, input) => {
  checkName(input.name);
  const record = engine.taskControl.createActivity(input.name);
  if (input.tags) {
    engine.tagResource(record.activityArn, tagPairs(input.tags));
  }
  return { activityArn: record.activityArn, creationDate: epochSeconds(record.creationDate) };
});
