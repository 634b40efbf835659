// What the Monitoring tab's charts plot, from the report's executions: pure, so tested in Node.
import type { DayTotal, ExecutionSummary } from './report.ts';

export const STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING'] as const;

/** Bucket widths tried in turn, the first that keeps a chart to at most `MAX_BUCKETS` points. */
const WIDTHS_MS = [60_000, 300_000, 3_600_000, 86_400_000] as const;
const MAX_BUCKETS = 60;

/** x values in epoch seconds (uPlot's time scale), one row of y values per series. */
export interface Series {
  readonly x: number[];
  readonly ys: number[][];
}

/** The bucket width that keeps the executions' span to a readable number of points. */
export function bucketWidth(executions: readonly ExecutionSummary[]): number {
  if (executions.length === 0) return WIDTHS_MS[0];
  const starts = executions.map((e) => e.startDate);
  const span = Math.max(...starts) - Math.min(...starts);
  return WIDTHS_MS.find((w) => span / w < MAX_BUCKETS) ?? 86_400_000;
}

/** Every bucket from the first execution's to the last's, empty ones included. */
function buckets(executions: readonly ExecutionSummary[], width: number): number[] {
  if (executions.length === 0) return [];
  const starts = executions.map((e) => Math.floor(e.startDate / width) * width);
  const out: number[] = [];
  for (let t = Math.min(...starts); t <= Math.max(...starts); t += width) out.push(t);
  return out;
}

/** Executions started per bucket, one series per status (STATUSES' order). */
export function byStatus(executions: readonly ExecutionSummary[], width: number): Series {
  const xs = buckets(executions, width);
  const ys = STATUSES.map(() => xs.map(() => 0));
  for (const e of executions) {
    const i = (Math.floor(e.startDate / width) * width - (xs[0] ?? 0)) / width;
    const s = STATUSES.indexOf(e.status as (typeof STATUSES)[number]);
    const row = ys[s];
    if (row && row[i] !== undefined) row[i]++;
  }
  return { x: xs.map((t) => t / 1000), ys };
}

/** The nearest-rank percentile `p` (0–100) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? NaN;
}

/** p50, p95 and p99 of closed executions' durations per bucket, in seconds (NaN: none closed). */
export function durationPercentiles(executions: readonly ExecutionSummary[], width: number): Series {
  const xs = buckets(executions, width);
  const durations = xs.map((): number[] => []);
  for (const e of executions) {
    if (e.durationMs === undefined) continue;
    durations[(Math.floor(e.startDate / width) * width - (xs[0] ?? 0)) / width]?.push(e.durationMs / 1000);
  }
  const sorted = durations.map((d) => d.sort((a, b) => a - b));
  return { x: xs.map((t) => t / 1000), ys: [50, 95, 99].map((p) => sorted.map((d) => percentile(d, p))) };
}

/** The most frequent errors of failed executions, most frequent first. */
export function topErrors(
  executions: readonly ExecutionSummary[],
  limit = 8,
): [error: string, count: number][] {
  const counts = new Map<string, number>();
  for (const e of executions) {
    if (e.status === 'SUCCEEDED' || e.status === 'RUNNING') continue;
    const error = e.error ?? e.status;
    counts.set(error, (counts.get(error) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
}

/** Billed transitions and estimated price per day. */
export function perDay(days: readonly DayTotal[]): Series {
  return {
    x: days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000),
    ys: [days.map((d) => d.billedTransitions), days.map((d) => d.estimatedCostUsd)],
  };
}

/** The grid's columns: every state seen, in the order the executions first entered them. */
export function stateColumns(executions: readonly ExecutionSummary[]): string[] {
  const seen = new Set<string>();
  for (const e of [...executions].reverse()) for (const name of Object.keys(e.states)) seen.add(name);
  return [...seen];
}
