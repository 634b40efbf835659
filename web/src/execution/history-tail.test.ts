import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from '../api/shapes.ts';
import type { HistoryPager } from './history-tail.ts';
import { appendEvents, readHistoryTail } from './history-tail.ts';

function events(from: number, to: number): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (let id = from; id <= to; id++) out.push({ id, previousEventId: id - 1, timestamp: id, type: 'Pass' });
  return out;
}

/**
 * GetExecutionHistory as AWS pages it: a token only while more events follow, and a token is
 * good only for the query (order and page size) that issued it, else InvalidToken.
 */
function server(history: HistoryEvent[]): { page: HistoryPager; calls: string[] } {
  const calls: string[] = [];
  const page: HistoryPager = async ({ reverseOrder, maxResults, nextToken }) => {
    calls.push(`${reverseOrder ? 'reverse' : 'forward'}:${maxResults}${nextToken ? ':token' : ''}`);
    const query = `${reverseOrder}/${maxResults}`;
    let start = 0;
    if (nextToken !== undefined) {
      const [issuedFor, position] = nextToken.split('@');
      if (issuedFor !== query) throw new Error('InvalidToken');
      start = Number(position);
    }
    const ordered = reverseOrder ? [...history].reverse() : history;
    const slice = ordered.slice(start, start + maxResults);
    const more = start + maxResults < ordered.length;
    return Promise.resolve({
      events: slice,
      ...(more ? { nextToken: `${query}@${start + maxResults}` } : {}),
    });
  };
  return { page, calls };
}

test('the first read takes the whole history oldest first, page after page', async () => {
  const { page, calls } = server(events(1, 2500));
  const tail = await readHistoryTail(page, undefined);
  assert.deepEqual(
    tail.events.map((e) => e.id),
    events(1, 2500).map((e) => e.id),
  );
  assert.deepEqual(calls, ['forward:1000', 'forward:1000:token', 'forward:1000:token']);
});

test('a poll with nothing new asks one small newest-first page and keeps the same events', async () => {
  const history = events(1, 300);
  const { page, calls } = server(history);
  const first = await readHistoryTail(page, undefined);
  calls.length = 0;
  const again = await readHistoryTail(page, first);
  assert.equal(again.events, first.events);
  assert.deepEqual(calls, ['reverse:10']);
});

test('new events are appended in order, read newest first until the last one held', async () => {
  const history = events(1, 5);
  const { page, calls } = server(history);
  const first = await readHistoryTail(page, undefined);
  history.push(...events(6, 40));
  calls.length = 0;
  const second = await readHistoryTail(page, first);
  assert.deepEqual(
    second.events.map((e) => e.id),
    events(1, 40).map((e) => e.id),
  );
  // Pages of 10 (one query throughout) until event 5 shows up: 40..31, 30..21, 20..11, 10..1.
  assert.deepEqual(calls, ['reverse:10', 'reverse:10:token', 'reverse:10:token', 'reverse:10:token']);
  // 35 were new: the next read asks pages of 70.
  assert.equal(second.tailPage, 70);
  history.push(...events(41, 42));
  calls.length = 0;
  const third = await readHistoryTail(page, second);
  assert.deepEqual(
    third.events.slice(-3).map((e) => e.id),
    [40, 41, 42],
  );
  assert.deepEqual(calls, ['reverse:70']);
  assert.equal(third.tailPage, 10);
});

test('at most `limit` events: the first ones, and no more reads once the limit is held', async () => {
  const history = events(1, 30);
  const { page, calls } = server(history);
  const first = await readHistoryTail(page, undefined, 25);
  assert.deepEqual(
    first.events.map((e) => e.id),
    events(1, 25).map((e) => e.id),
  );
  calls.length = 0;
  history.push(...events(31, 33));
  assert.equal(await readHistoryTail(page, first, 25), first);
  assert.deepEqual(calls, []);
});

test('appendEvents skips events already held and cuts at the limit', () => {
  const held = events(1, 4);
  assert.deepEqual(
    appendEvents(held, events(3, 7)).map((e) => e.id),
    [1, 2, 3, 4, 5, 6, 7],
  );
  assert.equal(appendEvents(held, events(2, 4)), held);
  assert.deepEqual(
    appendEvents(held, events(5, 9), 6).map((e) => e.id),
    [1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(
    appendEvents([], events(1, 2)).map((e) => e.id),
    [1, 2],
  );
});
