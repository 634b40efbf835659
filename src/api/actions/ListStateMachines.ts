import { defineAction } from '../action.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { PageSizeMember, PageTokenMember } from '../members.ts';
import { decodePageToken, encodePageToken, pageSize } from '../page-token.ts';
import type { ListStateMachinesOutput } from '../shapes.ts';

const members = { maxResults: PageSizeMember, nextToken: PageTokenMember } as const;

const QUERY = 'ListStateMachines';

/** By name in code-unit order (AWS lists `sm_0, sm_10, sm_1` this way); the token is the last name. */
export const ListStateMachines = defineAction(members, (engine, input) => {
  const after = input.nextToken === undefined ? undefined : decodePageToken(input.nextToken, QUERY);
  const all = engine.listStateMachines().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rest = typeof after === 'string' ? all.filter((sm) => sm.name > after) : all;
  const size = pageSize(input.maxResults);
  const page = rest.slice(0, size);
  const last = page.at(-1);
  const output: ListStateMachinesOutput = {
    stateMachines: page.map((sm) => ({
      stateMachineArn: sm.stateMachineArn,
      name: sm.name,
      type: sm.type,
      creationDate: epochSeconds(sm.creationDate),
    })),
    ...(rest.length > size && last ? { nextToken: encodePageToken(QUERY, last.name) } : {}),
  };
  return output;
});
