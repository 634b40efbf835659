// The crash test at scale (a benchmark, not a test): a real server process runs executions
// (Task, Wait, Parallel, Map) and is killed with SIGKILL at random moments, then restarted on
// the same store; at the end every execution must have finished exactly once (SUCCEEDED with
// the right output, listed once, each transition and task end recorded once, ids 1..n).
//
//   npm run bench:crash                                   1,000 executions, 10 kills, both stores
//   npm run bench:crash -- --only sqlite --executions 200 --kills 5
//
// The scenario is the crash test's (test/support/crash-rounds.ts). Exit code 1 if anything was
// lost or duplicated.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrashReport } from '../test/support/crash-rounds.ts';
import { crashAndRecover } from '../test/support/crash-rounds.ts';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const only = option('only');
const executions = Number(option('executions') ?? 1000);
const kills = Number(option('kills') ?? 10);

function print(store: string, r: CrashReport): void {
  console.log(
    `${store.padEnd(10)} executions ${r.executions}  kills ${r.kills}  acknowledged before a kill ${r.acknowledged}  ` +
      `resumed ${r.resumed}  lost ${r.lost.length}  duplicated ${r.duplicated.length}  gaps ${r.gaps.length}  ` +
      `duration ${(r.durationMs / 1000).toFixed(1)} s`,
  );
  for (const p of r.problems.slice(0, 20)) console.log(`  ${p}`);
}

let failed = false;
if (!only || only === 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-crash-'));
  try {
    const r = await crashAndRecover({ executions, kills, storeArgs: ['--data-dir', dir] });
    print('sqlite', r);
    failed ||= r.problems.length > 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!only || only === 'postgres') {
  const db = await createTestDatabase('bench_crash');
  if (!db) console.log('postgres   skipped: no PostgreSQL at 127.0.0.1:5432');
  else {
    try {
      const r = await crashAndRecover({ executions, kills, storeArgs: ['--store', db.url] });
      print('postgres', r);
      failed ||= r.problems.length > 0;
    } finally {
      await db.drop();
    }
  }
}
process.exitCode = failed ? 1 : 0;
