// Side-by-side benchmark: Stepwise's engine in-process vs the peer `aws-local-stepfunctions`,
// on the shared workloads (../shared/bench/workloads), in one run on one machine.
//
//   npm run bench                      all workloads, 5 measured runs each
//   npm run bench -- --only pass-chain,parallel --runs 3
//   npm run bench -- --metrics         also each workload with the Prometheus metrics observing
//   npm run bench -- --logs            also each workload with metrics and execution logs (level
//                                      ALL, with data) written to a file in bench/.work
// The observed variants run right after the plain one, and compare CPU time per transition as
// well as wall time: on a shared machine the CPU time of the process varies less.
//
// Method (same as the peer's driver, so the ratio is fair): each workload runs in its own child
// process with --expose-gc; 1 warm-up run, then N measured runs; a run executes the workload
// `execsPerRun` times (sequentially, or `concurrency` in flight); the state machine is created
// once. Transitions are counted the way AWS bills them (the peer driver's SPEC).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../src/engine/index.ts';
import type { Json, JsonObject } from '../src/asl/index.ts';
import type { TaskRequest, TaskResult, TaskRunner } from '../src/integrations/index.ts';
import type { Clock, Entropy } from '../src/engine/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED_BENCH = resolve(process.env['STEPWISE_SHARED'] ?? join(ROOT, '..', 'shared'), 'bench');
const WORK = join(ROOT, 'bench', '.work');
/** The longest retry pause of the workloads (retry-catch: IntervalSeconds 1, BackoffRate 1). */
const RETRY_PAUSE_MS = 1000;

const SPEC: Record<
  string,
  { execsPerRun: number; transitions: number; concurrency?: number; workload?: string }
> = {
  'pass-chain': { execsPerRun: 100, transitions: 100 },
  'choice-loop': { execsPerRun: 1, transitions: 20002 },
  'map-fanout': { execsPerRun: 1, transitions: 30001 },
  parallel: { execsPerRun: 100, transitions: 101 },
  intrinsics: { execsPerRun: 200, transitions: 10 },
  'task-chain': { execsPerRun: 100, transitions: 100 },
  'retry-catch': { execsPerRun: 1000, transitions: 6 },
  'many-small': { execsPerRun: 10000, transitions: 3, concurrency: 100, workload: 'small-exec' },
};

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};

interface Sample {
  name: string;
  transitionsPerSec: { stats: number[] };
  /** Transitions per second of the process's CPU time (ours only). */
  transitionsPerCpuSec?: { stats: number[] };
  execsPerSec: { stats: number[] };
  peakRssMB: number;
}

/**
 * The harness makes its own clock and entropy instead of importing the server's: loading the
 * composition root (the AWS SDK clients, OpenTelemetry, prom-client) doubles the heap after
 * start-up (15 → 28 MB) and costs the in-process engine 10–20% of its throughput in GC, a cost of
 * the server process rather than of the engine measured here.
 */
const entropy: Entropy = { uuid: () => randomUUID(), random: () => Math.random() };

