// An execution's history, read once and then only its new events: a running execution is polled
// every second, and re-reading up to 25,000 events each time would cost the server and the tab.
import type { GetExecutionHistoryOutput, HistoryEvent } from '../api/shapes.ts';

/** The console shows at most the first this many events of a history. */
export const HISTORY_LIMIT = 25_000;

/** One GetExecutionHistory call for the execution; `request` holds the paging members. */
export type HistoryPager = (request: {
  reverseOrder: boolean;
  maxResults: number;
  nextToken?: string;
}) => Promise<GetExecutionHistoryOutput>;

export interface HistoryTail {
  readonly events: readonly HistoryEvent[];
  /** The page size of the next newest-first read, sized to what the last read found new. */
  readonly tailPage: number;
}

const FIRST_PAGE = 1000;
const MIN_TAIL_PAGE = 10;

/**
 * The history after `held`. The first read goes oldest first. Later ones read newest first
 * (`reverseOrder`) until they reach the last event held: AWS gives no token past the end of a
 * history and its tokens expire, so a kept forward token could not resume. A page size is kept
 * for the whole of one read (its tokens belong to that query), and the next read's page is
 * twice what this one found new, so an idle poll costs one small page.
 */
export async function readHistoryTail(
  page: HistoryPager,
  held: HistoryTail | undefined,
  limit = HISTORY_LIMIT,
): Promise<HistoryTail> {
  if (held === undefined || held.events.length === 0) {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const answer = await page({ reverseOrder: false, maxResults: FIRST_PAGE, nextToken });
      events.push(...answer.events);
      nextToken = answer.nextToken;
    } while (nextToken !== undefined && events.length < limit);
    return { events: events.slice(0, limit), tailPage: MIN_TAIL_PAGE };
  }
  if (held.events.length >= limit) return held;
  const lastId = held.events.at(-1)?.id ?? 0;
  const newest: HistoryEvent[] = [];
  let nextToken: string | undefined;
  let reached = false;
  do {
    const answer = await page({ reverseOrder: true, maxResults: held.tailPage, nextToken });
    for (const event of answer.events) {
      if (event.id <= lastId) {
        reached = true;
        break;
      }
      newest.push(event);
    }
    nextToken = answer.nextToken;
  } while (!reached && nextToken !== undefined);
  const tailPage = Math.min(FIRST_PAGE, Math.max(MIN_TAIL_PAGE, 2 * newest.length));
  return { events: appendEvents(held.events, newest.reverse(), limit), tailPage };
}

/**
 * `held` followed by the events of `newer` (oldest first) that come after it, cut at `limit`.
 * With nothing new it is `held` itself, so views memoised on the events do not recompute.
 */
export function appendEvents(
  held: readonly HistoryEvent[],
  newer: readonly HistoryEvent[],
  limit = HISTORY_LIMIT,
): readonly HistoryEvent[] {
  const lastId = held.at(-1)?.id ?? 0;
  const after = newer.filter((event) => event.id > lastId);
  if (after.length === 0 || held.length >= limit) return held;
  return [...held, ...after].slice(0, limit);
}
