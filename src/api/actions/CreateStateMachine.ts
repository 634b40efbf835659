import { defineAction } from '../action.ts';
import { checkRoleArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { LoggingConfigurationMember, loggingConfiguration } from '../logging-configuration.ts';
import {
  DefinitionMember,
  DescriptionMember,
  EncryptionConfigurationMember,
  NameMember,
  RequiredArnMember,
  StateMachineTypeMember,
  TagsMember,
  TracingConfigurationMember,
} from '../members.ts';
import { tagPairs } from '../tag-pairs.ts';
import { checkName } from '../name.ts';
import { checkVersionDescription } from '../version-description.ts';

const members = {
  name: { ...NameMember, required: true },
  definition: { ...DefinitionMember, required: true },
  roleArn: RequiredArnMember,
  type: StateMachineTypeMember,
  loggingConfiguration: LoggingConfigurationMember,
  tracingConfiguration: TracingConfigurationMember,
  tags: TagsMember,
  publish: { type: 'boolean' },
  versionDescription: DescriptionMember,
  encryptionConfiguration: EncryptionConfigurationMember,
} as const;

/** With `publish`, version 1 is published from the new machine and its ARN returned. */
export const CreateStateMachine = defineAction(members, (engine, input) => {
  checkName(input.name);
  checkRoleArn(input.roleArn);
  checkVersionDescription(input.publish, input.versionDescription);
  const record = engine.createStateMachine({
    name: input.name,
    definition: input.definition,
    roleArn: input.roleArn,
    type: input.type,
    loggingConfiguration: loggingConfiguration(input.loggingConfiguration),
    tracingConfiguration: { enabled: input.tracingConfiguration?.enabled ?? false },
    tags: input.tags && tagPairs(input.tags),
  });
  const version = input.publish
    ? engine.publishStateMachineVersion(record.stateMachineArn, { description: input.versionDescription })
    : undefined;
  return {
    stateMachineArn: record.stateMachineArn,
    creationDate: epochSeconds(record.creationDate),
    ...(version ? { stateMachineVersionArn: version.stateMachineVersionArn } : {}),
  };
});
