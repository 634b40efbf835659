// The scale-out kill test at the size of issue 17 (a benchmark, not a test): three servers on one
// PostgreSQL, 1,000 executions (Lambda tasks, retries, Waits, callbacks, activities, an inline
// Map, and one in ten a Distributed Map of 5 STANDARD children), one server then another killed
// with SIGKILL mid-run. Every execution must finish exactly once with a gap-free history.
//
//   npm run bench:scale-out-kill                     1,000 executions
//   npm run bench:scale-out-kill -- --executions 300
//
// The scenario is test/support/scale-out-kill.ts. Exit code 1 on any problem.
import { execSync } from 'node:child_process';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';
import { killScaleOut } from '../test/support/scale-out-kill.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const executions = Number(option('executions') ?? 1000);

const db = await createTestDatabase('bench_scale_out_kill');
if (!db) {
  console.log('skipped: no PostgreSQL at 127.0.0.1:5432');
} else {
  try {
    console.log(`load before: ${execSync('uptime').toString().trim()}`);
    const r = await killScaleOut({ dbUrl: db.url, executions, log: (line) => console.log(line) });
    console.log(`load after: ${execSync('uptime').toString().trim()}`);
    console.log(
      `executions ${r.executions} + children ${r.children}  kills at ${r.doneAtKills.join(', ')} closed  ` +
        `claimed within ${r.claimedWithinMs.join(', ')} ms  problems ${r.problems.length}  ` +
        `duration ${(r.durationMs / 1000).toFixed(1)} s`,
    );
    for (const p of r.problems.slice(0, 30)) console.log(`  ${p}`);
    process.exitCode = r.problems.length > 0 ? 1 : 0;
  } finally {
    await db.drop();
  }
}
