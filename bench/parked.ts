// Parked executions (a benchmark, not a test): what an execution asleep in a long Wait costs a
// real `stepwise serve` process, and what a restart with all of them costs.
//
//   npm run bench:parked                           10,000 executions on SQLite
//   npm run bench:parked -- --count 100000         the issue's figure
//   npm run bench:parked -- --store postgres
//   npm run bench:parked -- --count 100000 --due-in 86400 --keep DIR     parks them in DIR, stops
//   npm run bench:parked -- --restart DIR --rounds 5 --roots A,B         restarts only (below)
//
// 1. A server (parking after 1 s) gets N StartExecution calls (32 in flight) of a machine that
//    waits until one common time, then runs a Pass state. Once all are parked, and again 20 s
//    later, the server's heap and RSS after a full GC (bench/memory-probe.ts) give the bytes each
//    parked execution holds, beside the same figures of the idle server before the starts: at
//    once, the last ones parked have just let go of what they held while they ran.
// 2. The server is killed (SIGKILL) and started again on the same store: the time from the spawn
//    to the first answered DescribeExecution of a parked execution, and its RSS (read from /proc,
//    no GC) every 100 ms over the first 5 s, against the idle server's RSS; then its heap and RSS
//    after a full GC give the bytes each parked execution holds in a process that only restored
//    them.
// 3. When the Waits fall due, every execution must succeed: the bench counts them with
//    ListExecutions and fails if one is missing.
// --restart DIR measures step 2 alone, on a copy of DIR made each time, for each checkout in
// --roots (default this one) in turn, round after round (interleaved, so that the machine's load
// is shared), beside the same server's start on an empty store; it prints medians per checkout.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';
import { callApi } from '../test/support/server-process.ts';
import { STEPWISE_NODE_FLAGS } from './compiled.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const COUNT = Number(option('count') ?? 10_000);
const CONCURRENCY = Number(option('concurrency') ?? 32);
const storeKind = option('store') ?? 'sqlite';
/** Seconds from the bench's start until the Waits end: long enough to park all and restart. */
const DUE_IN = Number(option('due-in') ?? Math.max(80, Math.ceil(COUNT / 400) + 60));
/** SQLite: park in this directory and keep it (for --restart), instead of a temporary one. */
const KEEP = option('keep');

const ROOT = resolve(import.meta.dirname, '..');
const ARN = 'arn:aws:states:us-east-1:123456789012';
const MACHINE = `${ARN}:stateMachine:parked`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long the parked server is left alone before it is measured again. */
const SETTLE_MS = 20_000;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  errors(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function spawnServer(port: number, storeArgs: readonly string[], root = ROOT): Server {
  const child = spawn(
    process.execPath,
    [
      // As the installed `stepwise` runs (bin/stepwise.js).
      ...STEPWISE_NODE_FLAGS,
      join(root, 'src/cli/main.ts'),
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--no-examples',
      '--park-after',
      '1',
      ...storeArgs,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: `--import=${join(import.meta.dirname, 'memory-probe.ts')}` },
    },
  );
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return { child, url: `http://127.0.0.1:${port}`, errors: () => err };
}

/** Resolves with the first answer of `call` that is HTTP 200 (retried every 10 ms). */
async function firstAnswer(server: Server, action: string, body: object): Promise<void> {
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`server exited: ${server.errors()}`);
    try {
      const r = await callApi(server.url, action, body);
      if (r.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(10);
  }
}

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** The server's memory after a full GC (bench/memory-probe.ts answers SIGUSR2 on stderr). */
async function probe(server: Server): Promise<Memory> {
  const seen = server.errors().length;
  server.child.kill('SIGUSR2');
  for (;;) {
    const m = /stepwise-memory-probe (.*)\n/.exec(server.errors().slice(seen));
    if (m?.[1]) return JSON.parse(m[1]) as Memory;
    await sleep(20);
  }
}

function rssOf(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) the process has used, from /proc (100 ticks a second). */
function cpuOf(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function parkedCount(server: Server): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^stepwise_parked_executions (\d+)/m.exec(text)?.[1] ?? 0);
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGKILL');
  await exited;
}

