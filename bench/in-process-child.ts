// One workload of `npm run bench` (bench/run.ts) in its own process: Stepwise's engine in-process,
// STANDARD (with history) or EXPRESS (no history, StartSyncExecution), as the peer's driver runs
// it: 1 warm-up run, then N measured runs of `execsPerRun` executions (sequential, or
// `concurrency` in flight); the state machine is created once. Prints one JSON line.
//
// run.ts runs this file compiled to JavaScript (bench/.work/js), as an installed Stepwise runs
// `dist/`: type stripping at load time costs the process ~30 MB of peak RSS that no user pays.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../src/engine/index.ts';
import type { Json, JsonObject } from '../src/asl/index.ts';
import type { TaskRequest, TaskResult, TaskRunner } from '../src/integrations/index.ts';
import type { ExecutionRecord } from '../src/engine/index.ts';
import { benchClock, benchEntropy } from './bench-clock.ts';

/** The longest retry pause of the workloads (retry-catch: IntervalSeconds 1, BackoffRate 1). */
export const RETRY_PAUSE_MS = 1000;

/** Transitions are counted the way AWS bills them (the peer driver's SPEC). */
export const SPEC: Record<
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

/**
 * What observes the engine. `plain`: nothing (the engine alone, as it is compared with the peer).
 * `off`: what a server observes with metrics off (STEPWISE_METRICS=false): its observability
 * modules, which it loads whatever its settings, execution logs at each machine's level (OFF
 * here) and Express billing (server/observing.ts). `metrics`: those and the Prometheus metrics, a
 * server's default. `logs`: and the machine's execution logs at level ALL, with data.
 */
export type Observed = 'plain' | 'off' | 'metrics' | 'logs';
export type Kind = 'STANDARD' | 'EXPRESS';

/** The shared workloads name one placeholder Lambda; the harness maps each Task state to a function. */
export class BenchTasks implements TaskRunner {
  readonly #attempts = new Map<string, number>();
  readonly workload: string;
  constructor(workload: string) {
    this.workload = workload;
  }
  run(request: TaskRequest): Promise<TaskResult> {
    // The other workloads' tasks are all the same function, as the peer's harness has them.
    if (this.workload === 'retry-catch') return this.#retryCatch(request);
    return BenchTasks.#increment(request);
  }

  static #increment(request: TaskRequest): Promise<TaskResult> {
    const input = request.parameters as { n?: number } | null;
    return Promise.resolve({ ok: true, output: { n: (input?.n ?? 0) + 1 } });
  }

  #retryCatch(request: TaskRequest): Promise<TaskResult> {
    const context = request.visit.context;
    const state = (context['State'] as JsonObject)['Name'] as string;
    const execution = (context['Execution'] as JsonObject)['Id'] as string;
    if (state === 'Flaky') {
      const n = (this.#attempts.get(execution) ?? 0) + 1;
      this.#attempts.set(execution, n);
      if (n <= 2) return Promise.resolve({ ok: false, error: 'Bench.Transient', cause: 'transient' });
      this.#attempts.delete(execution);
      return Promise.resolve({ ok: true, output: { ok: true, attempts: n } });
    }
    if (state === 'AlwaysFails') return Promise.resolve({ ok: false, error: 'Bench.Fatal', cause: 'boom' });
    return BenchTasks.#increment(request);
  }
}

