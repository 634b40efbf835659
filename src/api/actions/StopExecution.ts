import type { JsonObject } from '../../asl/index.ts';
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
  const here = (): JsonObject => {
    const record = engine.stopExecution(input.executionArn, input.error, input.cause);
    return { stopDate: epochSeconds(record.stopDate ?? record.startDate) };
  };
  // Driven by another server (scale-out): left in the store for it, with the stop's date.
  const elsewhere = engine.stopElsewhere(input.executionArn, input.error, input.cause);
  return elsewhere
    ? elsewhere.then((at) => (at === undefined ? here() : { stopDate: epochSeconds(at) }))
    : here();
});
