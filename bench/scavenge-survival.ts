// What an execution leaves for the young generation's collector (the scavenger) once it has
// closed: the bytes per execution a scavenge keeps, against the bytes a full collection keeps
// (what the engine really holds: a closed Standard execution's record and packed history).
//
//   npm run bench:survival                                   every workload, EXPRESS and STANDARD
//   npm run bench:survival -- --only task-chain,many-small --types STANDARD
//
// The difference is garbage the scavenger cannot see as garbage: objects in the old generation
// that died still point at young ones, which then survive every scavenge (and are promoted) until
// the next full collection. Each survivor is copied, and V8 grows the young generation while much
// survives: that was most of the Standard workloads' peak RSS above Express (npm run bench).
// "old-gen B" is what reached the old generation during the run, promoted or allocated there (V8
// put the closures made in one constructor there): each such object that dies holds what it
// points at this way. A long execution (choice-loop, map-fanout) promotes what it keeps while
// it runs, as it should.
//
// Method: per workload and type, in its own process (--expose-gc and the installed `stepwise`'s
// V8 flags), on Stepwise compiled to JavaScript: warm-up executions, a full GC, then N executions
// run as `npm run bench` runs them (one after another, or many-small's 100 at once), then a
// scavenge (gc({type: 'minor'})), then a full GC. Heap growth is divided by N. Deterministic on
// one Node version for executions run one after another: no timing is involved.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import { benchEngine, inFlight, type Kind, SPEC } from './in-process-child.ts';

interface Survival {
  name: string;
  kind: Kind;
  executions: number;
  oldGenBytes: number;
  afterScavenge: number;
  afterFullGc: number;
}

async function child(name: string, kind: Kind, shared: string): Promise<void> {
  const spec = SPEC[name]!;
  const file = spec.workload ?? name;
  const dir = join(shared, 'workloads');
  const definition = readFileSync(join(dir, `${file}.asl.json`), 'utf8');
  const input = readFileSync(join(dir, `${file}.input.json`), 'utf8');
  const engine = benchEngine(name);
  const { stateMachineArn } = engine.createStateMachine({
    name: file,
    type: kind,
    definition,
    roleArn: 'arn:aws:iam::123456789012:role/bench',
  });
  const run = async (): Promise<void> => {
    const done =
      kind === 'EXPRESS'
        ? await engine.startSyncExecution({ stateMachineArn, input })
        : await engine.waitForExecution(engine.startExecution({ stateMachineArn, input }).executionArn);
    if (done.status !== 'SUCCEEDED') throw new Error(`${name}: ${done.status} ${done.cause}`);
  };
  // Enough executions to average over, few enough that no scavenge falls among short ones run
  // one after another (a long execution, choice-loop's or map-fanout's, scavenges as it runs).
  // Those `npm run bench` runs many at once (many-small: 100 in flight) run so here, 20 times as
  // many: scavenges then fall among them, as they do there, and find some in flight.
  const concurrency = spec.concurrency ?? 1;
  const n =
    concurrency > 1 ? 20 * concurrency : Math.max(3, Math.min(200, Math.round(20_000 / spec.transitions)));
  const runs = (count: number): Promise<void> => inFlight(count, concurrency, run);
  await runs(n * 5);
  const gc = (globalThis as { gc?: (options?: object) => void }).gc!;
  const oldGen = (): number =>
    v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;
  const used = (): number => process.memoryUsage().heapUsed;
  gc();
  gc();
  const [old0, used0] = [oldGen(), used()];
  await runs(n);
  const old1 = oldGen();
  gc({ type: 'minor', execution: 'sync' });
  const scavenged = used();
  gc();
  const full = used();
  const result: Survival = {
    name,
    kind,
    executions: n,
    oldGenBytes: Math.round((old1 - old0) / n),
    afterScavenge: Math.round((scavenged - used0) / n),
    afterFullGc: Math.round((full - used0) / n),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  // Not imported above: the compiled child has no compiled.ts beside it.
  const { compiled, SHARED_BENCH, STEPWISE_NODE_FLAGS } = await import('./compiled.ts');
  const args = process.argv.slice(2);
  const opt = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const names = opt('--only')?.split(',') ?? Object.keys(SPEC);
  const kinds = (opt('--types')?.split(',') ?? ['EXPRESS', 'STANDARD']) as Kind[];
  const [script] = compiled([
    join(import.meta.dirname, 'scavenge-survival.ts'),
    join(import.meta.dirname, 'in-process-child.ts'),
  ]);
  // Workload and type to the left, the figures to the right.
  const widths = [14, 10, 5, 11, 16, 15, 10];
  const row = (cells: string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('');
  console.log(`node ${process.version}; bytes per execution after a run of N`);
  console.log(row(['workload', 'type', 'N', 'old-gen B', 'kept: scavenge', 'kept: full GC', 'floating']));
  for (const name of names) {
    for (const kind of kinds) {
      const argv = [
        ...STEPWISE_NODE_FLAGS,
        '--expose-gc',
        script!,
        '--survival-child',
        name,
        kind,
        SHARED_BENCH,
      ];
      const r = spawnSync(process.execPath, argv, { encoding: 'utf8' });
      const line = r.stdout.trim().split('\n').pop();
      if (r.status !== 0 || !line) throw new Error(`${name} ${kind} failed:\n${r.stderr}`);
      const s = JSON.parse(line) as Survival;
      const n = (x: number): string => x.toLocaleString('en-US');
      console.log(
        row([
          name,
          kind,
          n(s.executions),
          n(s.oldGenBytes),
          n(s.afterScavenge),
          n(s.afterFullGc),
          n(s.afterScavenge - s.afterFullGc),
        ]),
      );
    }
  }
}

if (process.argv[2] === '--survival-child') {
  const [, , , name, kind, shared] = process.argv;
  await child(name!, kind as Kind, shared!);
} else {
  await main();
}
