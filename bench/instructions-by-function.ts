// Where one workload's instructions go, function by function, JavaScript included (a tool, not a
// test): the compiled child harness (bench/in-process-child.ts) runs the workload under
// `valgrind --tool=callgrind` with `node --predictable --perf-basic-prof` twice, R and 2R runs
// after its warm-up, and the difference is printed per execution and per function: V8's builtins
// and runtime by their symbols, compiled JavaScript by the names --perf-basic-prof writes to
// /tmp/perf-PID.map (callgrind sees code made at run time by its address only; `*` marks
// optimized code, `+` baseline). Deterministic, like bench:http-instructions, it shows the slow
// paths of V8 that a sampling profile charges to their callers: inline-cache calls from optimized
// code, generic lookups (a promise resolved with an object looks up its `then`), hashing. The
// harness's full collection before each run counts too (the marking and sweeping), as does V8
// still compiling: more runs (--runs) leave less of that. `--timed-only` leaves the full
// collections out (the child runs without --expose-gc): what is left is the work of the timed runs.
//
//   npm run bench:functions -- task-chain STANDARD              the top 40, R = 3
//   npm run bench:functions -- many-small EXPRESS --runs 2 --top 80
//
// Needs valgrind (Debian: apt-get install -y valgrind); a workload takes a minute or two.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childArgv, compiled, SHARED_BENCH, WORK } from './compiled.ts';
import { type Kind, SPEC } from './in-process-child.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const [name, kind] = args as [string | undefined, Kind | undefined];
if (!name || !SPEC[name] || (kind !== 'STANDARD' && kind !== 'EXPRESS')) {
  console.error(`usage: npm run bench:functions -- <${Object.keys(SPEC).join('|')}> <STANDARD|EXPRESS>`);
  process.exit(2);
}
const runs = Number(option('runs', '3'));
const top = Number(option('top', '40'));
// Without `gc` the harness collects nothing between runs (in-process-child.ts).
const timedOnly = args.includes('--timed-only');

interface CodeRange {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** The instructions of each function (self cost) of one child run `r` times. */
function profile(child: string, r: number): Map<string, number> {
  const out = join(tmpdir(), `stepwise-functions-${process.pid}-${r}.out`);
  const run = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}`,
      process.execPath,
      '--predictable',
      '--perf-basic-prof',
      ...childArgv(child, name!, kind!, String(r), 'plain', SHARED_BENCH, WORK).filter(
        (flag) => !timedOnly || flag !== '--expose-gc',
      ),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
  );
  if (run.status !== 0) throw new Error(`callgrind failed: ${run.stderr}`);
  const pid = /^==(\d+)==/m.exec(run.stderr)?.[1];
  const mapFile = join('/tmp', `perf-${pid}.map`);
  const code = codeRanges(readFileSync(mapFile, 'utf8'));
  const annotated = spawnSync('callgrind_annotate', ['--threshold=100', out], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  rmSync(out, { force: true });
  rmSync(mapFile, { force: true });
  const costs = new Map<string, number>();
  for (const line of annotated.stdout.split('\n')) {
    const m = /^\s*([\d,]+) \(.*?\)\s+(.*)$/.exec(line);
    if (!m) continue;
    const key = functionName(m[2]!, code);
    costs.set(key, (costs.get(key) ?? 0) + Number(m[1]!.replaceAll(',', '')));
  }
  return costs;
}

function codeRanges(map: string): CodeRange[] {
  const ranges = map
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [start, size, ...rest] = line.split(' ');
      const from = Number.parseInt(start!, 16);
      return { start: from, end: from + Number.parseInt(size!, 16), name: rest.join(' ') };
    });
  return ranges;
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
      if (at >= c.start && at < c.end) names.add(c.name.replace(/file:\/\/\S*\/bench\/\.work\/js\//, ''));
    }
    if (names.size > 0) return `JS ${[...names].reverse().join(' | ')}`;
  }
  return raw.replace(/^\?\?\?:/, '').replace(/ \[\/\S+\]$/, '');
}

const child = compiled([join(import.meta.dirname, 'in-process-child.ts')])[0]!;
const once = profile(child, runs);
const twice = profile(child, 2 * runs);
const executions = runs * SPEC[name].execsPerRun;
const perExecution = [...new Set([...once.keys(), ...twice.keys()])]
  .map((key) => ({ key, cost: ((twice.get(key) ?? 0) - (once.get(key) ?? 0)) / executions }))
  .sort((a, b) => b.cost - a.cost);
console.log(
  `${name} ${kind}: instructions per execution (runs ${runs} → ${2 * runs}${timedOnly ? ', timed work only' : ''}), by function (self)`,
);
for (const { key, cost } of perExecution.slice(0, top)) {
  console.log(`${Math.round(cost).toLocaleString('en-US').padStart(12)}  ${key.slice(0, 150)}`);
}
