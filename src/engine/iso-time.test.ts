import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isoTime } from './iso-time.ts';

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

it('isoTime writes what toISOString does, for times in order, across days and out of order', () => {
  // Seeded, so that a failure repeats.
  let seed = 42;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  let ms = Date.UTC(2026, 11, 6, 23, 59, 58, 990);
  for (let i = 0; i < 20_000; i++) {
    ms += Math.floor(random() * (i % 100 === 0 ? DAY : 250));
    assert.equal(isoTime(ms), iso(ms));
  }
  for (let i = 0; i < 2_000; i++) {
    const t = Math.floor((random() - 0.5) * 2 * 8.64e15);
    assert.equal(isoTime(t), iso(t));
    assert.equal(isoTime(t + 1), iso(t + 1), 'the next millisecond, from the same day');
  }
});

it('isoTime at the edges: days, years, before 1970, past 9999, fractions and -0', () => {
  const edges = [
    0,
    -0,
    1,
    -1,
    DAY - 1,
    DAY,
    -DAY,
    -DAY + 1,
    Date.UTC(2024, 1, 29, 23, 59, 59, 999),
    Date.UTC(2024, 2, 1),
    Date.UTC(9999, 11, 31, 23, 59, 59, 998),
    Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    Date.UTC(10000, 0, 1),
    Date.UTC(10000, 0, 1, 0, 0, 0, 1),
    Date.UTC(0, 0, 1) - 1,
    Date.UTC(0, 0, 1) - 2,
    8.64e15,
    -8.64e15,
    -8.64e15 + 1,
  ];
  for (const t of edges) {
    assert.equal(isoTime(t), iso(t), String(t));
    assert.equal(isoTime(t), iso(t), `${t}, again`);
  }
  // A fraction is cut off towards 0, not down, and leaves the day alone.
  for (const t of [DAY + 0.5, DAY + 1.25, -0.5, -1.5, -DAY - 0.5, 1.5]) {
    assert.equal(isoTime(t), iso(t), String(t));
    assert.equal(isoTime(Math.trunc(t) - 1), iso(Math.trunc(t) - 1), `after ${t}`);
  }
  assert.throws(() => isoTime(Number.NaN), RangeError);
  assert.throws(() => isoTime(8.64e15 + 1), RangeError);
});
