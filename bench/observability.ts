// What observing executions costs, measured in one process so that a shared machine's load
// drifts alike for every variant: rounds of the same workload alternate between no observer,
// the Prometheus metrics (a server's default, logging OFF) and metrics with execution logs at
// level ALL with data (to a file), each round attaching and detaching its observers. The
// workloads are `npm run bench`'s (bench/in-process-child.ts's SPEC), Standard and Express.
//
//   npm run bench:observability                       every workload, both types; 15 rounds
//   npm run bench:observability -- --rounds 30 --only task-chain --types STANDARD
//   npm run bench:observability -- --only http            StartExecution over HTTP: a server
//                                      with metrics off, one with metrics on, one with logs ALL
//   npm run bench:observability -- --variants plain,metrics   without the logs' rounds
//   npm run bench:observability -- --no-gc    no full collection between rounds: each one
//                                      deoptimizes code that a long-running server keeps
//
// Limit (issue 15): metrics on and logging OFF cost at most 5% of the transitions per second.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Json, JsonObject } from '../src/asl/index.ts';
import type { ExecutionRecord } from '../src/engine/index.ts';
import { ExecutionLogs, Metrics } from '../src/observability/index.ts';
import type { RunningServer } from '../src/server/index.ts';
import { startServer } from '../src/server/index.ts';
import { DEFAULTS } from '../src/config/index.ts';
import type { Kind } from './in-process-child.ts';
import { benchEngine, SPEC } from './in-process-child.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WORKLOADS = resolve(process.env['STEPWISE_SHARED'] ?? join(ROOT, '..', 'shared'), 'bench', 'workloads');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};
const rounds = Number(opt('--rounds', '15'));
const names = opt('--only', [...Object.keys(SPEC), 'http'].join(',')).split(',');
const kinds = opt('--types', 'STANDARD,EXPRESS').split(',') as Kind[];

const LOGGED = {
  level: 'ALL',
  includeExecutionData: true,
  destinations: [
    { cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:bench:*' } },
  ],
};
type Variant = 'plain' | 'metrics' | 'logs';
const VARIANTS = opt('--variants', 'plain,metrics,logs').split(',') as Variant[];
/**
 * A full collection between rounds, with --expose-gc (the npm script passes it), unless --no-gc,
 * and a moment for its concurrent sweeping: process.cpuUsage counts the GC's threads too.
 */
async function settled(): Promise<void> {
  if (!args.includes('--no-gc')) (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const pct = (x: number, b: number): string => `${x >= b ? '+' : ''}${(((x - b) / b) * 100).toFixed(1)}%`;

/** Prints each variant's median rate per wall second and per CPU second, against `plain`'s. */
function report(name: string, unit: string, wall: Map<Variant, number[]>, cpu: Map<Variant, number[]>): void {
  const base = { wall: median(wall.get('plain')!), cpu: median(cpu.get('plain')!) };
  for (const v of VARIANTS) {
    const w = median(wall.get(v)!);
    const c = median(cpu.get(v)!);
    console.log(
      `${name.padEnd(14)} ${v.padEnd(8)} ${fmt(w).padStart(8)} ${unit}/s ${pct(w, base.wall).padStart(7)}   ${fmt(c).padStart(8)} ${unit}/cpu-s ${pct(c, base.cpu).padStart(7)}`,
    );
  }
}

/**
 * Runs `round(variant)` for every variant, `rounds` times in a rotated order (none always follows
 * the same one), after one warm-up each; the rates are `perRound` per wall and per CPU second.
 */
async function interleaved(
  name: string,
  unit: string,
  perRound: number,
  round: (v: Variant) => Promise<{ wall: number; cpu: number }>,
): Promise<void> {
  for (const v of VARIANTS) await round(v); // warm-up
  const wall = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  const cpu = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < VARIANTS.length; i++) {
      const v = VARIANTS[(r + i) % VARIANTS.length]!;
      const { wall: w, cpu: c } = await round(v);
      wall.get(v)!.push((perRound / w) * 1000);
      cpu.get(v)!.push((perRound / c) * 1000);
    }
  }
  report(name, unit, wall, cpu);
}

/**
 * StartExecution over HTTP (the SDK's JSON 1.0 requests, 20 in flight) against three servers in
 * this process: metrics off, metrics on (the default, logging OFF), metrics with logs ALL. The
 * CPU time is the whole process's: client and server alike, so it understates the difference.
 */
async function httpStarts(): Promise<void> {
  const starts = 400;
  const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  const logDir = join(ROOT, 'bench', '.work');
  const server = (metrics: boolean): Promise<RunningServer> =>
    startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      examples: false,
      store: 'memory',
      observability: {
        metrics,
        logs: { destination: { file: join(logDir, 'observability-http.log.jsonl') } },
      },
    });
  const servers: Record<Variant, RunningServer> = {
    plain: await server(false),
    metrics: await server(true),
    logs: await server(true),
  };
  const arns = {} as Record<Variant, string>;
  for (const v of VARIANTS) {
    const { stateMachineArn } = await call<{ stateMachineArn: string }>(servers[v], 'CreateStateMachine', {
      name: 'http-start',
      definition,
      roleArn: 'arn:aws:iam::123456789012:role/bench',
      ...(v === 'logs' ? { loggingConfiguration: LOGGED } : {}),
    });
    arns[v] = stateMachineArn;
  }
  await interleaved('http-start', 'starts', starts, async (v) => {
    await settled();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next++ < starts)
        await call(servers[v], 'StartExecution', { stateMachineArn: arns[v], input: '{}' });
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    await servers[v].engine.flushed();
    const used = process.cpuUsage(c0);
    return { wall: performance.now() - t0, cpu: (used.user + used.system) / 1000 };
  });
  for (const server of Object.values(servers)) await server.close();
}

