import { defineAction } from '../action.ts';
import { checkArn, checkRoleArn, checkUnqualified } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { serviceError } from '../errors.ts';
import { LoggingConfigurationMember, loggingConfiguration } from '../logging-configuration.ts';
import {
  ArnMember,
  DefinitionMember,
  DescriptionMember,
  EncryptionConfigurationMember,
  RequiredArnMember,
  TracingConfigurationMember,
} from '../members.ts';
import { checkVersionDescription } from '../version-description.ts';

const members = {
  stateMachineArn: RequiredArnMember,
  definition: DefinitionMember,
  roleArn: ArnMember,
  loggingConfiguration: LoggingConfigurationMember,
  tracingConfiguration: TracingConfigurationMember,
  publish: { type: 'boolean' },
  versionDescription: DescriptionMember,
  encryptionConfiguration: EncryptionConfigurationMember,
} as const;

/**
 * At least one thing to change is required (MissingRequiredParameter); `publish` also publishes
 * the resulting revision as a version. Running executions keep their definition.
 */
export const UpdateStateMachine = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  checkUnqualified(input.stateMachineArn);
  if (
    input.definition === undefined &&
    input.roleArn === undefined &&
    input.loggingConfiguration === undefined &&
    input.tracingConfiguration === undefined &&
    input.encryptionConfiguration === undefined
  ) {
    throw serviceError(
      'MissingRequiredParameter',
      'Either the definition, the role ARN, the LoggingConfiguration, the EncryptionConfiguration or the TracingConfiguration must be specified',
    );
  }
  if (input.roleArn !== undefined) checkRoleArn(input.roleArn);
  checkVersionDescription(input.publish, input.versionDescription);
  const { record, version } = engine.updateStateMachine({
    stateMachineArn: input.stateMachineArn,
    definition: input.definition,
    roleArn: input.roleArn,
    loggingConfiguration:
      input.loggingConfiguration === undefined ? undefined : loggingConfiguration(input.loggingConfiguration),
    tracingConfiguration:
      input.tracingConfiguration === undefined
        ? undefined
        : { enabled: input.tracingConfiguration.enabled ?? false },
    publish: input.publish,
    versionDescription: input.versionDescription,
  });
  return {
    updateDate: epochSeconds(record.updateDate ?? record.creationDate),
    ...(record.revisionId !== undefined ? { revisionId: record.revisionId } : {}),
    ...(version ? { stateMachineVersionArn: version.stateMachineVersionArn } : {}),
  };
});
