import type { Decision, ErrorValue, Json, Machine, ResultWriteSpec } from '../../asl/index.ts';
import { StatesErrors } from '../../asl/index.ts';
import { GROUP_FAILED, linkedAbort } from '../abort.ts';
import type { Thread } from '../history/thread.ts';
import type { MapRunHandle } from '../map-runs.ts';
import { VariableScope } from '../variables.ts';
import type { FanOutHost } from './fan-out.ts';
import { taskAborted } from './fan-out.ts';
import { readMapItems } from './map-items.ts';
import type { ChildResult } from './map-results.ts';
import { resultFiles, transformed } from './map-results.ts';
import type { FanOutResult } from './step-loop.ts';

type MapDecision = Extract<Decision, { kind: 'map' }>;

/** The Map Run ends in failure: MapRunFailed, then the Map state fails (MapStateFailed). */
function runFailed(
  host: FanOutHost,
  run: MapRunHandle | undefined,
  thread: Thread,
  failure: ErrorValue,
  succeeded: ReadonlyMap<number, Json>,
): FanOutResult {
  const now = host.clock.now();
  run?.close('FAILED', now, succeeded);
  host.history.append(thread, now, 'MapRunFailed', {
    mapRunFailedEventDetails: { error: failure.error, ...(failure.cause ? { cause: failure.cause } : {}) },
  });
  return {
    ok: false,
    recorded: false,
    error: failure.error,
    ...(failure.cause ? { cause: failure.cause } : {}),
  };
}

/** Exports the children's results; the Map state's output then names the manifest. */
async function exportResults(
  host: FanOutHost,
  spec: ResultWriteSpec,
  mapRunArn: string,
  children: readonly ChildResult[],
  signal: AbortSignal,
): Promise<{ ok: true; output: Json } | ({ ok: false } & ErrorValue)> {
  const { files, output } = resultFiles(spec, mapRunArn, children);
  if (!host.tasks.writeResults) {
    return {
      ok: false,
      error: StatesErrors.ResultWriterFailed,
      cause: 'Stepwise has no Amazon S3 access here.',
    };
  }
  const written = await host.tasks.writeResults({
    resource: spec.resource ?? '',
    bucket: spec.bucket,
    files,
    signal,
  });
  return written.ok ? { ok: true, output } : written;
}

/**
 * A Map state's iterations; a DISTRIBUTED one as a Map Run: its items read by its ItemReader
 * (`select` applies ItemSelector and ItemBatcher to them), children started while fewer than
 * MaxConcurrency run, failures tolerated up to the thresholds, results shaped and exported by its
 * ResultWriter.
 */
