import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { validationError } from '../errors.ts';
import { LongArnMember } from '../members.ts';

const members = {
  mapRunArn: { ...LongArnMember, required: true },
  maxConcurrency: { type: 'integer', min: 0 },
  toleratedFailurePercentage: { type: 'float', min: 0, max: 100 },
  toleratedFailureCount: { type: 'long', min: 0 },
} as const;

/** Changes a running map run; its tolerated-failure thresholds apply to the items still to finish. */
export const UpdateMapRun = defineAction(members, (engine, input) => {
  checkArn(input.mapRunArn, 'mapRun');
  if (
    input.maxConcurrency === undefined &&
    input.toleratedFailureCount === undefined &&
    input.toleratedFailurePercentage === undefined
  ) {
    throw validationError([
      'At least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be specified',
    ]);
  }
  engine.updateMapRun(input.mapRunArn, {
    ...(input.maxConcurrency !== undefined ? { maxConcurrency: input.maxConcurrency } : {}),
    ...(input.toleratedFailureCount !== undefined
      ? { toleratedFailureCount: input.toleratedFailureCount }
      : {}),
    ...(input.toleratedFailurePercentage !== undefined
      ? { toleratedFailurePercentage: input.toleratedFailurePercentage }
      : {}),
  });
  return {};
});
