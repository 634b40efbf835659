// Starts over HTTP (a benchmark, not a test): `stepwise serve` pinned to core 0 (`taskset -c 0`),
// driven by `wrk` pinned to core 1 — never a client in the server's process — with a short
// workflow of 3 Pass states:
//   express    StartSyncExecution of an EXPRESS machine: the bar of the HTTP layer itself
//   sqlite     StartExecution of a STANDARD machine on SQLite (each answer waits for its commit)
//   postgres   the same on PostgreSQL (a database of its own on 127.0.0.1:5432)
// For each: requests/s and p50/p99 at full load (wrk -t1 -c32, closed loop), the server's CPU
// time per 1,000 requests (utime + stime from /proc/PID/stat: less sensitive to other load than
// the rate), and for the Standard starts the p50/p99 at half the full-load rate (each connection
// waits between requests so that the total rate is half).
//
//   npm run bench:http                                  all three, 10 s each after 3 s of warm-up
//   npm run bench:http -- --only sqlite --seconds 20
//   npm run bench:http -- --compare /path/to/other/tree --rounds 3
//       alternates this tree with another checkout (its own node_modules or a link to one),
//       round by round, and prints medians side by side
//   npm run bench:http -- --profile DIR                 the server writes a --cpu-prof to DIR
//   npm run bench:http -- --server-log FILE             the servers' output is appended to FILE
//   npm run bench:http -- --stalls                      and what stalled the server's event loop
//       (bench/stall-probe.ts in the server: stalls of 5 ms or more during each load, and the
//       collection, SQLite COMMIT or checkpoint that overlapped each; its 1 ms timer costs the server some
//       of its core: take the figures from runs without it)
//
// Needs `wrk` (Debian: apt-get install -y wrk) and, for postgres, PostgreSQL at 127.0.0.1:5432,
// whose WAL files are made ready first (bench/postgres-wal.ts): a cluster's first gigabyte of WAL,
// created file by file as commits reach it, would otherwise set the p99 (~40 ms).
// The machine may be shared: the bench prints `uptime` before and after.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';
import { readyWal } from './postgres-wal.ts';
import { STEPWISE_NODE_FLAGS } from './compiled.ts';
import { cpuSeconds, threePasses, wrkScript } from './http-load.ts';
import { describeStalls, type StallEvent, type Stalls, stallsWithin } from './stalls.ts';
import { callOk as call, listening } from '../test/support/server-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const seconds = Number(option('seconds') ?? 10);
const warmup = Number(option('warmup') ?? 3);
const connections = Number(option('connections') ?? 32);
const rounds = Number(option('rounds') ?? 1);
const compare = option('compare');
const profile = option('profile');
/** A file the servers' output is appended to (with `--node-flags "... --trace-gc"`, say). */
const serverLog = option('server-log');
/**
 * The server's V8 flags: as `stepwise` runs it unless `--node-flags "..."` says otherwise. On its
 * one core the server starts itself again with `--single-threaded-gc` (src/cli/gc-threads.ts)
 * unless the flags say `--no-single-threaded-gc`.
 */
const nodeFlags = option('node-flags')?.split(' ').filter(Boolean) ?? STEPWISE_NODE_FLAGS;
/** Records the server's event-loop stalls and what overlapped them (bench/stall-probe.ts). */
const stalls = args.includes('--stalls');
const WORKLOADS = ['express', 'sqlite', 'postgres'] as const;
/** `memory` (Standard with no store: the engine's and HTTP's share) only when asked for. */
type Workload = (typeof WORKLOADS)[number] | 'memory';
const only = (option('only')?.split(',') ?? WORKLOADS) as Workload[];

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  /** Stops the server; with `--stalls`, gives what its probe recorded. */
  readonly cleanup: () => Promise<readonly StallEvent[]>;
}

