// Scale-out throughput (a benchmark, not a test): a CPU-bound workload (20-state Pass/Choice
// machines evaluating JSONata) on one PostgreSQL, driven by 1 server and then by 2 servers with
// per-execution leases, each server pinned to its own core with `taskset`; the load comes from
// this process (its own client). Also 1 server without leases (one leader drives everything), for
// the per-server cost of leasing. Figures are executions finished per second, after a warm-up.
//
//   npm run bench:scale-out                          15 s per configuration
//   npm run bench:scale-out -- --seconds 30 --concurrency 48
//   npm run bench:scale-out -- --map 200             one Distributed Map of 200 STANDARD children
//                                                    (the same machine each), started on the first
//                                                    server: 1 server, then 2
//
// The machine may be shared: print `uptime` beside the figures (the bench does).
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';
import { callOk as call, listening } from '../test/support/server-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const seconds = Number(option('seconds') ?? 15);
const warmup = Number(option('warmup') ?? 3);
/**
 * Executions open at once per server: the load is closed-loop, so that the figure is throughput,
 * not the cost of an ever-growing backlog (whose leases are renewed too).
 */
const concurrency = Number(option('concurrency') ?? 32);
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:cpu';
const mapChildren = option('map') === undefined ? undefined : Number(option('map'));

/** A Distributed Map whose STANDARD children each run the CPU-bound machine. */
function mapMachine(): object {
  const cpu = cpuMachine() as { StartAt: string; States: object };
  return {
    QueryLanguage: 'JSONata',
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        Label: 'Fan',
        Items: '{% $states.input.items %}',
        MaxConcurrency: concurrency * 2,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: cpu.StartAt,
          States: cpu.States,
        },
        Output: '{% $count($states.result) %}',
        End: true,
      },
    },
  };
}

/** 20 states: Pass states computing with JSONata, each followed by a Choice on what it computed. */
function cpuMachine(): object {
  const states: Record<string, object> = {};
  for (let i = 0; i < 10; i++) {
    const next = i === 9 ? 'End' : `Compute${i + 1}`;
    states[`Compute${i}`] = {
      Type: 'Pass',
      Output: `{% $merge([$states.input, {"step": ${i}, "sum": $sum($map([1..200], function($v) { $v * ${i + 1} % 7 })), "tag": $uppercase($substring($string($states.input.n), 0, 3))}]) %}`,
      Next: `Check${i}`,
    };
    states[`Check${i}`] = {
      Type: 'Choice',
      Choices: [{ Condition: '{% $states.input.sum < 0 %}', Next: 'Odd' }],
      Default: next,
    };
  }
  states['Odd'] = { Type: 'Fail', Error: 'Odd' };
  states['End'] = { Type: 'Succeed' };
  return { QueryLanguage: 'JSONata', StartAt: 'Compute0', States: states };
}

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

const hasTaskset = ((): boolean => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function startServer(store: string, core: number, scaleOut: boolean): Promise<Server> {
  const command = [
    process.execPath,
    resolve(ROOT, 'src/cli/main.ts'),
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
  ];
  const argv = [...command, '--no-examples', '--store', store];
  const [file, ...rest] = hasTaskset ? ['taskset', '-c', String(core), ...argv] : argv;
  const child = spawn(file!, rest, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STEPWISE_SCALE_OUT: scaleOut ? '1' : '' },
  });
  const { url } = await listening(child);
  return { url, child };
}

/** Stops the servers (SIGTERM) and drops the database. */
async function tearDown(db: pg.Client, running: readonly Server[], database: { drop(): Promise<void> }) {
  await db.end().catch(() => {});
  for (const s of running) {
    const exited = once(s.child, 'exit');
    s.child.kill('SIGTERM');
    await exited;
  }
  await database.drop();
}

async function count(db: pg.Client, status: string): Promise<number> {
  const r = await db.query('SELECT count(*)::int AS n FROM executions WHERE status = $1', [status]);
  return (r.rows[0] as { n: number }).n;
}