export async function runMap(
  host: FanOutHost,
  stateName: string,
  processor: Machine,
  mode: 'INLINE' | 'DISTRIBUTED',
  decision: MapDecision,
  thread: Thread,
  vars: VariableScope,
  outer: AbortSignal,
  select: (items: readonly Json[]) => Decision | Promise<Decision>,
): Promise<FanOutResult> {
  const clock = host.clock;
  let items = decision.items;
  let outputs: Json[] = [];
  host.history.append(thread, clock.now(), 'MapStateStarted', {
    mapStateStartedEventDetails: { length: items.length },
  });
  if (decision.runError) return { ok: false, recorded: true, ...decision.runError };
  const distributed = mode === 'DISTRIBUTED';
  // Thresholds and a Map Run's counts are in items; a batch is one child of several items.
  let sizes = decision.batchSizes;
  const sizeOf = (index: number): number => sizes?.[index] ?? 1;
  const itemTotal = (): number => (sizes ? sizes.reduce((a, b) => a + b, 0) : items.length);
  let run: MapRunHandle | undefined;
  let mapRunArn = '';
  /** A redrive of the run: the children that succeeded before, with their outputs. */
  let done: ReadonlyMap<number, unknown> | undefined;
  if (distributed) {
    mapRunArn = host.mapRunArn(stateName);
    host.history.append(thread, clock.now(), 'MapRunStarted', {
      mapRunStartedEventDetails: { mapRunArn },
    });
    // Replayed (a redrive, a restart): the run keeps the ARN it was recorded with, and a run
    // that ended without succeeding is redriven rather than started again.
    const recorded = host.history.latest?.['mapRunStartedEventDetails']?.['mapRunArn'];
    let redriven;
    if (typeof recorded === 'string' && recorded !== mapRunArn) {
      mapRunArn = recorded;
      redriven = host.redriveMapRun(mapRunArn);
    }
    run =
      redriven?.handle ??
      host.openMapRun(mapRunArn, {
        maxConcurrency: decision.maxConcurrency,
        toleratedFailureCount: decision.toleratedFailureCount,
        toleratedFailurePercentage: decision.toleratedFailurePercentage,
        total: itemTotal(),
        executions: items.length,
      });
    if (redriven) {
      done = redriven.succeeded;
      host.history.append(thread, clock.now(), 'MapRunRedriven', {
        mapRunRedrivenEventDetails: { mapRunArn, redriveCount: redriven.redriveCount },
      });
    }
  }
  const succeeded = new Set<number>(done?.keys());
  const kept = (): Map<number, Json> => new Map([...succeeded].map((i) => [i, outputs[i] ?? null]));
  if (decision.reader) {
    // Read after MapRunStarted: a reader's failure fails the Map Run (AWS-recorded: LocalStack's
    // test_map_item_reader_csv_headers_decl_duplicate_headers).
    const read = await readMapItems(host.tasks, decision.reader, select, outer);
    if (!read.ok) return runFailed(host, run, thread, read, kept());
    items = read.items;
    sizes = read.batchSizes;
    if (!done) run?.resize(itemTotal(), items.length);
  }
  const writer = decision.writer;
  const children: ChildResult[] | undefined = writer
    ? items.map((input, index): ChildResult => ({ index, input, status: 'PENDING' }))
    : undefined;
  const total = itemTotal();
  const group = linkedAbort(outer);
  outputs = new Array<Json>(items.length).fill(null);
  for (const [i, output] of done ?? []) {
    outputs[i] = output as Json;
    const child = children?.[i];
    if (child) Object.assign(child, { status: 'SUCCEEDED', output });
  }
  let failure: ErrorValue | undefined;
  let failures = 0;
  const tolerated = (): boolean => {
    // A map run's thresholds are live: UpdateMapRun may change them mid-run.
    const { toleratedFailureCount: count, toleratedFailurePercentage: pct } = run?.record ?? decision;
    if (count === undefined && pct === undefined) return false;
    if (count !== undefined && failures <= count) return true;
    return pct !== undefined && (failures / total) * 100 <= pct;
  };
  const iterations: Thread[] = [];
  const runItem = async (index: number): Promise<void> => {
    const details = { mapIterationStartedEventDetails: { name: stateName, index } };
    const iteration: Thread = { last: thread.last, silent: thread.silent || distributed };
    iterations.push(iteration);
    host.history.append(iteration, clock.now(), 'MapIterationStarted', details);
    run?.itemStarted(sizeOf(index));
    const child = children?.[index];
    if (child) child.start = clock.now();
    const r = await host.runMachine(
      processor,
      items[index] ?? null,
      iteration,
      new VariableScope(vars),
      group.signal,
    );
    if (child) {
      child.stop = clock.now();
      child.status = r.ok ? 'SUCCEEDED' : r.aborted ? 'ABORTED' : 'FAILED';
      if (r.ok) child.output = r.output;
      else if (!r.aborted) {
        child.error = r.error;
        child.cause = r.cause;
      }
    }
    const ref = { name: stateName, index };
    if (r.ok) {
      outputs[index] = r.output;
      succeeded.add(index);
      run?.itemFinished('succeeded', sizeOf(index));
      host.history.append(iteration, clock.now(), 'MapIterationSucceeded', {
        mapIterationSucceededEventDetails: ref,
      });
    } else if (r.aborted) {
      run?.itemFinished('aborted', sizeOf(index));
      host.history.append(iteration, clock.now(), 'MapIterationAborted', {
        mapIterationAbortedEventDetails: ref,
      });
    } else {
      run?.itemFinished('failed', sizeOf(index));
      host.history.append(iteration, clock.now(), 'MapIterationFailed', {
        mapIterationFailedEventDetails: ref,
      });
      failures += sizeOf(index);
      if (!failure && !tolerated()) {
        failure = distributed
          ? {
              error: StatesErrors.ExceedToleratedFailureThreshold,
              cause: 'The specified tolerated failure threshold was exceeded',
            }
          : r;
        group.abort(GROUP_FAILED);
      }
    }
    taskAborted(host, iteration, r, group.signal);
  };
  // Children start in order while fewer than MaxConcurrency run; a map run's MaxConcurrency is
  // live (UpdateMapRun), and a raise starts more at once.
  let next = 0;
  let running = 0;
  /** A bug in a child, rethrown once the others have ended (the execution then fails visibly). */
  let bug: Error | undefined;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      const limit = run?.record.maxConcurrency ?? decision.maxConcurrency;
      while (next < items.length && !group.signal.aborted && (limit <= 0 || running < limit)) {
        // A redriven run runs only the children that did not succeed before.
        if (done?.has(next)) {
          next++;
          continue;
        }
        running++;
        const ended = (): void => {
          running--;
          pump();
        };
        runItem(next++).then(ended, (e: unknown) => {
          bug ??= e instanceof Error ? e : new Error(String(e));
          group.abort();
          ended();
        });
      }
      if (running === 0) resolve();
    };
    run?.onUpdate(pump);
    pump();
  });
  if (bug !== undefined) throw bug;
  group.dispose();
  for (const t of iterations) if (t.last > thread.last) thread.last = t.last;
  // Results are exported whether the run succeeded or not, unless the execution itself stopped.
  let output: Json | undefined;
  if (writer && children && !outer.aborted) {
    if (writer.resource !== undefined) {
      const exported = await exportResults(host, writer, mapRunArn, children, outer);
      if (!exported.ok) return runFailed(host, run, thread, exported, kept());
      output = exported.output;
    } else output = transformed(writer, mapRunArn, children);
  }
  if (failure) {
    if (distributed) return runFailed(host, run, thread, failure, kept());
    return { ok: false, recorded: false, ...failure };
  }
  if (outer.aborted) run?.close('ABORTED', clock.now(), kept());
  else run?.close('SUCCEEDED', clock.now());
  if (distributed) host.history.append(thread, clock.now(), 'MapRunSucceeded');
  return output === undefined ? { ok: true, outputs } : { ok: true, output };
}
