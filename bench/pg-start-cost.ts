// What one durable start costs PostgreSQL (a benchmark, not a test): the deterministic figures
// behind bench:http's p99 (issue 18). `stepwise serve` on a database of its own, the short Standard
// workflow of bench:http started by wrk for some seconds, then once every execution has ended:
// WAL bytes per start (the cluster's, and this database's records by kind through pg_walinspect:
// other databases share the cluster), commits, rows inserted / updated (HOT or not) / deleted,
// the CPU of this database's backends and of the server, and the server's scavenges (--trace-gc)
// and their pauses. WAL bytes and rows do not depend on the machine's load; CPU and pauses do.
//
//   npx node bench/pg-start-cost.ts [--tree DIR] [--seconds 10] [--rows] [--node-flags=FLAG]
//       --tree: another checkout's server; --rows: prints a row of each table with its size
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';
import { readyWal } from './postgres-wal.ts';
import { cpuSeconds, threePasses, wrkScript } from './http-load.ts';
import { callOk as call, listening } from '../test/support/server-process.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const tree = resolve(option('tree') ?? resolve(import.meta.dirname, '..'));
const seconds = Number(option('seconds') ?? 10);
/** V8 flags for the server beside --trace-gc, e.g. `--node-flags=--max-semi-space-size=16`. */
const nodeFlags = args
  .filter((a) => a.startsWith('--node-flags='))
  .map((a) => a.slice('--node-flags='.length));

const database = await createTestDatabase('start_cost');
if (!database) throw new Error('no PostgreSQL at 127.0.0.1:5432');
console.error(await readyWal(database.url));
const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-start-cost-'));
const child = spawn(
  'taskset',
  [
    ...['-c', '0', process.execPath, '--trace-gc', ...nodeFlags, join(tree, 'src/cli/main.ts'), 'serve'],
    ...[
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--no-examples',
      '--data-dir',
      dataDir,
      '--store',
      database.url,
    ],
  ],
  { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] },
);
const server = await listening(child);
const db = new pg.Client({ connectionString: database.url });
await db.connect();

/** The first row's `column` of a query. */
async function value(sql: string, params: unknown[] = [], column = 'v'): Promise<string> {
  const rows = (await db.query(sql, params)).rows as Array<Record<string, unknown>>;
  return String(rows[0]?.[column]);
}

interface Snapshot {
  readonly lsn: string;
  readonly commits: number;
  readonly tables: Map<string, { ins: number; upd: number; hot: number; del: number }>;
  readonly scavenges: number;
  /** Their pauses, in ms. */
  readonly pauses: number[];
  /** CPU seconds of this database's backends, and of the server. */
  readonly pgCpu: number;
  readonly serverCpu: number;
}

/** A process's CPU seconds so far; 0 once it has exited (a backend may end meanwhile). */
function cpuOf(pid: number): number {
  try {
    const { user, system } = cpuSeconds(pid);
    return user + system;
  } catch {
    return 0;
  }
}

async function snapshot(): Promise<Snapshot> {
  // Statistics are those the backend has flushed: wait out its report interval first.
  await new Promise((r) => setTimeout(r, 1500));
  await db.query('SELECT pg_stat_clear_snapshot()');
  const lsn = await value('SELECT pg_current_wal_lsn() AS v');
  const commits = Number(
    await value('SELECT xact_commit AS v FROM pg_stat_database WHERE datname = current_database()'),
  );
  const tables = new Map<string, { ins: number; upd: number; hot: number; del: number }>();
  const rows = (
    await db.query('SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables')
  ).rows as Array<Record<string, string>>;
  for (const r of rows) {
    tables.set(String(r['relname']), {
      ins: Number(r['n_tup_ins']),
      upd: Number(r['n_tup_upd']),
      hot: Number(r['n_tup_hot_upd']),
      del: Number(r['n_tup_del']),
    });
  }
  const pauses = [...server.output().matchAll(/Scavenge .*?, ([\d.]+) \/ [\d.]+ ms/g)].map((m) =>
    Number(m[1]),
  );
  const scavenges = pauses.length;
  const pids = (
    await db.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    )
  ).rows.map((r: { pid: number }) => r.pid);
  const pgCpu = pids.reduce((sum: number, pid: number) => sum + cpuOf(pid), 0);
  return { lsn, commits, tables, scavenges, pauses, pgCpu, serverCpu: cpuOf(child.pid!) };
}

