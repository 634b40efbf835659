import { defineAction } from '../action.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { NameMember, TagsMember } from '../members.ts';
import { checkName } from '../name.ts';

const members = {
  name: { ...NameMember, required: true },
  tags: TagsMember,
  encryptionConfiguration: {
    type: 'structure',
    members: {
      kmsKeyId: { type: 'string', min: 1, max: 2048 },
      kmsDataKeyReusePeriodSeconds: { type: 'integer', min: 60, max: 900 },
      type: { type: 'string', required: true, enum: ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] },
    },
  },
} as const;

/** Idempotent by name: a second call returns the first activity (API reference). */
export const CreateActivity = defineAction(members, (engine, input) => {
  checkName(input.name);
  const record = engine.taskControl.createActivity(input.name);
  if (input.tags) {
    engine.tagResource(
      record.activityArn,
      input.tags.map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
    );
  }
  return { activityArn: record.activityArn, creationDate: epochSeconds(record.creationDate) };
});