async function startServer(tree: string, store: 'sqlite' | 'postgres' | 'memory'): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-bench-http-'));
  const database = store === 'postgres' ? await createTestDatabase('bench_http') : undefined;
  if (store === 'postgres' && !database) throw new Error('no PostgreSQL at 127.0.0.1:5432');
  if (database) console.error(await readyWal(database.url));
  const stallLog = stalls ? join(dataDir, 'stalls.json') : undefined;
  const node = [
    process.execPath,
    ...nodeFlags,
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    ...(stallLog ? ['--import', join(ROOT, 'bench', 'stall-probe.ts')] : []),
  ];
  const argv = [
    ...['taskset', '-c', '0', ...node, join(tree, 'src/cli/main.ts'), 'serve'],
    ...['--host', '127.0.0.1', '--port', '0', '--no-examples', '--data-dir', dataDir],
    ...['--store', database?.url ?? store],
  ];
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: tree,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: stallLog ? { ...process.env, STEPWISE_STALL_LOG: stallLog } : process.env,
  });
  const listened = await listening(child);
  return {
    url: listened.url,
    child,
    cleanup: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
      if (serverLog)
        appendFileSync(serverLog, `== ${tree} ${store}\n${listened.output()}${listened.errors()}`);
      const recorded =
        stallLog && existsSync(stallLog) ? (JSON.parse(readFileSync(stallLog, 'utf8')) as StallEvent[]) : [];
      rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
      return recorded;
    },
  };
}

/** User and system CPU seconds the process has used so far. */
interface Load {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Server CPU milliseconds per 1,000 requests, and the part of it spent in the kernel. */
  readonly cpuPer1000: number;
  readonly systemPer1000: number;
  /** When the load ran (epoch ms). */
  readonly from: number;
  readonly to: number;
  /** With `--stalls`: what stalled the server's event loop meanwhile. */
  stalls?: Stalls;
}

/**
 * One wrk run: a Lua script posts `body` with `action`; `delayMs` (fractional, dithered) is what
 * each connection waits between an answer and its next request.
 */
