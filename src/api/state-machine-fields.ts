import type { JsonObject } from '../asl/index.ts';
import type { StateMachineRecord } from '../engine/index.ts';

/** The configuration fields DescribeStateMachine and DescribeStateMachineForExecution share. */
export function configurationFields(sm: StateMachineRecord): JsonObject {
  return {
    definition: sm.definition,
    roleArn: sm.roleArn,
    loggingConfiguration: sm.loggingConfiguration,
    tracingConfiguration: sm.tracingConfiguration,
    ...(sm.revisionId !== undefined ? { revisionId: sm.revisionId } : {}),
  };
}
