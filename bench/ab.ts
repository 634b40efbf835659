// Paired A/B of the in-process engine between checkouts (e.g. an old commit's worktree and this
// one), built to hold up on a loaded machine: the same harness (bench/in-process-child.ts) drives
// each checkout's engine compiled to JavaScript; the checkouts' children alternate, round after
// round (the first of each round rotates), and the figure is CPU time (process.cpuUsage), which a
// busy machine disturbs less than wall time.
//
//   npm run bench:ab -- --trees /work/wt/base,. --only task-chain --types STANDARD --rounds 12
//
// Per workload and type it prints each checkout's median over rounds of the child's median
// transitions per CPU second, and against the first checkout: the median of the per-round ratios
// and how many rounds were faster; then each checkout's median peak RSS (the child's maxRSS).
//
//   npm run bench:ab -- --variants off,metrics --only task-chain --types STANDARD --runs 40
// compares what observing costs the same way: each checkout with each variant of
// bench/in-process-child.ts (plain: the engine alone; off: as a server observes with metrics off;
// metrics: and the Prometheus metrics with logging OFF, a server's default; logs: and execution
// logs ALL). Many runs a child: V8 takes a few dozen to reach its steady speed.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Kind, Observed } from './in-process-child.ts';
import { SPEC } from './in-process-child.ts';
import { childArgv, compiled, SHARED_BENCH } from './compiled.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};

const trees = opt('--trees', '.')
  .split(',')
  .map((t) => resolve(t));
const names = opt('--only', Object.keys(SPEC).join(',')).split(',');
const kinds = opt('--types', 'STANDARD,EXPRESS').split(',') as Kind[];
const rounds = Number(opt('--rounds', '10'));
const runs = opt('--runs', '5');
const variants = opt('--variants', 'plain').split(',') as Observed[];

const child = join(import.meta.dirname, 'in-process-child.ts');
/** What is compared: each checkout's compiled child with each variant. */
const arms = trees.flatMap((tree) => {
  const script = compiled([child], tree)[0]!;
  return variants.map((variant) => ({ script, variant, label: `${tree} ${variant}` }));
});

/** One child: the median transitions per CPU second of its measured runs, and its peak RSS. */
function measure(
  { script, variant }: (typeof arms)[number],
  name: string,
  kind: Kind,
): { cpu: number; rss: number } {
  const r = spawnSync(
    process.execPath,
    childArgv(script, name, kind, runs, variant, SHARED_BENCH, join(script, '..')),
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`${script} ${name} ${kind} failed:\n${r.stderr}`);
  const got = JSON.parse(line) as { transitionsPerCpuSec: { stats: number[] }; peakRssMB: number };
  return { cpu: got.transitionsPerCpuSec.stats[1]!, rss: got.peakRssMB };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

console.log(
  `node ${process.version}, ${rounds} rounds x ${runs} runs; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`compared: ${arms.map((a, i) => `[${i}] ${a.label}`).join('  ')}`);
for (const name of names) {
  for (const kind of kinds) {
    const got: number[][] = arms.map(() => []);
    const rss: number[][] = arms.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < arms.length; k++) {
        const i = (r + k) % arms.length;
        const m = measure(arms[i]!, name, kind);
        got[i]!.push(m.cpu);
        rss[i]!.push(m.rss);
      }
    }
    const cells = got.map((xs, i) => {
      if (i === 0) return `[0] ${fmt(median(xs))}`;
      const ratios = xs.map((x, r) => x / got[0]![r]!);
      const wins = ratios.filter((q) => q > 1).length;
      return `[${i}] ${fmt(median(xs))} (${median(ratios).toFixed(3)}x, ${wins}/${rounds} faster)`;
    });
    console.log(`${name.padEnd(12)} ${kind.padEnd(8)} tr/cpu-s ${cells.join('  ')}`);
    const peaks = rss.map((xs, i) => `[${i}] ${median(xs).toFixed(1)}`);
    console.log(`${''.padEnd(21)} peak RSS MB ${peaks.join('  ')}`);
  }
}
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