async function call<T>(server: RunningServer, action: string, body: object): Promise<T> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'X-Amz-Target': `AWSStepFunctions.${action}`, 'Content-Type': 'application/x-amz-json-1.0' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${action}: ${JSON.stringify(json)}`);
  return json;
}

/** One workload of one type: its rounds of `spec.execsPerRun` executions, as `npm run bench` runs them. */
async function workload(name: string, kind: Kind): Promise<void> {
  const spec = SPEC[name]!;
  const file = spec.workload ?? name;
  const definition = readFileSync(join(WORKLOADS, `${file}.asl.json`), 'utf8');
  const input = JSON.parse(readFileSync(join(WORKLOADS, `${file}.input.json`), 'utf8')) as JsonObject;
  const engine = benchEngine(name);
  const roleArn = 'arn:aws:iam::123456789012:role/bench';
  const plain = engine.createStateMachine({ name: file, type: kind, definition, roleArn });
  const logged = engine.createStateMachine({
    name: `${file}-logged`,
    type: kind,
    definition,
    roleArn,
    loggingConfiguration: LOGGED,
  });
  const metrics = new Metrics(() => engine, { process: false });
  const logs = new ExecutionLogs({
    destination: { file: join(ROOT, 'bench', '.work', 'observability.log.jsonl') },
  });
  const runOnce = async (stateMachineArn: string, inp: Json): Promise<void> => {
    const text = JSON.stringify(inp);
    let done: ExecutionRecord;
    if (kind === 'EXPRESS') done = await engine.startSyncExecution({ stateMachineArn, input: text });
    else {
      const { executionArn } = engine.startExecution({ stateMachineArn, input: text });
      done = await engine.waitForExecution(executionArn);
    }
    if (done.status !== 'SUCCEEDED') throw new Error(`${name}: ${done.status} ${done.error} ${done.cause}`);
  };
  const round = async (variant: Variant): Promise<{ wall: number; cpu: number }> => {
    const stops =
      variant === 'plain'
        ? []
        : [metrics.watch(engine), ...(variant === 'logs' ? [engine.observe(logs)] : [])];
    const stateMachineArn = (variant === 'logs' ? logged : plain).stateMachineArn;
    // The garbage of the round before (the logs' most of all) is not this round's to collect.
    await settled();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let r = 0; r < repeats; r++) {
      if (spec.concurrency) {
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < spec.execsPerRun) await runOnce(stateMachineArn, { ...input, id: `x-${next++}` });
        };
        await Promise.all(Array.from({ length: spec.concurrency }, worker));
      } else for (let i = 0; i < spec.execsPerRun; i++) await runOnce(stateMachineArn, input);
    }
    await logs.flush();
    const used = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    for (const stop of stops) stop();
    return { wall, cpu: (used.user + used.system) / 1000 };
  };
  // A round runs the workload as many times as last ≥ 250 ms: a round of a few milliseconds
  // (choice-loop's Express) measures the timer's resolution more than the metrics.
  let repeats = 1;
  await round('plain');
  repeats = Math.max(1, Math.ceil(250 / (await round('plain')).wall));
  await interleaved(`${name} ${kind[0]}`, 'tr', repeats * spec.execsPerRun * spec.transitions, round);
}

for (const name of names) {
  if (name === 'http') await httpStarts();
  else for (const kind of kinds) await workload(name, kind);
}
