import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FiringWindow } from './schedule-expression.ts';
import { nextFireTime, parseScheduleExpression } from './schedule-expression.ts';

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** The next `count` fire times of `text` after `after` (ISO), as ISO strings. */
function fires(
  text: string,
  after: string,
  count = 1,
  window: Partial<FiringWindow> = {},
): Array<string | undefined> {
  const expression = parseScheduleExpression(text);
  if (typeof expression === 'string') throw new Error(expression);
  const w: FiringWindow = { timeZone: 'UTC', start: 0, ...window };
  const out: Array<string | undefined> = [];
  let t = Date.parse(after);
  for (let i = 0; i < count; i++) {
    const next = nextFireTime(expression, w, t);
    out.push(iso(next));
    if (next === undefined) break;
    t = next;
  }
  return out;
}

describe('cron expressions', () => {
  it('L is the last day of each month, leap days included', () => {
    assert.deepEqual(fires('cron(0 0 L * ? *)', '2024-01-15T00:00:00Z', 3), [
      '2024-01-31T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
    ]);
    assert.deepEqual(fires('cron(0 0 L 2 ? *)', '2023-01-01T00:00:00Z', 2), [
      '2023-02-28T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
    ]);
  });

  it('the 29th of February fires in leap years only; the 31st skips shorter months', () => {
    assert.deepEqual(fires('cron(0 12 29 2 ? *)', '2024-03-01T00:00:00Z'), ['2028-02-29T12:00:00.000Z']);
    assert.deepEqual(fires('cron(0 0 31 * ? *)', '2024-03-31T00:00:00Z', 2), [
      '2024-05-31T00:00:00.000Z',
      '2024-07-31T00:00:00.000Z',
    ]);
  });

  it('W is the nearest weekday within the month; # the nth weekday; nL the last one', () => {
    // 15 June 2024 is a Saturday, 15 September a Sunday, 1 June a Saturday (not back to May).
    assert.deepEqual(fires('cron(0 9 15W * ? *)', '2024-06-01T00:00:00Z'), ['2024-06-14T09:00:00.000Z']);
    assert.deepEqual(fires('cron(0 9 15W * ? *)', '2024-09-01T00:00:00Z'), ['2024-09-16T09:00:00.000Z']);
    assert.deepEqual(fires('cron(0 9 1W * ? *)', '2024-05-31T00:00:00Z'), ['2024-06-03T09:00:00.000Z']);
    // 30 November 2024 is a Saturday: LW is Friday the 29th.
    assert.deepEqual(fires('cron(0 9 LW * ? *)', '2024-11-01T00:00:00Z'), ['2024-11-29T09:00:00.000Z']);
    assert.deepEqual(fires('cron(0 10 ? * 6#3 *)', '2024-01-01T00:00:00Z'), ['2024-01-19T10:00:00.000Z']);
    assert.deepEqual(fires('cron(0 10 ? * 2L *)', '2024-01-01T00:00:00Z'), ['2024-01-29T10:00:00.000Z']);
    assert.deepEqual(fires('cron(0 8 ? * MON-FRI *)', '2024-01-05T08:00:00Z', 2), [
      '2024-01-08T08:00:00.000Z',
      '2024-01-09T08:00:00.000Z',
    ]);
  });

  it('steps, lists, month names and years; none once the years are over', () => {
    assert.deepEqual(fires('cron(0/20 1,3 * JAN,MAR ? 2025)', '2024-06-01T00:00:00Z', 4), [
      '2025-01-01T01:00:00.000Z',
      '2025-01-01T01:20:00.000Z',
      '2025-01-01T01:40:00.000Z',
      '2025-01-01T03:00:00.000Z',
    ]);
    assert.deepEqual(fires('cron(0 0 1 1 ? 2020)', '2021-01-01T00:00:00Z'), [undefined]);
  });

  it('New York: a time the clock skips does not fire, one it passes twice fires once', () => {
    const ny = { timeZone: 'America/New_York' };
    // 10 March 2024 02:00 EST jumps to 03:00 EDT: 02:30 does not exist that day.
    assert.deepEqual(fires('cron(30 2 * * ? *)', '2024-03-09T12:00:00Z', 2, ny), [
      '2024-03-11T06:30:00.000Z',
      '2024-03-12T06:30:00.000Z',
    ]);
    // A daily 09:00 keeps the wall clock: 14:00Z before the change, 13:00Z after.
    assert.deepEqual(fires('cron(0 9 * * ? *)', '2024-03-09T14:00:00Z', 1, ny), ['2024-03-10T13:00:00.000Z']);
    // 3 November 2024 02:00 EDT goes back to 01:00 EST: 01:30 happens twice, fires once.
    assert.deepEqual(fires('cron(30 1 * * ? *)', '2024-11-03T04:00:00Z', 2, ny), [
      '2024-11-03T05:30:00.000Z',
      '2024-11-04T06:30:00.000Z',
    ]);
  });

  it('Berlin: every 30 minutes across both changes of 2024', () => {
    const berlin = { timeZone: 'Europe/Berlin' };
    // 31 March 02:00 CET jumps to 03:00 CEST: 01:30 CET (00:30Z), then 03:00 CEST (01:00Z).
    assert.deepEqual(fires('cron(0/30 * * * ? *)', '2024-03-31T00:15:00Z', 2, berlin), [
      '2024-03-31T00:30:00.000Z',
      '2024-03-31T01:00:00.000Z',
    ]);
    // 27 October 03:00 CEST goes back to 02:00 CET: 02:30 CEST (00:30Z), then 03:00 CET (02:00Z).
    assert.deepEqual(fires('cron(0/30 * * * ? *)', '2024-10-27T00:15:00Z', 2, berlin), [
      '2024-10-27T00:30:00.000Z',
      '2024-10-27T02:00:00.000Z',
    ]);
    assert.deepEqual(fires('cron(0 2 * * ? *)', '2024-03-30T12:00:00Z', 1, berlin), [
      '2024-04-01T00:00:00.000Z',
    ]);
  });
});

