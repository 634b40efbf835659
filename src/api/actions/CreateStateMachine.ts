import type { JsonObject } from '../../asl/index.ts';
import { defineAction } from '../action.ts';
import { checkRoleArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { serviceError } from '../errors.ts';
import { NameMember, RequiredArnMember, StateMachineTypeMember } from '../members.ts';
import { checkName } from '../name.ts';
import type { InputOf } from '../shape.ts';

const LoggingConfiguration = {
  type: 'structure',
  members: {
    level: { type: 'string', enum: ['ALL', 'ERROR', 'FATAL', 'OFF'] },
    includeExecutionData: { type: 'boolean' },
    destinations: {
      type: 'list',
      member: {
        type: 'structure',
        members: {
          cloudWatchLogsLogGroup: {
            type: 'structure',
            members: { logGroupArn: { type: 'string', min: 1, max: 256 } },
          },
        },
      },
    },
  },
} as const;

const members = {
  name: { ...NameMember, required: true },
  definition: { type: 'string', required: true, max: 1_048_576, sensitive: true },
  roleArn: RequiredArnMember,
  type: StateMachineTypeMember,
  loggingConfiguration: LoggingConfiguration,
  tracingConfiguration: { type: 'structure', members: { enabled: { type: 'boolean' } } },
  tags: {
    type: 'list',
    member: {
      type: 'structure',
      members: { key: { type: 'string', min: 1, max: 128 }, value: { type: 'string', max: 256 } },
    },
  },
  publish: { type: 'boolean' },
  versionDescription: { type: 'string', max: 256, sensitive: true },
  encryptionConfiguration: {
    type: 'structure',
    members: {
      kmsKeyId: { type: 'string', min: 1, max: 2048 },
      kmsDataKeyReusePeriodSeconds: { type: 'integer', min: 60, max: 900 },
      type: { type: 'string', required: true, enum: ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] },
    },
  },
} as const;

type Logging = InputOf<typeof LoggingConfiguration.members>;

/** AWS echoes the configuration with its defaults filled in: level OFF, includeExecutionData false. */
function loggingConfiguration(input: Logging | undefined): JsonObject {
  const level = input?.level ?? 'OFF';
  const destinations = (input?.destinations ?? []).map((d): JsonObject => {
    const arn = d.cloudWatchLogsLogGroup?.logGroupArn;
    return arn === undefined ? {} : { cloudWatchLogsLogGroup: { logGroupArn: arn } };
  });
  // Logging that is on needs its one CloudWatch Logs group (API reference, LoggingConfiguration).
  if (level !== 'OFF' && destinations.length !== 1) {
    throw serviceError(
      'InvalidLoggingConfiguration',
      'Invalid Logging Configuration: Must specify exactly one Log Destination.',
    );
  }
  const out: JsonObject = { level, includeExecutionData: input?.includeExecutionData ?? false };
  if (destinations.length > 0) out.destinations = destinations;
  return out;
}

export const CreateStateMachine = defineAction(members, (engine, input) => {
  checkName(input.name);
  checkRoleArn(input.roleArn);
  const record = engine.createStateMachine({
    name: input.name,
    definition: input.definition,
    roleArn: input.roleArn,
    type: input.type,
    loggingConfiguration: loggingConfiguration(input.loggingConfiguration),
    tracingConfiguration: { enabled: input.tracingConfiguration?.enabled ?? false },
    tags: input.tags?.map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
  });
  return { stateMachineArn: record.stateMachineArn, creationDate: epochSeconds(record.creationDate) };
});