/** The shared workloads name one placeholder Lambda; the harness maps each Task state to a function. */
class BenchTasks implements TaskRunner {
  readonly #attempts = new Map<string, number>();
  readonly workload: string;
  constructor(workload: string) {
    this.workload = workload;
  }
  run(request: TaskRequest): Promise<TaskResult> {
    const state = (request.context['State'] as JsonObject)['Name'] as string;
    const execution = (request.context['Execution'] as JsonObject)['Id'] as string;
    if (this.workload === 'retry-catch' && state === 'Flaky') {
      const n = (this.#attempts.get(execution) ?? 0) + 1;
      this.#attempts.set(execution, n);
      if (n <= 2) return Promise.resolve({ ok: false, error: 'Bench.Transient', cause: 'transient' });
      this.#attempts.delete(execution);
      return Promise.resolve({ ok: true, output: { ok: true, attempts: n } });
    }
    if (this.workload === 'retry-catch' && state === 'AlwaysFails') {
      return Promise.resolve({ ok: false, error: 'Bench.Fatal', cause: 'boom' });
    }
    const input = request.parameters as { n?: number } | null;
    return Promise.resolve({ ok: true, output: { n: (input?.n ?? 0) + 1 } });
  }
}

function stats(xs: number[]): { samples: number[]; stats: number[] } {
  const s = [...xs].sort((a, b) => a - b);
  return { samples: xs, stats: [s[0] ?? 0, s[Math.floor(s.length / 2)] ?? 0, s[s.length - 1] ?? 0] };
}

/** What observes the engine in a child: nothing, metrics, or metrics and execution logs (ALL). */
type Observed = 'plain' | 'metrics' | 'logs';

async function child(name: string, runs: number, observed: Observed): Promise<void> {
  const spec = SPEC[name]!;
  const wl = spec.workload ?? name;
  const dir = join(SHARED_BENCH, 'workloads');
  const definition = readFileSync(join(dir, `${wl}.asl.json`), 'utf8');
  const input = JSON.parse(readFileSync(join(dir, `${wl}.input.json`), 'utf8')) as JsonObject;
  // The real clock, but retry pauses (retry-catch's 1 s interval) are 0 ms, as the peer's harness
  // has them (retryIntervalOverrides). Longer sleeps stay real: every Standard execution sleeps on
  // its one-year deadline (AWS quota), which must not fire at once.
  const clock: Clock = {
    now: () => Date.now(),
    sleep: (ms, signal) =>
      ms <= RETRY_PAUSE_MS || signal.aborted
        ? Promise.resolve()
        : new Promise((done) => {
            // Capped at Node's longest timer: no run of this harness lasts 24 days.
            const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
            signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
          }),
    tick: () => new Promise((done) => setImmediate(done)),
  };
  const engine = new Engine({
    clock,
    entropy,
    tasks: new BenchTasks(name),
    region: 'us-east-1',
    account: '123456789012',
    // map-fanout's input (277 KB) is over AWS's 256 KiB quota; the peer has no quota at all.
    payloadLimitBytes: Number.POSITIVE_INFINITY,
    // choice-loop runs past AWS's 25,000 history events in one execution; the peer has no such limit.
    historyLimit: Number.POSITIVE_INFINITY,
  });
  // What a server adds with metrics on (the default) and logging OFF: one observer of every event.
  // Loaded only for the observed variants: the plain run's heap holds the engine alone (see
  // `entropy` above).
  const observability = observed === 'plain' ? undefined : await import('../src/observability/index.ts');
  if (observability) new observability.Metrics(() => engine, { process: false }).watch(engine);
  const logs =
    observability && observed === 'logs'
      ? new observability.ExecutionLogs({ destination: { file: join(WORK, `${name}.log.jsonl`) } })
      : undefined;
  if (logs) engine.observe(logs);
  const sm = engine.createStateMachine({
    ...(logs
      ? {
          loggingConfiguration: {
            level: 'ALL',
            includeExecutionData: true,
            destinations: [
              {
                cloudWatchLogsLogGroup: {
                  logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:bench:*',
                },
              },
            ],
          },
        }
      : {}),
    name: wl,
    definition,
    roleArn: 'arn:aws:iam::123456789012:role/bench',
  });
  const runOnce = async (inp: Json): Promise<void> => {
    const started = engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      input: JSON.stringify(inp),
    });
    const done = await engine.waitForExecution(started.executionArn);
    if (done.status !== 'SUCCEEDED') throw new Error(`${name}: ${done.status} ${done.error} ${done.cause}`);
  };
  const oneRun = async (): Promise<void> => {
    if (spec.concurrency) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < spec.execsPerRun) {
          const i = next++;
          await runOnce({ ...input, id: `x-${i}` });
        }
      };
      await Promise.all(Array.from({ length: spec.concurrency }, worker));
    } else {
      for (let i = 0; i < spec.execsPerRun; i++) await runOnce(input);
    }
  };
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  await oneRun();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    gc();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await oneRun();
    await logs?.flush();
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - t0);
  }
  const perRun = spec.transitions * spec.execsPerRun;
  process.stdout.write(
    `${JSON.stringify({
      name,
      transitionsPerSec: stats(wall.map((ms) => (perRun / ms) * 1000)),
      execsPerSec: stats(wall.map((ms) => (spec.execsPerRun / ms) * 1000)),
      transitionsPerCpuSec: stats(cpu.map((ms) => (perRun / ms) * 1000)),
      peakRssMB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
    })}\n`,
  );
}

