import type { JsonObject } from '../asl/index.ts';
import { serviceError } from './errors.ts';
import type { InputOf } from './shape.ts';

/** The `loggingConfiguration` member of CreateStateMachine and UpdateStateMachine. */
export const LoggingConfigurationMember = {
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

type Logging = InputOf<typeof LoggingConfigurationMember.members>;

/** AWS echoes the configuration with its defaults filled in: level OFF, includeExecutionData false. */
export function loggingConfiguration(input: Logging | undefined): JsonObject {
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
