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
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costLines, selfCosts } from './callgrind-functions.ts';
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
  try {
    return selfCosts(out, mapFile);
  } finally {
    rmSync(out, { force: true });
    rmSync(mapFile, { force: true });
  }
}

const child = compiled([join(import.meta.dirname, 'in-process-child.ts')])[0]!;
const once = profile(child, runs);
const twice = profile(child, 2 * runs);
const executions = runs * SPEC[name].execsPerRun;
const perExecution = new Map(
  [...new Set([...once.keys(), ...twice.keys()])].map((key) => [
    key,
    (twice.get(key) ?? 0) - (once.get(key) ?? 0),
  ]),
);
console.log(
  `${name} ${kind}: instructions per execution (runs ${runs} → ${2 * runs}${timedOnly ? ', timed work only' : ''}), by function (self)`,
);
for (const line of costLines(perExecution, executions, top)) console.log(line);
