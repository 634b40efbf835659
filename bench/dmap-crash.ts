// The Map Run crash test at scale (a benchmark, not a test): a distributed Map of 10,000 STANDARD
// children, the server killed with SIGKILL while they run and restarted on the same store; at the
// end every item must have been done exactly once (one child each, closed once, gap-free
// histories) and the result files must hold every item's output once.
//
//   npm run bench:dmap-crash                                 10,000 items, 3 kills, both stores
//   npm run bench:dmap-crash -- --only sqlite --items 2000 --kills 2
//
// The scenario is the crash test's (test/support/map-run-crash.ts). Exit code 1 on any problem.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MapRunCrashReport } from '../test/support/map-run-crash.ts';
import { crashMapRun } from '../test/support/map-run-crash.ts';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const only = option('only');
const items = Number(option('items') ?? 10_000);
const kills = Number(option('kills') ?? 3);

function print(store: string, r: MapRunCrashReport): void {
  console.log(
    `${store.padEnd(10)} items ${r.items}  kills ${r.kills} (after ${r.doneAtKills.join(', ')} children succeeded)  ` +
      `problems ${r.problems.length}  duration ${(r.durationMs / 1000).toFixed(1)} s`,
  );
  for (const p of r.problems.slice(0, 20)) console.log(`  ${p}`);
}

let failed = false;
if (!only || only === 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-map-crash-'));
  try {
    const r = await crashMapRun({ items, kills, storeArgs: ['--data-dir', dir] });
    print('sqlite', r);
    failed ||= r.problems.length > 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (!only || only === 'postgres') {
  const db = await createTestDatabase('bench_map_crash');
  if (!db) console.log('postgres   skipped: no PostgreSQL at 127.0.0.1:5432');
  else {
    try {
      const r = await crashMapRun({ items, kills, storeArgs: ['--store', db.url] });
      print('postgres', r);
      failed ||= r.problems.length > 0;
    } finally {
      await db.drop();
    }
  }
}
process.exitCode = failed ? 1 : 0;
