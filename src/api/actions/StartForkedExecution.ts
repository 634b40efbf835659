// Stepwise extension (not an AWS action): docs/fork-and-compare.md.
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import type { StartForkedExecutionOutput } from '../fork-shapes.ts';
import { ArnMember, NameMember, RequiredArnMember } from '../members.ts';

const members = {
  executionArn: RequiredArnMember,
  eventId: { type: 'integer', required: true, min: 1 },
  name: NameMember,
  input: { type: 'string', maxBytes: 262_144, sensitive: true },
  variables: { type: 'string', maxBytes: 262_144, sensitive: true },
  stateMachineArn: ArnMember,
} as const;

export const StartForkedExecution = defineAction(members, async (engine, input) => {
  // An Express execution is forked from its log (docs/fork-and-compare.md).
  checkArn(input.executionArn, input.executionArn.split(':')[5] === 'express' ? 'express' : 'execution');
  if (input.stateMachineArn !== undefined) checkArn(input.stateMachineArn, 'stateMachine');
  const record = await engine.forkExecution(input);
  const out: StartForkedExecutionOutput = {
    executionArn: record.executionArn,
    startDate: epochSeconds(record.startDate),
  };
  return out;
});
