import type { JsonObject } from '../asl/index.ts';
import { variableReferences } from '../asl/index.ts';
import type { StateMachineRecord } from '../engine/index.ts';

/**
 * The configuration fields DescribeStateMachine and DescribeStateMachineForExecution share.
 * METADATA_ONLY leaves the definition out ("{}") and with it the variables its states read (API
 * reference, `includedData`).
 */
export function configurationFields(sm: StateMachineRecord, includedData: string | undefined): JsonObject {
  const metadataOnly = includedData === 'METADATA_ONLY';
  const references = metadataOnly ? {} : variableReferences(JSON.parse(sm.definition) as JsonObject);
  return {
    definition: metadataOnly ? '{}' : sm.definition,
    roleArn: sm.roleArn,
    loggingConfiguration: sm.loggingConfiguration,
    tracingConfiguration: sm.tracingConfiguration,
    ...(sm.revisionId !== undefined ? { revisionId: sm.revisionId } : {}),
    ...(Object.keys(references).length > 0 ? { variableReferences: references } : {}),
  };
}
