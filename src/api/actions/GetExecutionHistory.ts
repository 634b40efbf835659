import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { PageSizeMember, PageTokenMember, RequiredArnMember } from '../members.ts';
import { decodePageToken, encodePageToken, pageSize } from '../page-token.ts';
import { renderHistoryEvent } from '../history-event.ts';
import type { GetExecutionHistoryOutput } from '../shapes.ts';

const members = {
  executionArn: RequiredArnMember,
  maxResults: PageSizeMember,
  reverseOrder: { type: 'boolean' },
  nextToken: PageTokenMember,
  includeExecutionData: { type: 'boolean' },
} as const;

/** History is append-only, so the id of the last event returned is a stable position. */
export const GetExecutionHistory = defineAction(members, async (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const reverse = input.reverseOrder ?? false;
  const includeData = input.includeExecutionData ?? true;
  const query = JSON.stringify(['GetExecutionHistory', input.executionArn, reverse]);
  const after = input.nextToken === undefined ? undefined : decodePageToken(input.nextToken, query);
  const events = await engine.readExecutionHistory(input.executionArn);
  const ordered = reverse ? [...events].reverse() : events;
  const rest =
    typeof after === 'number' ? ordered.filter((e) => (reverse ? e.id < after : e.id > after)) : ordered;
  const size = pageSize(input.maxResults);
  const page = rest.slice(0, size);
  const last = page.at(-1);
  const output: GetExecutionHistoryOutput = {
    events: page.map((e) => renderHistoryEvent(e, includeData)),
    ...(rest.length > size && last ? { nextToken: encodePageToken(query, last.id) } : {}),
  };
  return output;
});
