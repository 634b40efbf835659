import { MAX_PAYLOAD_BYTES } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { NameMember, RequiredArnMember } from '../members.ts';
import { checkName } from '../name.ts';

const members = {
  stateMachineArn: RequiredArnMember,
  name: NameMember,
  input: { type: 'string', maxBytes: MAX_PAYLOAD_BYTES, sensitive: true },
  traceHeader: { type: 'string', max: 256 },
} as const;

/**
 * Checks in AWS's order (measured): ARN shape, model constraints, the state machine's existence,
 * then the name's characters, then the input's JSON (the engine), then an existing execution.
 */
export const StartExecution = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  engine.checkStartable(input.stateMachineArn);
  if (input.name !== undefined) checkName(input.name);
  const record = engine.startExecution({
    stateMachineArn: input.stateMachineArn,
    name: input.name,
    input: input.input,
  });
  return { executionArn: record.executionArn, startDate: epochSeconds(record.startDate) };
});
