import { defineAction } from '../action.ts';
import { checkArn, checkUnqualified } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { PageSizeMember, PageTokenMember, RequiredArnMember } from '../members.ts';
import { decodePageToken, encodePageToken, pageSize } from '../page-token.ts';

const members = {
  stateMachineArn: RequiredArnMember,
  nextToken: PageTokenMember,
  maxResults: PageSizeMember,
} as const;

/** By alias name; the token is the last name returned. */
export const ListStateMachineAliases = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  checkUnqualified(input.stateMachineArn);
  const query = JSON.stringify(['ListStateMachineAliases', input.stateMachineArn]);
  const after = input.nextToken === undefined ? undefined : decodePageToken(input.nextToken, query);
  const all = engine.listStateMachineAliases(input.stateMachineArn);
  const rest = typeof after === 'string' ? all.filter((a) => a.name > after) : all;
  const size = pageSize(input.maxResults);
  const page = rest.slice(0, size);
  const last = page.at(-1);
  return {
    stateMachineAliases: page.map((a) => ({
      stateMachineAliasArn: a.stateMachineAliasArn,
      creationDate: epochSeconds(a.creationDate),
    })),
    ...(rest.length > size && last ? { nextToken: encodePageToken(query, last.name) } : {}),
  };
});
