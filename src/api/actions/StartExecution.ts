import { MAX_PAYLOAD_BYTES } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { NameMember, RequiredArnMember } from '../members.ts';

const members = {
  stateMachineArn: RequiredArnMember,
  name: NameMember,
  input: { type: 'string', maxBytes: MAX_PAYLOAD_BYTES, sensitive: true },
  traceHeader: { type: 'string', max: 256 },
} as const;

/**
 * Checks in AWS's order (measured): ARN shape and model constraints here; then, in one call to the
 * engine, the state machine's existence, the name's characters, the input's JSON and an existing
 * execution.
 */
export const StartExecution = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  const record = engine.startExecution({
    stateMachineArn: input.stateMachineArn,
    name: input.name,
    input: input.input,
    traceHeader: input.traceHeader,
    checkName: true,
  });
  return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
});