describe('rate and at expressions', () => {
  it('a rate fires at its start and every period after, 24 hours a day across daylight saving', () => {
    const start = Date.parse('2024-03-09T12:00:00Z');
    assert.deepEqual(
      fires('rate(1 day)', '2024-03-09T11:00:00Z', 3, { timeZone: 'America/New_York', start }),
      ['2024-03-09T12:00:00.000Z', '2024-03-10T12:00:00.000Z', '2024-03-11T12:00:00.000Z'],
    );
    assert.deepEqual(
      fires('rate(5 minutes)', '2024-01-01T00:07:00Z', 1, { start: Date.parse('2024-01-01T00:00:00Z') }),
      ['2024-01-01T00:10:00.000Z'],
    );
  });

  it('the end date stops a schedule; a start date defers a cron', () => {
    const end = Date.parse('2024-01-02T00:00:00Z');
    assert.deepEqual(fires('cron(0 12 * * ? *)', '2024-01-01T00:00:00Z', 3, { end }), [
      '2024-01-01T12:00:00.000Z',
      undefined,
    ]);
    const start = Date.parse('2024-06-01T00:00:00Z');
    assert.deepEqual(fires('cron(0 12 * * ? *)', '2024-01-01T00:00:00Z', 1, { start }), [
      '2024-06-01T12:00:00.000Z',
    ]);
  });

  it('at fires once, in its time zone; a skipped wall time is read with the offset before the jump', () => {
    assert.deepEqual(
      fires('at(2024-07-04T09:00:00)', '2024-01-01T00:00:00Z', 2, { timeZone: 'America/New_York' }),
      ['2024-07-04T13:00:00.000Z', undefined],
    );
    assert.deepEqual(
      fires('at(2024-03-10T02:30:00)', '2024-01-01T00:00:00Z', 1, { timeZone: 'America/New_York' }),
      ['2024-03-10T07:30:00.000Z'],
    );
    assert.deepEqual(fires('at(2024-01-01T00:00:00)', '2024-06-01T00:00:00Z'), [undefined]);
  });

  it('says why an expression is not valid', () => {
    for (const bad of [
      'cron(0 0 * * * *)',
      'cron(0 0 ? * ? *)',
      'cron(0 0 * * ?)',
      'cron(60 0 * * ? *)',
      'cron(0 0 ? * 8 *)',
      'cron(0 0 1 13 ? *)',
      'cron(0 0 1 * ? 2200)',
      'cron(0/0 0 1 * ? *)',
      'rate(0 minutes)',
      'rate(5 weeks)',
      'rate(five minutes)',
      'at(2024-02-30T00:00:00)',
      'at(2024-02-01 00:00:00)',
      'every day',
    ])
      assert.equal(typeof parseScheduleExpression(bad), 'string', bad);
  });
});
