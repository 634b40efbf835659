// What observing executions costs, measured in one process so that a shared machine's load
// drifts alike for every variant: rounds of the same workload alternate between no observer,
// the Prometheus metrics (a server's default, logging OFF) and metrics with execution logs at
// level ALL with data (to a file), each round attaching and detaching its observers.
//
//   npm run bench:observability                       pass-chain, task-chain, many-small; 15 rounds
//   npm run bench:observability -- --rounds 30 --only task-chain
//
// Limit (issue 15): metrics on and logging OFF cost at most 5% of the transitions per second.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TaskResult, TaskRunner } from '../src/integrations/index.ts';
import { Engine } from '../src/engine/index.ts';
import { ExecutionLogs, Metrics } from '../src/observability/index.ts';
import { systemClock, systemEntropy } from '../src/server/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WORKLOADS = resolve(process.env['STEPWISE_SHARED'] ?? join(ROOT, '..', 'shared'), 'bench', 'workloads');
const SPEC: Record<string, { execs: number; transitions: number; concurrency: number; file: string }> = {
  'pass-chain': { execs: 100, transitions: 100, concurrency: 1, file: 'pass-chain' },
  'task-chain': { execs: 100, transitions: 100, concurrency: 1, file: 'task-chain' },
  'many-small': { execs: 2000, transitions: 3, concurrency: 100, file: 'small-exec' },
};
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};
const rounds = Number(opt('--rounds', '15'));
const names = opt('--only', Object.keys(SPEC).join(',')).split(',');

const tasks: TaskRunner = {
  run: (request): Promise<TaskResult> => {
    const input = request.parameters as { n?: number } | null;
    return Promise.resolve({ ok: true, output: { n: (input?.n ?? 0) + 1 } });
  },
};

const LOGGED = {
  level: 'ALL',
  includeExecutionData: true,
  destinations: [
    { cloudWatchLogsLogGroup: { logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:bench:*' } },
  ],
};
type Variant = 'plain' | 'metrics' | 'logs';
const VARIANTS: Variant[] = ['plain', 'metrics', 'logs'];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

for (const name of names) {
  const spec = SPEC[name]!;
  const definition = readFileSync(join(WORKLOADS, `${spec.file}.asl.json`), 'utf8');
  const input = readFileSync(join(WORKLOADS, `${spec.file}.input.json`), 'utf8');
  const engine = new Engine({
    clock: systemClock,
    entropy: systemEntropy,
    tasks,
    region: 'us-east-1',
    account: '123456789012',
  });
  const roleArn = 'arn:aws:iam::123456789012:role/bench';
  const plain = engine.createStateMachine({ name, definition, roleArn });
  const logged = engine.createStateMachine({
    name: `${name}-logged`,
    definition,
    roleArn,
    loggingConfiguration: LOGGED,
  });
  const metrics = new Metrics(() => engine, { process: false });
  const logs = new ExecutionLogs({
    destination: { file: join(ROOT, 'bench', '.work', 'observability.log.jsonl') },
  });
  const round = async (variant: Variant): Promise<{ wall: number; cpu: number }> => {
    const stops =
      variant === 'plain'
        ? []
        : [metrics.watch(engine), ...(variant === 'logs' ? [engine.observe(logs)] : [])];
    const stateMachineArn = (variant === 'logs' ? logged : plain).stateMachineArn;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < spec.execs) {
        next++;
        const { executionArn } = engine.startExecution({ stateMachineArn, input });
        const done = await engine.waitForExecution(executionArn);
        if (done.status !== 'SUCCEEDED') throw new Error(`${name}: ${done.status}`);
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency }, worker));
    await logs.flush();
    const used = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    for (const stop of stops) stop();
    return { wall, cpu: (used.user + used.system) / 1000 };
  };
  for (const v of VARIANTS) await round(v); // warm-up
  const perRound = spec.execs * spec.transitions;
  const wall = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  const cpu = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++) {
    // Each round runs the variants in a rotated order, so none always follows the same one.
    for (let i = 0; i < VARIANTS.length; i++) {
      const v = VARIANTS[(r + i) % VARIANTS.length]!;
      const { wall: w, cpu: c } = await round(v);
      wall.get(v)!.push((perRound / w) * 1000);
      cpu.get(v)!.push((perRound / c) * 1000);
    }
  }
  const base = { wall: median(wall.get('plain')!), cpu: median(cpu.get('plain')!) };
  for (const v of VARIANTS) {
    const w = median(wall.get(v)!);
    const c = median(cpu.get(v)!);
    const pct = (x: number, b: number): string => `${x >= b ? '+' : ''}${(((x - b) / b) * 100).toFixed(1)}%`;
    console.log(
      `${name.padEnd(11)} ${v.padEnd(8)} ${fmt(w).padStart(8)} tr/s ${pct(w, base.wall).padStart(7)}   ${fmt(c).padStart(8)} tr/cpu-s ${pct(c, base.cpu).padStart(7)}`,
    );
  }
}
