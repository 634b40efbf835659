/**
 * The latest execution's runner parts, held until the next execution replaces them.
 *
 * V8 forgets a hidden class at a full GC once no object has it, and deoptimizes every function
 * optimized against it ("embedded weak objects cleared"). Each execution makes its host, step
 * runner, timers and variable scope anew and drops them when it closes, so a run of short
 * executions lost its optimized step loop at every full GC that fell between two of them (a
 * benchmark's gc() between rounds, any idle moment), then ran slowly until V8 optimized it again:
 * Standard task-chain ran at 0.74x the speed it had before the runner was split up (bench:ab).
 * Holding the latest of each keeps their classes, for the price of one closed execution kept in
 * memory until the next one starts.
 */
const kept: { parts: readonly object[] } = { parts: [] };

export function keepShapes(...parts: object[]): void {
  kept.parts = parts;
}
