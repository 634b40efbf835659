// What stalled a benchmarked server's event loop during a load: the stalls bench/stall-probe.ts
// recorded in the server, each put down to what overlapped it (a collection, a COMMIT, a checkpoint) or to
// nothing recorded ("other": the server's own work, or the kernel).

/** How late (ms) the probe's 1 ms timer must fire for a stall to be recorded. */
export const STALL_MS = 5;

/** One record of stall-probe.ts: epoch ms and duration. */
export interface StallEvent {
  readonly kind:
    | 'stall'
    | 'scavenge'
    | 'major GC'
    | 'incremental marking'
    | 'weak callbacks'
    | 'SQLite COMMIT'
    | 'SQLite checkpoint';
  readonly at: number;
  readonly ms: number;
}

export interface Stalls {
  /** Stalls of at least STALL_MS in the window. */
  readonly count: number;
  readonly totalMs: number;
  readonly maxMs: number;
  /** Stalls by what overlapped them (a stall with several causes counts under the longest). */
  readonly by: Readonly<Record<string, number>>;
}

/** The stalls among `events` within `[from, to]` (epoch ms), and what overlapped each. */
export function stallsWithin(events: readonly StallEvent[], from: number, to: number): Stalls {
  const causes = events.filter((e) => e.kind !== 'stall');
  const by: Record<string, number> = {};
  let count = 0;
  let totalMs = 0;
  let maxMs = 0;
  for (const s of events) {
    if (s.kind !== 'stall' || s.at < from || s.at > to) continue;
    count++;
    totalMs += s.ms;
    maxMs = Math.max(maxMs, s.ms);
    let cause: StallEvent | undefined;
    for (const c of causes)
      if (c.at < s.at + s.ms && c.at + c.ms > s.at && (!cause || c.ms > cause.ms)) cause = c;
    const name = cause?.kind ?? 'other';
    by[name] = (by[name] ?? 0) + 1;
  }
  return { count, totalMs: Math.round(totalMs), maxMs: Math.round(maxMs * 10) / 10, by };
}

/** One line: `12 stalls ≥ 5 ms (186 ms, max 24.0): 7 major GC, 3 other, …`. */
export function describeStalls(s: Stalls): string {
  const causes = Object.entries(s.by)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  return `${s.count} stalls ≥ ${STALL_MS} ms (${s.totalMs} ms, max ${s.maxMs})${causes ? `: ${causes}` : ''}`;
}
