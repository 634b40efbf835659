import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { RequiredArnMember } from '../members.ts';

const members = {
  executionArn: RequiredArnMember,
  clientToken: { type: 'string', min: 1, max: 64 },
} as const;

export const RedriveExecution = defineAction(members, async (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const record = await engine.redriveExecution(input.executionArn, input.clientToken);
  return { redriveDate: epochSeconds(record.redriveDate ?? record.startDate) };
});
