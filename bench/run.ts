// Side-by-side benchmark: Stepwise's engine in-process, EXPRESS (no history) and STANDARD (with
// history), vs the peer `aws-local-stepfunctions`, on the shared workloads
// (../shared/bench/workloads), in one run on one machine.
//
//   npm run bench                      all workloads, 5 measured runs each, in 3 processes
//   npm run bench -- --only pass-chain,parallel --runs 3
//   npm run bench -- --types STANDARD  one type only (EXPRESS,STANDARD by default)
//   npm run bench -- --warm 20         both engines warmed up by 20 more runs first (the same
//                                      processes run them before the measured ones): the speed
//                                      of a warm engine: the default's 5 runs after 1 warm-up
//                                      are short (task-chain: ~10 ms each), and V8 is still
//                                      optimizing the hot code during the first of them
//   npm run bench -- --processes 1     each workload (ours and the peer's) in 1 process, not 3 one
//                                      after the other with the middle one's figures reported (a
//                                      process's figures vary by up to ±30% from one to the next,
//                                      as V8 happens to optimize it, far more than its runs do)
//   npm run bench -- --metrics         also each Standard workload observed as a server observes
//                                      it with metrics off, then on (its default)
//   npm run bench -- --logs            the same, on meaning metrics and execution logs (level
//                                      ALL, with data) written to a file in bench/.work
// The observed variants run right after the plain one, and compare CPU time per transition as
// well as wall time: on a shared machine the CPU time of the process varies less. What they cost
// is against metrics off (`off` in bench/in-process-child.ts), not against the engine alone: a
// server loads its observability modules and observes every execution whatever its settings.
//
// Method (same as the peer's driver, so the ratio is fair): each workload runs in its own child
// process with --expose-gc (bench/in-process-child.ts) and the V8 flags the installed `stepwise`
// runs with (bin/stepwise.js: the young generation capped at 4 MB semi-spaces); 1 warm-up run,
// then N measured runs; a run executes the workload `execsPerRun` times (sequentially, or
// `concurrency` in flight); the state machine is created once. The children run Stepwise
// compiled to JavaScript, as the installed package runs `dist/` (and the peer its published
// bundle).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kind, Observed } from './in-process-child.ts';
import { SPEC, stats } from './in-process-child.ts';
import { childArgv, compiled, SHARED_BENCH, WORK } from './compiled.ts';

const ROOT = resolve(import.meta.dirname, '..');

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};

interface Sample {
  name: string;
  transitionsPerSec: { samples: number[]; stats: number[] };
  /** Transitions per second of the process's CPU time (ours only). */
  transitionsPerCpuSec?: { stats: number[] };
  execsPerSec: { stats: number[] };
  peakRssMB: number;
}

/** The child harness, compiled with the sources (compiled.ts). */
const compile = (): string => compiled([join(ROOT, 'bench', 'in-process-child.ts')])[0]!;

