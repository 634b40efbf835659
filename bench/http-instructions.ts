// What one API call costs a server in instructions (a benchmark, not a test): `stepwise serve` on
// SQLite runs under `valgrind --tool=callgrind` with `node --predictable` (V8 on one thread,
// compiling included), takes `--warmup` calls, then its counters are zeroed and it takes
// `--requests` more (32 in flight, from this process: the server's instructions are counted, not
// the client's), and the count is divided by them. Unlike requests/s or CPU time, the figure does
// not move with the load of a shared machine, so two checkouts compare within ~1%: the Express
// call alike in every run; a Standard start's count is steady too, but its batches of commits
// depend on timing and one run in a few lands ~15% higher (run it again). V8 compiles there too
// (--predictable), and what it still optimizes after the warm-up is printed beside the count;
// `--by-function N` names the top N functions by their own instructions a call (JavaScript
// from --perf-basic-prof's map, bench/callgrind-functions.ts).
//
//   npm run bench:http-instructions                        EXPRESS (StartSyncExecution) and STANDARD
//   npm run bench:http-instructions -- --trees ../old,.    each checkout in turn, per type
//   npm run bench:http-instructions -- --types EXPRESS --requests 3000 --warmup 3000
//   npm run bench:http-instructions -- --types STANDARD --by-function 60    and its top 60 functions
//
// Needs valgrind (Debian: apt-get install -y valgrind); each server takes a few minutes.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { callOk as call, listening } from '../test/support/server-process.ts';
import { costLines, selfCosts, totals } from './callgrind-functions.ts';
import { STEPWISE_NODE_FLAGS } from './compiled.ts';
import { threePasses } from './http-load.ts';

type Kind = 'EXPRESS' | 'STANDARD';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const trees = (option('trees') ?? '.').split(',').map((t) => resolve(t));
const kinds = (option('types') ?? 'EXPRESS,STANDARD').split(',') as Kind[];
const requests = Number(option('requests') ?? 3000);
// V8 still compiles optimized code a few thousand calls in: after 3,000 calls, a third of the
// next 3,000 calls' instructions were its compiling (Express: 264k a call, 166k after 15,000).
const warmup = Number(option('warmup') ?? 12000);
const byFunction = option('by-function') === undefined ? undefined : Number(option('by-function'));
const IN_FLIGHT = 32;

/** Makes `count` calls of `action`, IN_FLIGHT at a time. */
async function load(url: string, action: string, body: object, count: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await call(url, action, body);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** What /tmp/perf-PID.map --perf-basic-prof writes for process `pid`. */
const perfMap = (pid: string): string => join('/tmp', `perf-${pid}.map`);

/**
 * Instructions the server of `tree` spends per call of a 3-Pass `kind` machine, those of V8
 * compiling optimized code among them, and (--by-function) the top functions' lines.
 */
async function measure(
  tree: string,
  kind: Kind,
): Promise<{ perCall: number; compiling: number; lines: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-instructions-'));
  const out = join(dir, 'callgrind.out');
  const child: ChildProcess = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}`,
      process.execPath,
      '--predictable',
      // One thread already (--predictable): said, so that the CLI does not start itself again
      // outside valgrind on a one-CPU machine (src/cli/gc-threads.ts).
      '--single-threaded-gc',
      ...(byFunction === undefined ? [] : ['--perf-basic-prof']),
      ...STEPWISE_NODE_FLAGS,
      join(tree, 'src/cli/main.ts'),
      'serve',
      ...['--host', '127.0.0.1', '--port', '0', '--no-examples', '--data-dir', dir, '--store', 'sqlite'],
    ],
    // Without the compile cache: the first run of a checkout with it once counted ~20% more (a
    // cache written under other flags than --predictable is rejected and written again, likely).
    {
      cwd: tree,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
    },
  );
  try {
    const { url } = await listening(child);
    const { stateMachineArn } = (await call(url, 'CreateStateMachine', threePasses(kind))) as {
      stateMachineArn: string;
    };
    const action = kind === 'EXPRESS' ? 'StartSyncExecution' : 'StartExecution';
    const body = { stateMachineArn, input: '{"k":1}' };
    await load(url, action, body, warmup);
    const pid = String(child.pid);
    execFileSync('callgrind_control', ['--zero', pid], { stdio: 'ignore' });
    await load(url, action, body, requests);
    execFileSync('callgrind_control', ['--dump', pid], { stdio: 'ignore' });
    const { total, compiling } = totals(`${out}.1`);
    if (!total) throw new Error(`no callgrind summary in ${out}.1`);
    let lines: string[] = [];
    if (byFunction !== undefined) {
      const own = selfCosts(`${out}.1`, perfMap(pid));
      // The frames under way when counting began and ended (main, the event loop) come out with
      // the whole count: left out.
      for (const [key, cost] of own) if (cost >= 0.9 * total && key !== 'PROGRAM TOTALS') own.delete(key);
      lines = costLines(own, requests, byFunction);
    }
    return { perCall: total / requests, compiling: compiling / requests, lines };
  } finally {
    if (byFunction !== undefined) rmSync(perfMap(String(child.pid)), { force: true });
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `servers on SQLite under callgrind (node --predictable ${STEPWISE_NODE_FLAGS.join(' ')}); ` +
    `${warmup} calls of warm-up, then ${requests} counted, ${IN_FLIGHT} in flight`,
);
for (const kind of kinds) {
  let first: number | undefined;
  for (const tree of trees) {
    const { perCall, compiling, lines } = await measure(tree, kind);
    first ??= perCall;
    const ratio = trees.length > 1 ? `  ${(perCall / first).toFixed(3)}x the first` : '';
    const compiled = `(${Math.round(compiling).toLocaleString('en-US')} of them V8 compiling)`;
    console.log(
      `${kind.padEnd(8)} ${Math.round(perCall).toLocaleString('en-US').padStart(9)} instructions a call ${compiled}  ${tree}${ratio}`,
    );
    for (const line of lines) console.log(line);
  }
}