/** Executions finished per second with `servers` servers (each on its own core). */
async function measure(servers: number, scaleOut: boolean): Promise<{ rate: number; errors: number }> {
  const database = await createTestDatabase('bench_scaleout');
  if (!database) throw new Error('no PostgreSQL at 127.0.0.1:5432');
  const running: Server[] = [];
  const db = new pg.Client({ connectionString: database.url });
  try {
    for (let i = 0; i < servers; i++) running.push(await startServer(database.url, i, scaleOut));
    await call(running[0]!.url, 'CreateStateMachine', {
      name: 'cpu',
      definition: JSON.stringify(cpuMachine()),
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    await db.connect();
    let stop = false;
    let errors = 0;
    let n = 0;
    // Open executions, as the store last said, plus those started since.
    let open = 0;
    const cap = concurrency * servers;
    const watch = (async () => {
      while (!stop) {
        open = await count(db, 'RUNNING');
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const client = async (url: string): Promise<void> => {
      while (!stop) {
        if (open >= cap) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        open++;
        await call(url, 'StartExecution', {
          stateMachineArn: MACHINE,
          input: JSON.stringify({ n: n++ }),
        }).catch(() => errors++);
      }
    };
    // A few callers per server: enough to keep `cap` executions open.
    const clients = running.flatMap((s) => Array.from({ length: 4 }, () => client(s.url)));
    await new Promise((r) => setTimeout(r, warmup * 1000));
    const before = await count(db, 'SUCCEEDED');
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const after = await count(db, 'SUCCEEDED');
    const elapsed = (performance.now() - t0) / 1000;
    stop = true;
    await Promise.all([...clients, watch]);
    return { rate: (after - before) / elapsed, errors };
  } finally {
    await tearDown(db, running, database);
  }
}

/**
 * One Distributed Map of `mapChildren` children started on the first server; children finished
 * per second (from the start to the parent's end), and how many servers were seen holding a
 * child's lease (a child run in one go on its parent's server starts and ends in one commit:
 * its lease is never seen).
 */
async function measureMap(servers: number, children: number): Promise<{ rate: number; drivers: number }> {
  const database = await createTestDatabase('bench_scaleout_map');
  if (!database) throw new Error('no PostgreSQL at 127.0.0.1:5432');
  const running: Server[] = [];
  const db = new pg.Client({ connectionString: database.url });
  try {
    for (let i = 0; i < servers; i++) running.push(await startServer(database.url, i, true));
    const first = running[0]!.url;
    await call(first, 'CreateStateMachine', {
      name: 'fan',
      definition: JSON.stringify(mapMachine()),
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    await db.connect();
    // Every server's heartbeat is in before the Map starts (a server counts once it is live).
    await new Promise((r) => setTimeout(r, 2000));
    const t0 = performance.now();
    const { executionArn } = await call(first, 'StartExecution', {
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:fan',
      input: JSON.stringify({ items: Array.from({ length: children }, (_, i) => ({ n: i })) }),
    });
    const owners = new Set<string>();
    for (;;) {
      const r = await db.query(
        `SELECT DISTINCT owner FROM execution_leases WHERE execution_arn <> $1 AND owner <> ''`,
        [executionArn],
      );
      for (const row of r.rows as Array<{ owner: string }>) owners.add(row.owner);
      const d = await call(first, 'DescribeExecution', { executionArn });
      if (d['status'] !== 'RUNNING') {
        if (d['status'] !== 'SUCCEEDED') {
          // The first children that failed, with their histories' last events: why.
          const failed = await db.query(
            `SELECT e.arn, (SELECT string_agg(v.data, ' | ' ORDER BY v.first_id) FROM history v WHERE v.execution_arn = e.arn) AS events
             FROM executions e WHERE e.status <> 'SUCCEEDED' AND e.arn <> $1 LIMIT 2`,
            [executionArn],
          );
          throw new Error(
            `the Map ended ${String(d['status'])}: ${String(d['error'])} ${String(d['cause'])}\n` +
              JSON.stringify(failed.rows, null, 1),
          );
        }
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { rate: children / ((performance.now() - t0) / 1000), drivers: owners.size };
  } finally {
    await tearDown(db, running, database);
  }
}

console.log(`uptime: ${execFileSync('uptime').toString().trim()}`);
if (mapChildren !== undefined) {
  console.log(
    `one Distributed Map of ${mapChildren} STANDARD children (MaxConcurrency ${concurrency * 2}), ` +
      `${hasTaskset ? 'each server pinned to its own core (taskset)' : 'no taskset: servers not pinned'}`,
  );
  const one = await measureMap(1, mapChildren);
  console.log(
    `1 server    ${one.rate.toFixed(1).padStart(6)} children/s  leased by ${one.drivers} server(s)`,
  );
  const two = await measureMap(2, mapChildren);
  console.log(
    `2 servers   ${two.rate.toFixed(1).padStart(6)} children/s  leased by ${two.drivers} server(s)`,
  );
  console.log(`2 / 1: ${(two.rate / one.rate).toFixed(2)}x`);
  console.log(`uptime: ${execFileSync('uptime').toString().trim()}`);
  process.exit(0);
}
console.log(
  `${seconds} s per configuration after ${warmup} s of warm-up, up to ${concurrency} open executions per server, ` +
    `${hasTaskset ? 'each server pinned to its own core (taskset)' : 'no taskset: servers not pinned'}`,
);
const one = await measure(1, false);
console.log(
  `1 server, one leader (no leases)   ${one.rate.toFixed(0).padStart(6)} executions/s  errors ${one.errors}`,
);
const leased = await measure(1, true);
console.log(
  `1 server with leases               ${leased.rate.toFixed(0).padStart(6)} executions/s  errors ${leased.errors}`,
);
const two = await measure(2, true);
console.log(
  `2 servers with leases              ${two.rate.toFixed(0).padStart(6)} executions/s  errors ${two.errors}`,
);
console.log(
  `2 servers / 1 server with leases: ${(two.rate / leased.rate).toFixed(2)}x; ` +
    `leasing cost on one server: ${((1 - leased.rate / one.rate) * 100).toFixed(0)}%`,
);
console.log(`uptime: ${execFileSync('uptime').toString().trim()}`);
