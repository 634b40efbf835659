// Instructions by function from a callgrind profile of `node --perf-basic-prof` (for the benchmark
// tools bench/instructions-by-function.ts and bench/http-instructions.ts): V8's builtins and
// runtime by their symbols, compiled JavaScript by the names --perf-basic-prof wrote to
// /tmp/perf-PID.map (callgrind sees code made at run time by its address only; `*` marks
// optimized code, `+` baseline, `^` Maglev).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** The inclusive cost of V8 compiling optimized code in the calling thread (`--predictable` compiles there). */
const COMPILING =
  /^(v8::internal::Compiler::CompileOptimized|v8::internal::maglev::MaglevCompiler::Compile)\(/;

/** A profile's instructions in all, and V8's compiling of optimized code among them. */
export interface Totals {
  readonly total: number;
  readonly compiling: number;
}

/** The self cost of each function in callgrind output `out`, JavaScript named from perf map `map`. */
export function selfCosts(out: string, map: string): Map<string, number> {
  const code = codeRanges(readFileSync(map, 'utf8'));
  const costs = new Map<string, number>();
  for (const [name, cost] of annotated(out, false)) {
    const key = functionName(name, code);
    costs.set(key, (costs.get(key) ?? 0) + cost);
  }
  return costs;
}

/** All of `out`'s instructions, and those of V8 compiling optimized code (inclusive). */
export function totals(out: string): Totals {
  let total = 0;
  let compiling = 0;
  for (const [name, cost] of annotated(out, true)) {
    if (name === 'PROGRAM TOTALS') total = cost;
    else if (COMPILING.test(name.replace(/^\?\?\?:/, ''))) compiling += cost;
  }
  return { total, compiling };
}

/** callgrind_annotate's lines of `out`: each function's name and cost (self or inclusive). */
function annotated(out: string, inclusive: boolean): [string, number][] {
  const run = spawnSync(
    'callgrind_annotate',
    ['--threshold=100', ...(inclusive ? ['--inclusive=yes'] : []), out],
    { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 },
  );
  if (run.status !== 0) throw new Error(`callgrind_annotate failed: ${run.stderr}`);
  const lines: [string, number][] = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^\s*([\d,]+) \(.*?\)\s+(.*)$/.exec(line);
    if (m) lines.push([m[2]!, Number(m[1]!.replaceAll(',', ''))]);
  }
  return lines;
}

function codeRanges(map: string): CodeRange[] {
  return map
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [start, size, ...rest] = line.split(' ');
      const from = Number.parseInt(start!, 16);
      return { start: from, end: from + Number.parseInt(size!, 16), name: rest.join(' ') };
    });
}

/** A callgrind function name, with code made at run time named from the perf map. */
function functionName(raw: string, code: readonly CodeRange[]): string {
  const address = /^\?\?\?:0x([0-9a-f]+) /.exec(raw)?.[1];
  if (address !== undefined) {
    const at = Number.parseInt(address, 16);
    // V8 reuses the space of code it freed, so an address may lie in the ranges of several
    // functions, one after the other: all are named, the latest made first (the map is in the
    // order code was made), for callgrind cannot tell which of them ran.
    const names = new Set<string>();
    for (const c of code) {
      if (at >= c.start && at < c.end)
        names.add(c.name.replace(/file:\/\/\S*\/(bench\/\.work\/js\/)?(?=src\/|bench\/)/, ''));
    }
    if (names.size > 0) return `JS ${[...names].reverse().join(' | ')}`;
  }
  return raw.replace(/^\?\?\?:/, '').replace(/ \[\/\S+\]$/, '');
}

/** The top `top` of `costs` divided by `per`, a line each. */
export function costLines(costs: ReadonlyMap<string, number>, per: number, top: number): string[] {
  return [...costs]
    .map(([key, cost]) => ({ key, cost: cost / per }))
    .sort((a, b) => b.cost - a.cost)
    .slice(0, top)
    .map(({ key, cost }) => `${Math.round(cost).toLocaleString('en-US').padStart(12)}  ${key.slice(0, 150)}`);
}
