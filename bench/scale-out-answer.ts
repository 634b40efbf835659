// How long a SendTaskSuccess sent to one scale-out server takes to reach a task that another
// server drives (a benchmark, not a test). Two servers on one PostgreSQL per configuration; each
// round starts an execution on the first (which then drives it), waits for its task token, sends
// SendTaskSuccess to the second, and times until the next state's Lambda call arrives here (the
// task was answered and the execution went on, on the first server). Configurations alternate
// round by round, so that they share the machine's load alike:
//   notify    the message through the store, its owner woken by LISTEN/NOTIFY (the default)
//   polling   the same with STEPWISE_SCALE_OUT_NOTIFY=0: found by the owner's 0.5 s poll
//   forward   (with --before DIR: a checkout of an earlier Stepwise) the call forwarded over HTTP
//
// Then (--drains N, default 5) how long after a SIGTERM another server holds the leases that a
// third server handed back: at once when woken by NOTIFY, at the next 0.5 s claim poll otherwise.
//
//   npm run bench:scale-out-answer                            200 rounds per configuration
//   npm run bench:scale-out-answer -- --rounds 300 --before /tmp/stepwise-before
//
// The machine may be shared: the bench prints `uptime` before and after.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import type { TestDatabase } from '../src/test-support/postgres-database.ts';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';
import { callOk as call, listening } from '../test/support/server-process.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FUNCTIONS = resolve(ROOT, 'test/cluster/cluster-functions.mjs');
const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const rounds = Number(option('rounds') ?? 200);
const before = option('before');
const drains = Number(option('drains') ?? 5);
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:answered';

const DEFINITION = {
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'n.$': '$.n' } },
      ResultPath: null,
      Next: 'Done',
    },
    Done: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'notify', Payload: { done: true, 'n.$': '$.n' } },
      End: true,
    },
  },
};

