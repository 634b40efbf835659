// Loaded into a benchmarked server (`node --import bench/stall-probe.ts`, by `npm run bench:http
// -- --stalls`): records when its event loop stalls, and what ran then that can stall it — V8's
// collections, SQLite's COMMITs and its WAL checkpoints (src/store/sqlite/wal-checkpoints.ts) —
// and writes them to STEPWISE_STALL_LOG as the process exits. bench/http.ts then tells
// what stalled the loop during each load (stalls.ts).
import { writeFileSync } from 'node:fs';
import { type PerformanceEntry, PerformanceObserver, constants } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { type StallEvent, STALL_MS } from './stalls.ts';
/** Collections and COMMITs at least this long (ms) are recorded. */
const RECORDED_MS = 1;

const file = process.env['STEPWISE_STALL_LOG'];
if (file) {
  const events: StallEvent[] = [];
  const epoch = (t: number): number => performance.timeOrigin + t;
  const GC_KINDS: Record<number, StallEvent['kind']> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major GC',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const detail = (e as PerformanceEntry & { detail?: { kind?: number } }).detail;
      const kind = GC_KINDS[detail?.kind ?? -1];
      if (kind && e.duration >= RECORDED_MS) events.push({ kind, at: epoch(e.startTime), ms: e.duration });
    }
  }).observe({ entryTypes: ['gc'] });
  // Each transaction's COMMIT and each checkpoint runs on the event loop (node:sqlite is synchronous).
  const { exec } = Object.getOwnPropertyDescriptors(DatabaseSync.prototype);
  const original = exec?.value as (this: DatabaseSync, sql: string) => void;
  DatabaseSync.prototype.exec = function (this: DatabaseSync, sql: string): void {
    const start = performance.now();
    try {
      original.call(this, sql);
    } finally {
      const ms = performance.now() - start;
      const kind =
        sql === 'COMMIT'
          ? 'SQLite COMMIT'
          : sql.startsWith('PRAGMA wal_checkpoint')
            ? 'SQLite checkpoint'
            : undefined;
      if (kind && ms >= RECORDED_MS) events.push({ kind, at: epoch(start), ms });
    }
  };
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const late = now - last - 1;
    if (late >= STALL_MS) events.push({ kind: 'stall', at: epoch(last + 1), ms: late });
    last = now;
  }, 1).unref();
  process.on('exit', () => writeFileSync(file, JSON.stringify(events)));
}