function ours(script: string, name: string, kind: Kind, runs: string, observed: Observed = 'plain'): Sample {
  const r = spawnSync(process.execPath, childArgv(script, name, kind, runs, observed, SHARED_BENCH, WORK), {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`stepwise ${name} ${kind} failed:\n${r.stderr}`);
  return JSON.parse(line) as Sample;
}

/** The peer's driver, run from a private copy (shared/ is read-only; npm ci writes node_modules). */
function peer(names: string[], runs: string): Map<string, Sample> {
  const copy = join(WORK, 'shared-bench');
  if (!existsSync(join(copy, 'peers', 'aws-local-stepfunctions', 'node_modules'))) {
    mkdirSync(copy, { recursive: true });
    cpSync(join(SHARED_BENCH, 'workloads'), join(copy, 'workloads'), { recursive: true });
    cpSync(join(SHARED_BENCH, 'peers'), join(copy, 'peers'), { recursive: true });
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: join(copy, 'peers', 'aws-local-stepfunctions'),
      stdio: 'inherit',
    });
  }
  const r = spawnSync(process.execPath, ['bench.mjs', '--json', '--runs', runs, '--only', names.join(',')], {
    cwd: join(copy, 'peers', 'aws-local-stepfunctions'),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`peer failed:\n${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as { results: Sample[] };
  return new Map(parsed.results.filter((s) => s.transitionsPerSec).map((s) => [s.name, s]));
}

const median = (s: Sample): number => s.transitionsPerSec.stats[1]!;

/** `sample` with its rates' statistics over its last `runs` runs only (those after `--warm`'s). */
function lastRuns(sample: Sample, runs: number): Sample {
  return { ...sample, transitionsPerSec: stats(sample.transitionsPerSec.samples.slice(-runs)) };
}

/** Of one workload's samples from separate processes, the one with the middle median rate. */
const middle = (samples: readonly Sample[]): Sample =>
  [...samples].sort((a, b) => median(a) - median(b))[samples.length >> 1]!;

/** Appends `sample` to the samples kept under `key`. */
function add(to: Map<string, Sample[]>, key: string, sample: Sample): void {
  const kept = to.get(key);
  if (kept) kept.push(sample);
  else to.set(key, [sample]);
}
const geomean = (xs: number[]): number => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

function main(): void {
  const runs = opt('--runs', '5');
  const warm = Math.max(0, Number(opt('--warm', '0')));
  // Each child runs its 1 warm-up, then `warm` runs left out of the figures, then `runs` measured.
  const childRuns = String(Number(runs) + warm);
  const measured = (sample: Sample): Sample => (warm > 0 ? lastRuns(sample, Number(runs)) : sample);
  const only = opt('--only', '');
  const names = Object.keys(SPEC).filter((n) => !only || only.split(',').includes(n));
  const kinds = opt('--types', 'EXPRESS,STANDARD').split(',') as Kind[];
  // With --metrics or --logs each Standard workload runs without, then with them, back to back:
  // the machine's load drifts less between the two than across the whole run.
  const variant: Observed | undefined = args.includes('--logs')
    ? 'logs'
    : args.includes('--metrics')
      ? 'metrics'
      : undefined;
  const script = compile();
  const offRuns = new Map<string, Sample>();
  const observedRuns = new Map<string, Sample>();
  const processes = Math.max(1, Number(opt('--processes', '3')));
  const ourSamples = new Map<string, Sample[]>();
  const theirSamples = new Map<string, Sample[]>();
  // Round after round, ours then the peer's: the machine's load drifts alike for both.
  for (let round = 0; round < processes; round++) {
    for (const name of names) {
      for (const kind of kinds)
        add(ourSamples, `${name} ${kind}`, measured(ours(script, name, kind, childRuns)));
      if (!variant || round > 0) continue;
      offRuns.set(name, ours(script, name, 'STANDARD', runs, 'off'));
      observedRuns.set(name, ours(script, name, 'STANDARD', runs, variant));
    }
    for (const [name, sample] of peer(names, childRuns)) add(theirSamples, name, measured(sample));
  }
  const mine = new Map([...ourSamples].map(([key, samples]) => [key, middle(samples)]));
  const theirs = new Map([...theirSamples].map(([key, samples]) => [key, middle(samples)]));
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(
    `node ${process.version}, ${runs} measured runs per workload` +
      `${warm > 0 ? ` after ${warm + 1} warm-up runs` : ''}` +
      `${processes > 1 ? `, the middle of ${processes} processes` : ''}; medians of transitions/s (wall)`,
  );
  const head = kinds.map((k) => `${k.toLowerCase().padStart(12)} tr/s   ratio`).join('');
  const rss = kinds.map((k) => k[0]).join('/');
  console.log(`workload       ${head}    peer tr/s   peak RSS MB (${rss}/peer)`);
  const ratios = new Map<Kind, number[]>(kinds.map((k) => [k, []]));
  for (const name of names) {
    const b = theirs.get(name);
    const cells = kinds.map((kind) => {
      const a = median(mine.get(`${name} ${kind}`)!);
      if (b) ratios.get(kind)!.push(a / median(b));
      return `${fmt(a).padStart(17)} ${(b ? `${(a / median(b)).toFixed(1)}x` : '').padStart(7)}`;
    });
    const peaks = kinds.map((kind) => mine.get(`${name} ${kind}`)!.peakRssMB);
    console.log(
      `${name.padEnd(14)} ${cells.join('')} ${(b ? fmt(median(b)) : 'n/a').padStart(12)}   ${[...peaks, b?.peakRssMB ?? '?'].join('/')}`,
    );
  }
  const means = kinds.map((k) => `${`${geomean(ratios.get(k)!).toFixed(1)}x`.padStart(25)}`);
  console.log(`${'geometric mean'.padEnd(14)} ${means.join('')}`);
  if (!variant) return;
  const change = (a: number, b: number): string => `${(((b - a) / a) * 100).toFixed(1)}%`.padStart(8);
  console.log(
    `\nwith ${variant.padEnd(9)}   off tr/s  ${variant.padStart(7)} tr/s   change     off tr/cpu-s  ${variant.padStart(7)} tr/cpu-s   change`,
  );
  for (const name of names) {
    const a = offRuns.get(name)!;
    const b = observedRuns.get(name)!;
    const [wa, wb] = [median(a), median(b)];
    const [ca, cb] = [a.transitionsPerCpuSec?.stats[1] ?? 0, b.transitionsPerCpuSec?.stats[1] ?? 0];
    console.log(
      `${name.padEnd(14)} ${fmt(wa).padStart(10)} ${fmt(wb).padStart(12)} ${change(wa, wb)} ${fmt(ca).padStart(15)} ${fmt(cb).padStart(15)} ${change(ca, cb)}`,
    );
  }
}

// `--compile-only` prints the compiled child's path (to run, profile or compare one child by hand).
if (args.includes('--compile-only')) console.log(compile());
else main();
