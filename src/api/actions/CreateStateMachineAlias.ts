import { defineAction } from '../action.ts';
import { checkQualified } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { AliasNameMember, DescriptionMember, RoutingConfigurationMember } from '../members.ts';
import { checkName } from '../name.ts';

const members = {
  description: DescriptionMember,
  name: AliasNameMember,
  routingConfiguration: { ...RoutingConfigurationMember, required: true },
} as const;

export const CreateStateMachineAlias = defineAction(members, (engine, input) => {
  checkName(input.name);
  for (const r of input.routingConfiguration) checkQualified(r.stateMachineVersionArn, 'version');
  const alias = engine.createStateMachineAlias({
    name: input.name,
    description: input.description,
    routingConfiguration: input.routingConfiguration,
  });
  return {
    stateMachineAliasArn: alias.stateMachineAliasArn,
    creationDate: epochSeconds(alias.creationDate),
  };
});
