import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { PageSizeMember, PageTokenMember, RequiredArnMember } from '../members.ts';
import { decodePageToken, encodePageToken, pageSize } from '../page-token.ts';
import type { ListMapRunsOutput } from '../shapes.ts';

const members = {
  executionArn: RequiredArnMember,
  maxResults: PageSizeMember,
  nextToken: PageTokenMember,
} as const;

/** The map runs of one execution in the order they started; the token is a count of those seen. */
export const ListMapRuns = defineAction(members, (engine, input) => {
  checkArn(input.executionArn, 'execution');
  const query = JSON.stringify(['ListMapRuns', input.executionArn]);
  const after = input.nextToken === undefined ? 0 : decodePageToken(input.nextToken, query);
  const all = engine.listMapRuns(input.executionArn);
  const start = typeof after === 'number' ? after : 0;
  const size = pageSize(input.maxResults);
  const page = all.slice(start, start + size);
  const output: ListMapRunsOutput = {
    mapRuns: page.map((r) => ({
      executionArn: r.executionArn,
      mapRunArn: r.mapRunArn,
      stateMachineArn: r.stateMachineArn,
      startDate: epochSeconds(r.startDate),
      ...(r.stopDate !== undefined ? { stopDate: epochSeconds(r.stopDate) } : {}),
    })),
    ...(all.length > start + size ? { nextToken: encodePageToken(query, start + size) } : {}),
  };
  return output;
});