/** Runs `run(i)` for each i below `count`, `concurrency` of them in flight at a time. */
export async function inFlight(
  count: number,
  concurrency: number,
  run: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await run(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** The engine every in-process benchmark drives, for workload `name`, without AWS's quotas. */
export function benchEngine(name: string): Engine {
  return new Engine({
    // Retry pauses (retry-catch's 1 s interval) are 0 ms, as the peer's harness has them.
    clock: benchClock(RETRY_PAUSE_MS),
    entropy: benchEntropy,
    tasks: new BenchTasks(name),
    region: 'us-east-1',
    account: '123456789012',
    // map-fanout's input (277 KB) is over AWS's 256 KiB quota; the peer has no quota at all.
    payloadLimitBytes: Number.POSITIVE_INFINITY,
    // choice-loop runs past AWS's 25,000 history events in one execution; the peer has no such limit.
    historyLimit: Number.POSITIVE_INFINITY,
  });
}

/**
 * This process's own peak RSS in MB: Linux's VmHWM, counted from its exec. `maxRSS` (getrusage)
 * starts at the RSS of the process that spawned it (the fork before the exec carries its
 * high-water mark over): a child of run.ts, grown by compiling the sources, read >= ~128 MB
 * whatever it used. The peer's children are spawned by its small driver.
 */
function peakRssMB(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return +(Number(kb) / 1024).toFixed(1);
  } catch {
    // Not Linux: the rusage figure, as the peer's driver reads it.
  }
  return +(process.resourceUsage().maxRSS / 1024).toFixed(1);
}

/** The samples with their minimum, median and maximum. */
export function stats(xs: number[]): { samples: number[]; stats: number[] } {
  const s = [...xs].sort((a, b) => a - b);
  return { samples: xs, stats: [s[0] ?? 0, s[Math.floor(s.length / 2)] ?? 0, s[s.length - 1] ?? 0] };
}

async function child(
  name: string,
  kind: Kind,
  runs: number,
  observed: Observed,
  shared: string,
  work: string,
): Promise<void> {
  const spec = SPEC[name]!;
  const wl = spec.workload ?? name;
  const dir = join(shared, 'workloads');
  const definition = readFileSync(join(dir, `${wl}.asl.json`), 'utf8');
  const input = JSON.parse(readFileSync(join(dir, `${wl}.input.json`), 'utf8')) as JsonObject;
  const engine = benchEngine(name);
  // The observed variants observe as a server does, in its order (server/observing.ts); the plain
  // run's heap holds the engine alone.
  const observability = observed === 'plain' ? undefined : await import('../src/observability/index.ts');
  if (observability && observed !== 'off')
    new observability.Metrics(() => engine, { process: false }).watch(engine);
  const logs =
    observability &&
    new observability.ExecutionLogs({ destination: { file: join(work, `${name}.log.jsonl`) } });
  if (logs) engine.observe(logs);
  if (observability) engine.observe(new observability.ExpressBilling());
  const sm = engine.createStateMachine({
    ...(observed === 'logs'
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
    type: kind,
    definition,
    roleArn: 'arn:aws:iam::123456789012:role/bench',
  });
  const arn = sm.stateMachineArn;
  const runOnce = async (inp: Json): Promise<void> => {
    const text = JSON.stringify(inp);
    let done: ExecutionRecord;
    if (kind === 'EXPRESS') {
      done = await engine.startSyncExecution({ stateMachineArn: arn, input: text });
    } else {
      const started = engine.startExecution({ stateMachineArn: arn, input: text });
      done = await engine.waitForExecution(started.executionArn);
    }
    if (done.status !== 'SUCCEEDED') throw new Error(`${name}: ${done.status} ${done.error} ${done.cause}`);
  };
  const oneRun = async (): Promise<void> => {
    if (spec.concurrency) {
      await inFlight(spec.execsPerRun, spec.concurrency, (i) => runOnce({ ...input, id: `x-${i}` }));
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
  gc();
  const perRun = spec.transitions * spec.execsPerRun;
  process.stdout.write(
    `${JSON.stringify({
      name,
      kind,
      transitionsPerSec: stats(wall.map((ms) => (perRun / ms) * 1000)),
      execsPerSec: stats(wall.map((ms) => (spec.execsPerRun / ms) * 1000)),
      transitionsPerCpuSec: stats(cpu.map((ms) => (perRun / ms) * 1000)),
      peakRssMB: peakRssMB(),
      heapAfterMB: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1),
    })}\n`,
  );
}

if (process.argv[2] === '--child') {
  const [, , , name, kind, runs, observed, shared, work] = process.argv;
  await child(name!, kind as Kind, Number(runs), observed as Observed, shared!, work!);
}
