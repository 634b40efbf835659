/**
 * The latest object of each class a run makes anew (the execution's host, step runner, timers and
 * variable scope; a Map run's items), held until the next one of its class replaces it.
 *
 * V8 forgets a hidden class at a full GC once no object has it, and deoptimizes every function
 * optimized against it ("embedded weak objects cleared"). A run of short executions dropped all
 * of these between two executions, so it lost its optimized step loop at every full GC that fell
 * there (a benchmark's gc() between rounds, any idle moment), then ran slowly until V8 optimized
 * it again: Standard task-chain ran at 0.74x the speed it had before the runner was split up
 * (bench:ab). Holding the latest of each keeps their classes, for the price of one closed
 * execution kept in memory until the next one starts. Observers that make an object per
 * execution keep theirs the same way (the metrics' ExecutionMetrics: without it, metrics cost
 * task-chain 36% of its CPU in bench/observability.ts; with it, 0–9%). A plain object made
 * once a run (a Map's result) loses its class the same way.
 */
const kept = new Map<unknown, object>();

/**
 * Holds `latest` until the next object of its kind: its class by default; plain objects name a
 * kind of their own (their maker), or they would displace each other.
 */
export function keepShape(latest: object, kind: unknown = latest.constructor): void {
  kept.set(kind, latest);
}

/**
 * keepShape's hold for a class made at every start (an observer's per execution): one property
 * store, where keepShape costs a Map lookup by constructor. Many-small (100 in flight, 3 states
 * each) paid it twice a start with the metrics on.
 */
export class Kept<T extends object> {
  latest: T | undefined = undefined;
}