/** Resolves each execution's token and its `done` call as they arrive. */
function collector() {
  const waiters = new Map<string, (at: number, token?: string) => void>();
  const early = new Map<string, { at: number; token?: string }>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const at = performance.now();
      res.end('{}');
      const e = JSON.parse(body) as { n: number; token?: string; done?: boolean };
      const key = `${e.done ? 'done' : 'token'}:${e.n}`;
      const w = waiters.get(key);
      if (w) w(at, e.token);
      else early.set(key, { at, ...(e.token ? { token: e.token } : {}) });
    });
  });
  const next = (key: string): Promise<{ at: number; token?: string }> => {
    const got = early.get(key);
    if (got) return Promise.resolve(got);
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${key} did not arrive within 30 s`)), 30_000);
      waiters.set(key, (at, token) => {
        clearTimeout(timer);
        waiters.delete(key);
        ok({ at, ...(token ? { token } : {}) });
      });
    });
  };
  return { server, next };
}

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

async function startServer(root: string, db: string, env: Record<string, string>): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      resolve(root, 'src/cli/main.ts'),
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--no-examples',
      '--functions',
      FUNCTIONS,
      '--store',
      db,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STEPWISE_SCALE_OUT: '1', ...env },
    },
  );
  const { url } = await listening(child);
  return { url, child };
}

interface Config {
  readonly name: string;
  readonly root: string;
  readonly env: Record<string, string>;
  readonly drained: number[];
  readonly db: TestDatabase;
  readonly servers: readonly [Server, Server];
  readonly reached: number[];
  readonly answered: number[];
}

/** A third server takes 5 executions, then is stopped with SIGTERM: ms until others hold them. */
async function drainTakeover(c: Config, nextN: () => number): Promise<number> {
  const leaving = await startServer(c.root, c.db.url, c.env);
  const db = new pg.Client({ connectionString: c.db.url });
  await db.connect();
  try {
    for (let i = 0; i < 5; i++) {
      await call(leaving.url, 'StartExecution', {
        stateMachineArn: MACHINE,
        input: JSON.stringify({ n: nextN() }),
      });
    }
    const held = async (): Promise<number> => {
      const r = await db.query(
        `SELECT count(*)::int AS n FROM execution_leases l JOIN documents d ON d.kind = 'server' AND d.key = l.owner
         WHERE d.data::json->>'url' = $1`,
        [leaving.url],
      );
      return (r.rows[0] as { n: number }).n;
    };
    while ((await held()) < 5) await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    leaving.child.kill('SIGTERM');
    while ((await held()) > 0) await new Promise((r) => setTimeout(r, 5));
    const took = performance.now() - t0;
    if (leaving.child.exitCode === null && leaving.child.signalCode === null)
      await once(leaving.child, 'exit');
    return took;
  } finally {
    leaving.child.kill('SIGKILL');
    await db.end();
  }
}

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function main(): Promise<void> {
  const uptime = (): string => execFileSync('uptime').toString().trim();
  console.log(`before: ${uptime()}`);
  const { server, next } = collector();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const collectorUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const wanted: Array<[string, string, Record<string, string>]> = [
    ['notify', ROOT, {}],
    ['polling', ROOT, { STEPWISE_SCALE_OUT_NOTIFY: '0' }],
    ...(before ? [['forward', resolve(before), {}] as [string, string, Record<string, string>]] : []),
  ];
  const configs: Config[] = [];
  try {
    for (const [name, root, env] of wanted) {
      const db = await createTestDatabase(`answer_${name}`);
      if (!db) throw new Error('no PostgreSQL at 127.0.0.1:5432');
      const e = { ...env, COLLECTOR_URL: collectorUrl };
      const a = await startServer(root, db.url, e);
      const b = await startServer(root, db.url, e);
      configs.push({ name, root, env: e, db, servers: [a, b], reached: [], answered: [], drained: [] });
      await call(a.url, 'CreateStateMachine', {
        name: 'answered',
        definition: JSON.stringify(DEFINITION),
        roleArn: 'arn:aws:iam::123456789012:role/r',
      });
    }
    let n = 0;
    const warmup = 10;
    for (let round = 0; round < rounds + warmup; round++) {
      for (let i = 0; i < configs.length; i++) {
        const c = configs[(round + i) % configs.length]!;
        const k = ++n;
        const [owner, other] = c.servers;
        await call(owner.url, 'StartExecution', {
          stateMachineArn: MACHINE,
          input: JSON.stringify({ n: k }),
        });
        const { token } = await next(`token:${k}`);
        const done = next(`done:${k}`);
        const t0 = performance.now();
        await call(other.url, 'SendTaskSuccess', { taskToken: token, output: '{}' });
        const t1 = performance.now();
        const { at } = await done;
        if (round < warmup) continue;
        c.answered.push(t1 - t0);
        c.reached.push(at - t0);
      }
    }
    for (let round = 0; round < drains; round++) {
      for (let i = 0; i < configs.length; i++) {
        const c = configs[(round + i) % configs.length]!;
        c.drained.push(await drainTakeover(c, () => ++n));
      }
    }
    console.log(`after: ${uptime()}`);
    console.log(
      `${rounds} rounds per configuration, alternating; ms from SendTaskSuccess sent to the second server`,
    );
    console.log('configuration | answered p50 | p99 | task reached (next state called) p50 | p99');
    for (const c of configs) {
      const f = (x: number): string => x.toFixed(1);
      console.log(
        `${c.name} | ${f(quantile(c.answered, 0.5))} | ${f(quantile(c.answered, 0.99))} | ${f(quantile(c.reached, 0.5))} | ${f(quantile(c.reached, 0.99))}`,
      );
    }
    if (drains > 0) {
      console.log(
        `\n${drains} drains per configuration; ms from SIGTERM until its 5 leases are held by others`,
      );
      console.log('configuration | median | max');
      for (const c of configs) {
        console.log(
          `${c.name} | ${quantile(c.drained, 0.5).toFixed(0)} | ${Math.max(...c.drained).toFixed(0)}`,
        );
      }
    }
  } finally {
    for (const c of configs) {
      for (const s of c.servers) {
        const exited = once(s.child, 'exit');
        s.child.kill('SIGKILL');
        await exited;
      }
      await c.db.drop();
    }
    server.close();
  }
}

await main();