try {
  const { stateMachineArn } = await call(server.url, 'CreateStateMachine', threePasses('STANDARD'));
  const before = await snapshot();
  const { dir, script } = wrkScript('StartExecution', JSON.stringify({ stateMachineArn, input: '{"n":1}' }));
  const out = execFileSync(
    'taskset',
    ['-c', '1', 'wrk', '-t1', '-c32', `-d${seconds}s`, '-s', script, server.url],
    { encoding: 'utf8' },
  );
  rmSync(dir, { recursive: true, force: true });
  console.error(out.trim());
  // Every execution ended (three Pass states end at once): nothing more to write.
  for (;;) {
    if (Number(await value("SELECT count(*) AS v FROM executions WHERE status = 'RUNNING'")) === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const after = await snapshot();
  const starts = Number(await value('SELECT count(*) AS v FROM executions'));
  const wal = Number(await value('SELECT pg_wal_lsn_diff($1, $2) AS v', [after.lsn, before.lsn]));
  const per = (n: number): string => (n / starts).toFixed(3);
  // The cluster's WAL holds other databases' too: the records that touch this one's relations,
  // by resource manager and record type (pg_walinspect, in this database only).
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
  const kinds = (
    await db.query(
      `SELECT resource_manager || ' ' || split_part(record_type, ' ', 1) AS kind, count(*) AS n,
              sum(record_length) AS bytes, sum(fpi_length) AS fpi
       FROM pg_get_wal_records_info($1, $2)
       WHERE block_ref LIKE '%/' || (SELECT oid FROM pg_database WHERE datname = current_database()) || '/%'
       GROUP BY 1 ORDER BY 3 DESC`,
      [before.lsn, after.lsn],
    )
  ).rows as Array<Record<string, string>>;
  for (const k of kinds) {
    console.log(
      `  wal ${String(k['kind']).padEnd(28)} ${per(Number(k['n']))}/start ${per(Number(k['bytes']))} B/start (fpi ${per(Number(k['fpi']))})`,
    );
  }
  console.log(`tree ${tree}: ${starts} starts`);
  if (args.includes('--rows')) {
    for (const table of ['executions', 'history']) {
      console.log(
        table,
        (await db.query(`SELECT pg_column_size(t.*) AS size, t.* FROM ${table} t LIMIT 1`)).rows[0],
      );
    }
  }
  console.log(`WAL bytes/start      ${(wal / starts).toFixed(0)}`);
  console.log(`commits/start        ${per(after.commits - before.commits)}`);
  console.log(`starts/commit        ${(starts / (after.commits - before.commits)).toFixed(1)}`);
  console.log(`PG backends CPU µs/start ${(((after.pgCpu - before.pgCpu) * 1e6) / starts).toFixed(1)}`);
  console.log(`server CPU µs/start  ${(((after.serverCpu - before.serverCpu) * 1e6) / starts).toFixed(1)}`);
  console.log(
    `scavenges/10k starts ${(((after.scavenges - before.scavenges) * 10_000) / starts).toFixed(1)}`,
  );
  const pauses = after.pauses.slice(before.pauses.length).sort((a, b) => a - b);
  console.log(
    `scavenge pauses ms   median ${pauses[pauses.length >> 1] ?? 0} max ${pauses.at(-1) ?? 0} ` +
      `total/10k starts ${((pauses.reduce((a, b) => a + b, 0) * 10_000) / starts).toFixed(1)}`,
  );
  for (const [name, t] of after.tables) {
    const b = before.tables.get(name) ?? { ins: 0, upd: 0, hot: 0, del: 0 };
    const d = { ins: t.ins - b.ins, upd: t.upd - b.upd, hot: t.hot - b.hot, del: t.del - b.del };
    if (d.ins + d.upd + d.del === 0) continue;
    console.log(
      `  ${name.padEnd(20)} ins ${per(d.ins)} upd ${per(d.upd)} (hot ${per(d.hot)}) del ${per(d.del)} /start`,
    );
  }
} finally {
  await db.end();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
  await database.drop();
}
