import { defineAction } from '../action.ts';
import { checkQualified } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { validationError } from '../errors.ts';
import { DescriptionMember, RequiredArnMember, RoutingConfigurationMember } from '../members.ts';

const members = {
  stateMachineAliasArn: RequiredArnMember,
  description: DescriptionMember,
  routingConfiguration: RoutingConfigurationMember,
} as const;

/** One of description and routingConfiguration is required (API reference). */
export const UpdateStateMachineAlias = defineAction(members, (engine, input) => {
  checkQualified(input.stateMachineAliasArn, 'alias');
  if (input.description === undefined && input.routingConfiguration === undefined) {
    throw validationError(['Either description or routingConfiguration must be specified']);
  }
  for (const r of input.routingConfiguration ?? []) checkQualified(r.stateMachineVersionArn, 'version');
  const alias = engine.updateStateMachineAlias(input.stateMachineAliasArn, {
    description: input.description,
    routingConfiguration: input.routingConfiguration,
  });
  return { updateDate: epochSeconds(alias.updateDate) };
});
