import { MAX_PAYLOAD_BYTES } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkRoleArn } from '../arn.ts';
import { ArnMember, DefinitionMember } from '../members.ts';

const Payload = { type: 'string', maxBytes: MAX_PAYLOAD_BYTES, sensitive: true } as const;
const StateName = { type: 'string', min: 1, max: 80, sensitive: true } as const;

const members = {
  definition: { ...DefinitionMember, required: true },
  roleArn: ArnMember,
  input: Payload,
  inspectionLevel: { type: 'string', enum: ['INFO', 'DEBUG', 'TRACE'] },
  revealSecrets: { type: 'boolean' },
  variables: Payload,
  stateName: StateName,
  mock: {
    type: 'structure',
    members: {
      result: Payload,
      errorOutput: {
        type: 'structure',
        members: {
          error: { type: 'string', max: 256, sensitive: true },
          cause: { type: 'string', max: 32_768, sensitive: true },
        },
      },
      fieldValidationMode: { type: 'string', enum: ['STRICT', 'PRESENT', 'NONE'] },
    },
  },
  context: Payload,
  stateConfiguration: {
    type: 'structure',
    members: {
      retrierRetryCount: { type: 'integer', min: 0 },
      errorCausedByState: StateName,
      mapIterationFailureCount: { type: 'integer', min: 0 },
      mapItemReaderData: Payload,
    },
  },
} as const;

/**
 * Runs one state (a lone state definition, or `stateName` of a whole machine) with the given
 * input: status SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR, and with `inspectionLevel` DEBUG or
 * TRACE the data after each stage of its input/output processing (API reference, TestState).
 */
export const TestState = defineAction(members, async (engine, input, signal) => {
  if (input.roleArn !== undefined) checkRoleArn(input.roleArn);
  const result = await engine.testState(
    {
      definition: input.definition,
      stateName: input.stateName,
      input: input.input,
      variables: input.variables,
      context: input.context,
      inspectionLevel: input.inspectionLevel,
      mock: input.mock,
      retrierRetryCount: input.stateConfiguration?.retrierRetryCount,
      revealSecrets: input.revealSecrets,
    },
    signal,
  );
  return { ...result };
});
