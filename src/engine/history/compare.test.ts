import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { HistoryEvent } from './event.ts';
import { compareHistories, stateVisits } from './compare.ts';

/** A recorded history of the replay fixtures (test/replay/fixtures), the main execution's. */
function recorded(name: string): HistoryEvent[] {
  const path = join(import.meta.dirname, '..', '..', '..', 'test', 'replay', 'fixtures', `${name}.json`);
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as { expected: { history: HistoryEvent[] }[] };
  return fixture.expected.at(-1)!.history;
}

describe('compareHistories', () => {
  it('walks Parallel branches as threads, and the states after the join at the top again', () => {
    const visits = stateVisits(recorded('parallel-caught'));
    assert.deepEqual(
      visits.map((v) => [v.thread, v.name, v.error ?? null]),
      [
        ['', 'Fan', null],
        ['/Fan:Slow', 'Slow', null],
        ['/Fan:Quick', 'Quick', 'Boom'],
        ['/Fan:Quick', 'Nap', null],
        ['/Fan:Slow', 'Broken', 'Boom'],
        ['', 'Recovered', null],
      ],
    );
    assert.match(visits[0]!.output ?? '', /"error"/);
  });

  it('walks Map iterations as threads', () => {
    const visits = stateVisits(recorded('map-midway'));
    assert.deepEqual(
      visits.filter((v) => v.name === 'Work').map((v) => v.thread),
      ['/Each[0]', '/Each[1]', '/Each[2]', '/Each[3]', '/Each[4]'],
    );
    assert.equal(visits.at(-1)!.thread, '');
    assert.equal(visits.at(-1)!.name, 'Collect');
  });

  it('finds no divergence between a history and itself', () => {
    const h = recorded('parallel-caught');
    const c = compareHistories(h, h);
    assert.equal(c.firstDivergence, undefined);
    assert.equal(c.rows.length, 6);
  });

  it('marks the first divergence: an iteration output that differs', () => {
    const h = recorded('map-midway');
    const changed = h.map((e) =>
      e.type === 'TaskStateExited' &&
      e.previousEventId === h.find((x) => x.type === 'TaskSucceeded' && x.id > 20)?.id
        ? { ...e, stateExitedEventDetails: { ...e['stateExitedEventDetails'], output: '{"n":999}' } }
        : e,
    );
    const c = compareHistories(h, changed);
    assert.notEqual(c.firstDivergence, undefined);
    const row = c.rows[c.firstDivergence!]!;
    assert.equal(row.difference, 'output');
    assert.equal(row.left?.name, 'Work');
    assert.equal(row.right?.output, '{"n":999}');
  });

  it('pairs the states both took and marks those only one took as path differences', () => {
    const h = recorded('parallel-caught');
    const other = h.map((e) =>
      e['stateEnteredEventDetails']?.['name'] === 'Recovered'
        ? { ...e, stateEnteredEventDetails: { ...e['stateEnteredEventDetails'], name: 'Unreached' } }
        : e,
    );
    const c = compareHistories(h, other);
    assert.deepEqual(
      c.rows.slice(-2).map((r) => [r.left?.name ?? null, r.right?.name ?? null, r.difference]),
      [
        ['Recovered', null, 'path'],
        [null, 'Unreached', 'path'],
      ],
    );
    assert.equal(c.firstDivergence, 5);
  });
});