/** Counts the executions with `status`, page by page. */
async function countWith(url: string, status: string): Promise<number> {
  let n = 0;
  let nextToken: string | undefined;
  do {
    const r = await callApi(url, 'ListExecutions', {
      stateMachineArn: MACHINE,
      statusFilter: status,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    if (r.status !== 200) throw new Error(`ListExecutions ${r.status}: ${JSON.stringify(r.json)}`);
    n += (r.json['executions'] as unknown[]).length;
    nextToken = r.json['nextToken'] as string | undefined;
  } while (nextToken);
  return n;
}

interface Restarted {
  readonly server: Server;
  readonly answered: number;
  readonly cpu: number;
  readonly peak: number;
  readonly line: string;
}

/**
 * Starts the server of `root` on the store and measures it: the time from the spawn to its first
 * answered DescribeExecution of a parked execution (ListStateMachines on an empty store), the CPU
 * it used until then, its RSS every 100 ms over the first 5 s.
 */
async function restart(
  port: number,
  storeArgs: readonly string[],
  root: string,
  empty = false,
): Promise<Restarted> {
  const spawned = Date.now();
  const server = spawnServer(port, storeArgs, root);
  const samples: { t: number; rss: number }[] = [];
  const sampler = setInterval(() => samples.push({ t: Date.now() - spawned, rss: rssOf(server.child) }), 100);
  if (empty) await firstAnswer(server, 'ListStateMachines', {});
  else
    await firstAnswer(server, 'DescribeExecution', {
      executionArn: `${ARN}:execution:parked:p-${COUNT >> 1}`,
    });
  const answered = (Date.now() - spawned) / 1000;
  const cpu = cpuOf(server.child);
  // The first 5 s, and 3 s after the answer at least (a loaded machine starts slowly).
  while (Date.now() - spawned < Math.max(5000, answered * 1000 + 3000)) await sleep(50);
  clearInterval(sampler);
  const peak = Math.max(...samples.map((s) => s.rss));
  const at = (ms: number): string => mb(samples.find((s) => s.t >= ms)?.rss ?? 0);
  const line =
    `first ${empty ? 'ListStateMachines' : 'DescribeExecution'} answered ${answered.toFixed(2)} s after the spawn ` +
    `(${cpu.toFixed(2)} s of CPU); RSS at 1 s ${at(1000)}, 2 s ${at(2000)}, 5 s ${at(4900)}, peak ${mb(peak)}`;
  return { server, answered, cpu, peak, line };
}

/** Restarts on copies of `dir`, each checkout of `roots` in turn, `rounds` times; medians per checkout. */
async function restarts(dir: string, roots: readonly string[], rounds: number): Promise<void> {
  const port = await freePort();
  const seen = new Map<string, { full: Restarted[]; empty: Restarted[] }>(
    roots.map((r) => [r, { full: [], empty: [] }]),
  );
  for (let round = 1; round <= rounds; round++) {
    for (const root of roots) {
      for (const empty of [true, false]) {
        const copy = mkdtempSync(join(tmpdir(), 'stepwise-parked-copy-'));
        try {
          if (!empty) cpSync(dir, copy, { recursive: true });
          const r = await restart(port, ['--data-dir', copy], root, empty);
          await stop(r.server);
          seen.get(root)?.[empty ? 'empty' : 'full'].push(r);
          console.log(`round ${round} ${root} ${empty ? 'empty store' : `${COUNT} parked`}: ${r.line}`);
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      }
    }
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1] ?? 0;
  for (const [root, { full, empty }] of seen) {
    console.log(
      `${root}: medians of ${rounds}: empty store ${median(empty.map((r) => r.answered)).toFixed(2)} s ` +
        `(${median(empty.map((r) => r.cpu)).toFixed(2)} s CPU, peak RSS ${mb(median(empty.map((r) => r.peak)))}); ` +
        `${COUNT} parked ${median(full.map((r) => r.answered)).toFixed(2)} s ` +
        `(${median(full.map((r) => r.cpu)).toFixed(2)} s CPU, peak RSS ${mb(median(full.map((r) => r.peak)))}, ` +
        `${(median(full.map((r) => r.peak)) / median(empty.map((r) => r.peak))).toFixed(2)}× the empty store's)`,
    );
  }
}

async function run(storeArgs: readonly string[]): Promise<boolean> {
  const began = Date.now();
  const due = began + DUE_IN * 1000;
  const port = await freePort();
  let server = spawnServer(port, storeArgs);
  try {
    await firstAnswer(server, 'ListStateMachines', {});
    const emptyStart = (Date.now() - began) / 1000;
    const emptyCpu = cpuOf(server.child);
    const definition = {
      StartAt: 'Nap',
      States: {
        Nap: { Type: 'Wait', TimestampPath: '$.at', Next: 'Done' },
        Done: { Type: 'Pass', End: true },
      },
    };
    const created = await callApi(server.url, 'CreateStateMachine', {
      name: 'parked',
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/bench',
    });
    if (created.status !== 200) throw new Error(JSON.stringify(created.json));
    await sleep(1000);
    const idle = await probe(server);
    console.log(`${storeKind}: ${COUNT} executions waiting until ${new Date(due).toISOString()}`);
    console.log(
      `  idle server: first answer ${emptyStart.toFixed(2)} s after the spawn (${emptyCpu.toFixed(2)} s of CPU; empty store); ` +
        `RSS ${mb(idle.rss)}, heap ${mb(idle.heapUsed)} (after GC)`,
    );

    const input = JSON.stringify({ at: new Date(due).toISOString() });
    let next = 0;
    const startedAt = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < COUNT; i = next++) {
          const r = await callApi(server.url, 'StartExecution', {
            stateMachineArn: MACHINE,
            name: `p-${i}`,
            input,
          });
          if (r.status !== 200) throw new Error(`StartExecution ${r.status}: ${JSON.stringify(r.json)}`);
        }
      }),
    );
    const startSeconds = (Date.now() - startedAt) / 1000;
    console.log(`  ${COUNT} started in ${startSeconds.toFixed(1)} s (${Math.round(COUNT / startSeconds)}/s)`);
    for (let parked = 0; parked < COUNT; parked = await parkedCount(server)) {
      if (Date.now() > due - 20_000) throw new Error(`only ${parked} parked; raise --due-in`);
      await sleep(500);
    }
    const per = (a: number, b: number): string => `${Math.round((a - b) / COUNT)} bytes`;
    for (const [when, wait] of [
      ['at once', 0],
      [`${SETTLE_MS / 1000} s later`, SETTLE_MS],
    ] as const) {
      await sleep(wait);
      const full = await probe(server);
      console.log(
        `  ${COUNT} parked, ${when}: RSS ${mb(full.rss)}, heap ${mb(full.heapUsed)} (after GC): ` +
          `${per(full.heapUsed, idle.heapUsed)} of heap, ${per(full.rss, idle.rss)} of RSS per parked execution`,
      );
    }

    await stop(server);
    if (KEEP !== undefined) {
      console.log(`  kept in ${KEEP} (the server is stopped)`);
      return true;
    }
    const restarted = await restart(port, storeArgs, ROOT);
    server = restarted.server;
    console.log(
      `  restart: ${restarted.line} (${(restarted.peak / idle.rss).toFixed(2)}× the idle server's)`,
    );
    const after = await probe(server);
    // What the parked executions hold once nothing else has touched the process: the figure above
    // also has what the burst of starts left (memory freed but not given back, which varied from
    // 800 to 1,300 bytes an execution between runs).
    console.log(
      `  restarted, after GC: RSS ${mb(after.rss)}, heap ${mb(after.heapUsed)}: ` +
        `${per(after.heapUsed, idle.heapUsed)} of heap, ${per(after.rss, idle.rss)} of RSS per parked execution`,
    );

    const wait = due - Date.now();
    if (wait < 0)
      console.log(`  warning: the Waits fell due ${(-wait / 1000).toFixed(0)} s before the restart`);
    await sleep(Math.max(0, wait));
    // Bounded: an execution that never wakes is reported, not waited for forever.
    const giveUp = Date.now() + Math.max(120_000, COUNT * 10);
    for (;;) {
      const r = await callApi(server.url, 'ListExecutions', {
        stateMachineArn: MACHINE,
        statusFilter: 'RUNNING',
        maxResults: 1,
      });
      if (r.status === 200 && (r.json['executions'] as unknown[]).length === 0) break;
      if (server.child.exitCode !== null) throw new Error(`server exited: ${server.errors()}`);
      if (Date.now() > giveUp) {
        console.log(
          `  still RUNNING after ${((Date.now() - due) / 1000).toFixed(0)} s: ${await countWith(server.url, 'RUNNING')}`,
        );
        break;
      }
      await sleep(1000);
    }
    const finished = (Date.now() - due) / 1000;
    const succeeded = await countWith(server.url, 'SUCCEEDED');
    console.log(
      `  due: ${succeeded} of ${COUNT} succeeded, the last ${finished.toFixed(1)} s after they fell due ` +
        `(${Math.round(COUNT / finished)}/s)`,
    );
    const stderr = server
      .errors()
      .replace(/^stepwise-memory-probe .*\n/gm, '')
      .trim();
    if (stderr) console.log(`  server stderr:\n${stderr.slice(0, 2000)}`);
    return succeeded === COUNT;
  } finally {
    await stop(server);
  }
}

let ok: boolean;
const RESTART = option('restart');
if (RESTART !== undefined) {
  const roots = (option('roots') ?? ROOT).split(',').map((r) => resolve(r));
  await restarts(RESTART, roots, Number(option('rounds') ?? 3));
  ok = true;
} else if (storeKind === 'postgres') {
  const db = await createTestDatabase('parked');
  if (!db) throw new Error('no PostgreSQL at 127.0.0.1:5432');
  try {
    ok = await run(['--store', db.url]);
  } finally {
    await db.drop();
  }
} else if (KEEP !== undefined) {
  mkdirSync(KEEP, { recursive: true });
  ok = await run(['--data-dir', KEEP]);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-parked-'));
  try {
    ok = await run(['--data-dir', dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exitCode = ok ? 0 : 1;
