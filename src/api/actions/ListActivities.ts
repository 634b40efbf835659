import { defineAction } from '../action.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { PageSizeMember, PageTokenMember } from '../members.ts';
import { decodePageToken, encodePageToken, pageSize } from '../page-token.ts';

const members = { maxResults: PageSizeMember, nextToken: PageTokenMember } as const;

const QUERY = 'ListActivities';

/** By name in code-unit order; the page token is the last name returned. */
export const ListActivities = defineAction(members, (engine, input) => {
  const after = input.nextToken === undefined ? undefined : decodePageToken(input.nextToken, QUERY);
  const all = engine.taskControl.listActivities();
  const rest = typeof after === 'string' ? all.filter((a) => a.name > after) : all;
  const size = pageSize(input.maxResults);
  const page = rest.slice(0, size);
  const last = page.at(-1);
  return {
    activities: page.map((a) => ({
      activityArn: a.activityArn,
      name: a.name,
      creationDate: epochSeconds(a.creationDate),
    })),
    ...(rest.length > size && last ? { nextToken: encodePageToken(QUERY, last.name) } : {}),
  };
});