function wrk(server: Server, action: string, body: string, secs: number, delayMs = 0): Load {
  const { dir, script } = wrkScript(action, body, [
    // wrk takes whole milliseconds: carry the fraction over so the mean is `delayMs`.
    delayMs > 0
      ? `local carry = 0\nfunction delay()\n  carry = carry + ${delayMs}\n  local d = math.floor(carry)\n  carry = carry - d\n  return d\nend`
      : '',
    'function done(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format("RESULT %d %d %d %d %d\\n", summary.requests, summary.duration,',
    '    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))',
    'end',
  ]);
  const pid = server.child.pid!;
  const cpu0 = cpuSeconds(pid);
  const from = Date.now();
  const out = execFileSync(
    'taskset',
    ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${secs}s`, '--timeout', '10s', '-s', script, server.url],
    { encoding: 'utf8' },
  );
  const to = Date.now();
  const cpu1 = cpuSeconds(pid);
  rmSync(dir, { recursive: true, force: true });
  const m = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
  if (!m) throw new Error(`wrk said: ${out}`);
  const [requests, micros, p50, p99, errors] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    rate: requests / (micros / 1e6),
    p50: p50 / 1000,
    p99: p99 / 1000,
    errors,
    cpuPer1000: ((cpu1.user + cpu1.system - cpu0.user - cpu0.system) * 1e6) / Math.max(1, requests),
    systemPer1000: ((cpu1.system - cpu0.system) * 1e6) / Math.max(1, requests),
    from,
    to,
  };
}

interface Figures {
  full: Load;
  half?: Load;
}

/** Each connection waits so that all of them together send `target` requests per second. */
function atRate(server: Server, action: string, body: string, target: number): Load {
  // Calibrate: a connection's cycle is its wait plus the answer's latency.
  const wait0 = (connections * 1000) / target;
  const probe = wrk(server, action, body, 3, wait0);
  const latency = Math.max(0, (connections * 1000) / probe.rate - wait0);
  return wrk(server, action, body, seconds, Math.max(0.01, wait0 - latency));
}

async function run(tree: string, workload: Workload): Promise<Figures> {
  const server = await startServer(tree, workload === 'express' ? 'sqlite' : workload);
  let figures: Figures | undefined;
  try {
    const express = workload === 'express';
    const { stateMachineArn } = await call(
      server.url,
      'CreateStateMachine',
      threePasses(express ? 'EXPRESS' : 'STANDARD'),
    );
    const action = express ? 'StartSyncExecution' : 'StartExecution';
    const body = JSON.stringify({ stateMachineArn, input: '{"n":1}' });
    wrk(server, action, body, warmup);
    const full = wrk(server, action, body, seconds);
    figures = express ? { full } : { full, half: atRate(server, action, body, full.rate / 2) };
    return figures;
  } finally {
    const recorded = await server.cleanup();
    for (const load of figures && stalls ? [figures.full, figures.half] : [])
      if (load) load.stalls = stallsWithin(recorded, load.from, load.to);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function show(label: string, all: Figures[]): string {
  const pick = (f: (x: Figures) => number | undefined): string => {
    const xs = all.map(f).filter((x): x is number => x !== undefined);
    return xs.length ? String(median(xs)) : '';
  };
  const n = (f: (x: Figures) => number | undefined, digits: number, width: number): string => {
    const v = pick(f);
    return (v === '' ? '—' : Number(v).toFixed(digits)).padStart(width);
  };
  return (
    `${label.padEnd(36)}${n((x) => x.full.rate, 0, 9)}${n((x) => x.full.p50, 2, 8)}${n((x) => x.full.p99, 2, 8)}` +
    `${n((x) => x.full.cpuPer1000, 0, 10)}${n((x) => x.full.errors, 0, 7)}` +
    `${n((x) => x.half?.rate, 0, 10)}${n((x) => x.half?.p50, 2, 8)}${n((x) => x.half?.p99, 2, 8)}`
  );
}

const trees = compare ? [resolve(compare), ROOT] : [ROOT];
const uptime = (): string => execFileSync('uptime').toString().trim();
console.log(`uptime: ${uptime()}`);
console.log(
  `server: taskset -c 0; wrk -t1 -c${connections} on core 1; ${seconds} s per figure after ${warmup} s of warm-up; ` +
    `${rounds} round(s)${compare ? ', trees alternated' : ''}; medians`,
);
const results = new Map<string, Figures[]>();
for (let round = 0; round < rounds; round++) {
  for (const workload of only) {
    // Alternate the order too, so neither tree always runs first.
    for (const tree of round % 2 ? [...trees].reverse() : trees) {
      const key = `${workload}\u0000${tree}`;
      const figures = await run(tree, workload);
      results.set(key, [...(results.get(key) ?? []), figures]);
      console.error(`round ${round + 1} ${workload} ${tree}: ${JSON.stringify(figures)}`);
      if (stalls)
        for (const [phase, load] of [
          ['full load', figures.full],
          ['half load', figures.half],
        ] as const)
          if (load?.stalls) console.log(`  ${workload} ${phase}: ${describeStalls(load.stalls)}`);
    }
  }
}
console.log(
  `${''.padEnd(36)}${'full load'.padStart(25)}${'server CPU'.padStart(10)}${''.padStart(7)}${'half load'.padStart(26)}`,
);
console.log(
  `${'workload'.padEnd(36)}${'req/s'.padStart(9)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}` +
    `${'ms/1000'.padStart(10)}${'errors'.padStart(7)}${'req/s'.padStart(10)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}`,
);
const names: Record<Workload, string> = {
  express: 'Express StartSync',
  sqlite: 'Standard Start, SQLite',
  postgres: 'Standard Start, PostgreSQL',
  memory: 'Standard Start, no store',
};
for (const workload of only) {
  for (const tree of trees) {
    const label = `${names[workload]}${compare ? (tree === ROOT ? ' (this)' : ' (other)') : ''}`;
    console.log(show(label, results.get(`${workload}\u0000${tree}`) ?? []));
  }
}
console.log(`uptime: ${uptime()}`);