function ours(names: string[], runs: string, observed: Observed = 'plain'): Map<string, Sample> {
  const out = new Map<string, Sample>();
  for (const name of names) {
    const r = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        fileURLToPath(import.meta.url),
        '--child',
        name,
        '--runs',
        runs,
        '--observed',
        observed,
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    const line = r.stdout.trim().split('\n').pop();
    if (r.status !== 0 || !line) throw new Error(`stepwise ${name} failed:\n${r.stderr}`);
    out.set(name, JSON.parse(line) as Sample);
  }
  return out;
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

async function main(): Promise<void> {
  if (args[0] === '--child')
    return child(args[1]!, Number(opt('--runs', '5')), opt('--observed', 'plain') as Observed);
  const runs = opt('--runs', '5');
  const only = opt('--only', '');
  const names = Object.keys(SPEC).filter((n) => !only || only.split(',').includes(n));
  // With --metrics or --logs each workload runs without, then with them, back to back: the
  // machine's load drifts less between the two than across the whole run.
  const variant: Observed | undefined = args.includes('--logs')
    ? 'logs'
    : args.includes('--metrics')
      ? 'metrics'
      : undefined;
  const observedRuns = new Map<string, Sample>();
  const mine = new Map<string, Sample>();
  for (const name of names) {
    mine.set(name, ours([name], runs).get(name)!);
    if (variant) observedRuns.set(name, ours([name], runs, variant).get(name)!);
  }
  const theirs = peer(names, runs);
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`node ${process.version}, ${runs} measured runs per workload; medians of transitions/s`);
  console.log('workload       stepwise tr/s   peer tr/s   ratio   stepwise execs/s   peak RSS MB (sw/peer)');
  for (const name of names) {
    const a = mine.get(name)!;
    const b = theirs.get(name);
    const sa = a.transitionsPerSec.stats[1]!;
    const sb = b?.transitionsPerSec.stats[1];
    console.log(
      `${name.padEnd(14)} ${fmt(sa).padStart(13)} ${(sb ? fmt(sb) : 'n/a').padStart(11)} ${(sb ? `${(sa / sb).toFixed(1)}x` : '').padStart(7)} ${fmt(a.execsPerSec.stats[1]!).padStart(18)}   ${a.peakRssMB}/${b?.peakRssMB ?? '?'}`,
    );
  }
  if (!variant) return;
  const change = (a: number, b: number): string => `${(((b - a) / a) * 100).toFixed(1)}%`.padStart(8);
  console.log(
    `\nwith ${variant.padEnd(9)} plain tr/s  ${variant.padStart(7)} tr/s   change   plain tr/cpu-s  ${variant.padStart(7)} tr/cpu-s   change`,
  );
  for (const name of names) {
    const a = mine.get(name)!;
    const b = observedRuns.get(name)!;
    const [wa, wb] = [a.transitionsPerSec.stats[1]!, b.transitionsPerSec.stats[1]!];
    const [ca, cb] = [a.transitionsPerCpuSec?.stats[1] ?? 0, b.transitionsPerCpuSec?.stats[1] ?? 0];
    console.log(
      `${name.padEnd(14)} ${fmt(wa).padStart(10)} ${fmt(wb).padStart(12)} ${change(wa, wb)} ${fmt(ca).padStart(15)} ${fmt(cb).padStart(15)} ${change(ca, cb)}`,
    );
  }
}

await main();
