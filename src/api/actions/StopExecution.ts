import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { RequiredArnMember } from '../members.ts';

const members = {
  executionArn: RequiredArnMember,
  error: { type: 'string', max: 256, sensitive: true },
  cause: { type: 'string', max: 32_768, sensitive: true },
} as const;

export const StopExecution = defineAction(members, (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const record = engine.stopExecution(input.executionArn, input.error, input.cause);
  return { stopDate: epochSeconds(record.stopDate ?? record.startDate) };
});
