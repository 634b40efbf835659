import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExecutionSummary } from './report.ts';
import { bucketWidth, byStatus, durationPercentiles, percentile, stateColumns, topErrors } from './series.ts';

const T0 = Date.parse('2026-01-01T10:00:00Z');

function run(minute: number, status: string, durationMs?: number, error?: string): ExecutionSummary {
  return {
    executionArn: `arn:${minute}:${status}`,
    name: `e${minute}`,
    status,
    startDate: T0 + minute * 60_000,
    ...(durationMs === undefined ? {} : { durationMs }),
    ...(error === undefined ? {} : { error }),
    billedTransitions: 1,
    estimatedCostUsd: 0.000025,
    states: {},
  };
}

describe('monitoring series', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(
      [50, 95, 99, 100].map((p) => percentile(values, p)),
      [50, 95, 99, 100],
    );
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });

  it('counts executions per minute bucket by status, with the empty minutes between', () => {
    const runs = [run(0, 'SUCCEEDED', 100), run(0, 'FAILED', 50, 'Boom'), run(2, 'SUCCEEDED', 300)];
    assert.equal(bucketWidth(runs), 60_000);
    const s = byStatus(runs, 60_000);
    assert.deepEqual(s.x, [T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 120]);
    assert.deepEqual(s.ys[0], [1, 0, 1]);
    assert.deepEqual(s.ys[1], [1, 0, 0]);
    const d = durationPercentiles(runs, 60_000);
    assert.deepEqual(d.ys[0], [0.05, NaN, 0.3]);
    assert.deepEqual(d.ys[2], [0.1, NaN, 0.3]);
  });

  it('widens buckets over longer spans, ranks errors, and orders the grid by first entry', () => {
    assert.equal(bucketWidth([run(0, 'SUCCEEDED'), run(600, 'SUCCEEDED')]), 3_600_000);
    assert.deepEqual(
      topErrors([
        run(0, 'FAILED', 1, 'B'),
        run(1, 'FAILED', 1, 'A'),
        run(2, 'FAILED', 1, 'B'),
        run(3, 'TIMED_OUT'),
      ]),
      [
        ['B', 2],
        ['A', 1],
        ['TIMED_OUT', 1],
      ],
    );
    const cell = { outcome: 'succeeded', durationMs: 1, visits: 1 } as const;
    const newer = { ...run(1, 'SUCCEEDED'), states: { A: cell, C: cell } };
    const older = { ...run(0, 'SUCCEEDED'), states: { A: cell, B: cell } };
    assert.deepEqual(stateColumns([newer, older]), ['A', 'B', 'C']);
  });
});
