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

/** Newest version first; the token is the last version number returned. */
export const ListStateMachineVersions = defineAction(members, (engine, input) => {
  checkArn(input.stateMachineArn, 'stateMachine');
  checkUnqualified(input.stateMachineArn);
  const query = JSON.stringify(['ListStateMachineVersions', input.stateMachineArn]);
  const after = input.nextToken === undefined ? undefined : decodePageToken(input.nextToken, query);
  const all = engine.listStateMachineVersions(input.stateMachineArn);
  const rest = typeof after === 'number' ? all.filter((v) => v.version < after) : all;
  const size = pageSize(input.maxResults);
  const page = rest.slice(0, size);
  const last = page.at(-1);
  return {
    stateMachineVersions: page.map((v) => ({
      stateMachineVersionArn: v.stateMachineVersionArn,
      creationDate: epochSeconds(v.creationDate),
    })),
    ...(rest.length > size && last ? { nextToken: encodePageToken(query, last.version) } : {}),
  };
});
