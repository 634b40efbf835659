import type { Decision, ErrorValue, Json, Machine, ResultWriteSpec } from '../../asl/index.ts';
import { StatesErrors } from '../../asl/index.ts';
import { GROUP_FAILED, halted, linkedAbort } from '../abort.ts';
import type { Thread } from '../history/thread.ts';
import type { MapRunHandle } from '../map-runs.ts';
import type { ResultUpload } from '../../integrations/index.ts';
import type { FanOutHost } from './fan-out.ts';
import type { MapItem } from './map-items.ts';
import { MapItems } from './map-items.ts';
import { keepShape } from '../kept-shapes.ts';
import type { ItemSelect } from './map-items.ts';
import { KeptOutputs } from './kept-outputs.ts';
import { MapResults } from './map-results.ts';
import type { ItemEnd } from './map-item-run.ts';
import { itemRunner, valueOf } from './map-item-run.ts';
import type { VariableScope } from '../variables.ts';
import type { FanOutResult } from './step-loop.ts';

type MapDecision = Extract<Decision, { kind: 'map' }>;

/** A distributed Map runs at most this many children at once (AWS guide, "Distributed mode"). */
const MAX_CHILDREN = 10_000;

/**
 * An inline Map runs at most this many iterations at once, whatever its MaxConcurrency (AWS
 * guide, "Inline mode": "the Map state supports up to 40 concurrent iterations"). The others
 * start as earlier ones end: map-fanout (10,000 items, MaxConcurrency 0) no longer holds 10,000
 * iterations in flight.
 */
const MAX_INLINE = 40;

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
  const id = host.history.append(thread, now, 'MapRunFailed', {
    mapRunFailedEventDetails: { error: failure.error, ...(failure.cause ? { cause: failure.cause } : {}) },
  });
  if (host.history.fresh(id)) host.told?.mapRun('Failed');
  return {
    ok: false,
    recorded: false,
    error: failure.error,
    ...(failure.cause ? { cause: failure.cause } : {}),
  };
}

/** Where a ResultWriter with a Resource writes (opened before the children run: they stream to it). */
function openUpload(
  host: FanOutHost,
  stateName: string,
  spec: ResultWriteSpec | undefined,
  signal: AbortSignal,
): { upload?: ResultUpload; failure?: ErrorValue } {
  if (spec?.resource === undefined) return {};
  if (!host.tasks.uploadResults) {
    return {
      failure: { error: StatesErrors.ResultWriterFailed, cause: 'Stepwise has no Amazon S3 access here.' },
    };
  }
  const opened = host.tasks.uploadResults({
    resource: spec.resource,
    bucket: spec.bucket,
    signal,
    origin: { executionArn: host.executionArn, stateName },
  });
  return opened.ok ? { upload: opened.upload } : { failure: opened };
}

/** Opens the Map Run of a DISTRIBUTED Map, or finds it again (a restart, a redrive). */
function openRun(
  host: FanOutHost,
  stateName: string,
  decision: MapDecision,
  thread: Thread,
  items: MapItems,
): { run: MapRunHandle | undefined; mapRunArn: string; done: ReadonlyMap<number, unknown> | undefined } {
  const clock = host.clock;
  let mapRunArn = host.mapRunArn(stateName);
  const started = host.history.fresh(
    host.history.append(thread, clock.now(), 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn } }),
  );
  // Replayed (a redrive, a restart): the run keeps the ARN it was recorded with, and a run
  // that ended without succeeding is redriven rather than started again.
  const recorded = host.history.latest?.['mapRunStartedEventDetails']?.['mapRunArn'];
  let redriven;
  if (typeof recorded === 'string' && recorded !== mapRunArn) {
    mapRunArn = recorded;
    redriven = host.redriveMapRun(mapRunArn);
  }
  // Told of as it starts anew, or is redriven: not when a restart finds it again.
  if (started) host.told?.mapRun('Started');
  const run =
    redriven?.handle ??
    host.openMapRun(mapRunArn, {
      maxConcurrency: decision.maxConcurrency,
      toleratedFailureCount: decision.toleratedFailureCount,
      toleratedFailurePercentage: decision.toleratedFailurePercentage,
      total: items.items,
      executions: items.children,
    });
  if (redriven) {
    const id = host.history.append(thread, clock.now(), 'MapRunRedriven', {
      mapRunRedrivenEventDetails: { mapRunArn, redriveCount: redriven.redriveCount },
    });
    if (host.history.fresh(id)) host.told?.mapRun('Redriven');
  }
  return { run, mapRunArn, done: redriven?.succeeded };
}

/**
 * A Map state's iterations; a DISTRIBUTED one as a Map Run: its items read by its ItemReader
 * while its children run (`select` applies ItemSelector and ItemBatcher to them), each child a
 * workflow execution, started while fewer than MaxConcurrency run, failures tolerated up to the
 * thresholds, results shaped and exported by its ResultWriter.
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
  select: ItemSelect,
): Promise<FanOutResult> {
  const clock = host.clock;
  host.history.append(thread, clock.now(), 'MapStateStarted', {
    mapStateStartedEventDetails: { length: decision.items.length },
  });
  if (decision.runError) return { ok: false, recorded: true, ...decision.runError };
  const distributed = mode === 'DISTRIBUTED';
  // With an ItemReader, the items come while the children run (MapItems.read).
  const items = decision.reader ? new MapItems() : MapItems.of(decision.items, decision.batchSizes);
  keepShape(items);
  const opened = distributed ? openRun(host, stateName, decision, thread, items) : undefined;
  const run = opened?.run;
  const mapRunArn = opened?.mapRunArn ?? '';
  /** A redrive of the run: the children that succeeded before, with their outputs. */
  const done = opened?.done;
  const group = linkedAbort(outer);
  const writer = decision.writer;
  // Found unusable now, a ResultWriter fails the run only once its children have run (as before).
  const sink = openUpload(host, stateName, writer, outer);
  const results = writer ? new MapResults(writer, mapRunArn, sink.upload) : undefined;
  /** The outputs in item order (the state's result without a ResultWriter). */
  const outputs: Json[] = [];
  /** The outputs of the children that succeeded: kept for a redrive, should the run fail. */
  const succeeded = distributed ? new KeptOutputs() : undefined;
  const kept = (): Map<number, Json> => succeeded?.values() ?? new Map<number, Json>();
  let failure: ErrorValue | undefined;
  let failures = 0;
  const tolerated = (): boolean => {
    // A map run's thresholds are live: UpdateMapRun may change them mid-run.
    const { toleratedFailureCount: count, toleratedFailurePercentage: pct } = run?.record ?? decision;
    if (count === undefined && pct === undefined) return false;
    if (count !== undefined && failures <= count) return true;
    return pct !== undefined && (failures / Math.max(items.items, 1)) * 100 <= pct;
  };
  const runner = itemRunner(host, {
    stateName,
    mapRunArn,
    processor,
    distributed,
    redrive: done !== undefined,
    thread,
    vars,
    signal: group.signal,
    text: results !== undefined,
  });
  /** A child ended (`counted`: it ran in this attempt of the run, not before a redrive). */
  const ended = (index: number, item: MapItem, end: ItemEnd, counted = true): void => {
    results?.add({ ...end, index, input: item.input });
    if (end.status === 'SUCCEEDED') {
      if (!results) outputs[index] = valueOf(end);
      succeeded?.add(index, end.output ?? JSON.stringify(end.value ?? null));
      if (counted) run?.itemFinished('succeeded', item.size);
      return;
    }
    run?.itemFinished(
      end.status === 'TIMED_OUT' ? 'timedOut' : end.aborted ? 'aborted' : 'failed',
      item.size,
    );
    if (end.aborted) return;
    failures += item.size;
    if (!failure && !tolerated()) {
      failure = distributed
        ? {
            error: StatesErrors.ExceedToleratedFailureThreshold,
            cause: 'The specified tolerated failure threshold was exceeded',
          }
        : { error: end.error ?? '', cause: end.cause };
      group.abort(GROUP_FAILED);
    }
  };
  // Children start in order while fewer than MaxConcurrency run; a map run's MaxConcurrency is
  // live (UpdateMapRun), and a raise starts more at once.
  const limit = (): number => {
    const set = run?.record.maxConcurrency ?? decision.maxConcurrency;
    const most = distributed ? MAX_CHILDREN : MAX_INLINE;
    return set <= 0 || set > most ? most : set;
  };
  let next = 0;
  let running = 0;
  /** A bug in a child, rethrown once the others have ended (the execution then fails visibly). */
  let bug: Error | undefined;
  let reading: Promise<void> | undefined;
  await new Promise<void>((resolve) => {
    // Shared by every child: nothing of one child is kept to tell that it is over (a distributed
    // Map may start 10,000 children before the first ends; what each holds meanwhile outlives a GC).
    const over = (): void => {
      running--;
      pump();
    };
    const broke = (e: unknown): void => {
      running--;
      bug ??= e instanceof Error ? e : new Error(String(e));
      group.abort();
      pump();
    };
    const pump = (): void => {
      const max = limit();
      // Results waiting for S3 hold back new children (a slow bucket, not memory, sets the pace).
      while (!group.signal.aborted && running < max && !results?.full) {
        const item = items.take();
        if (!item) break;
        const index = next++;
        // A redriven run runs only the children that did not succeed before.
        if (done?.has(index)) {
          const value = (done.get(index) ?? null) as Json;
          const output = results && JSON.stringify(value);
          ended(index, item, { status: 'SUCCEEDED', value, output }, false);
          continue;
        }
        run?.itemStarted(item.size);
        running++;
        runner.run(index, item, ended).then(over, broke);
      }
      if (items.failure && !failure) {
        failure = items.failure;
        group.abort(GROUP_FAILED);
      }
      if (running === 0 && (group.signal.aborted || (items.ended && items.ready === 0))) resolve();
    };
    items.onChange = pump;
    run?.onUpdate(pump);
    if (sink.upload) sink.upload.onDrain = pump;
    if (decision.reader) {
      // Read after MapRunStarted: a reader's failure fails the Map Run (AWS-recorded: LocalStack's
      // test_map_item_reader_csv_headers_decl_duplicate_headers).
      const reader = decision.reader;
      const sizes = { items: 0, children: 0 };
      const grow = (): void => {
        if (!done) run?.grow(items.items - sizes.items, items.children - sizes.children);
        sizes.items = items.items;
        sizes.children = items.children;
        pump();
      };
      items.onChange = grow;
      reading = items
        .read(host.tasks, { executionArn: host.executionArn, stateName }, reader, select, group.signal, () =>
          Math.max(limit(), 500),
        )
        .catch((e: unknown) => {
          bug ??= e instanceof Error ? e : new Error(String(e));
          group.abort();
          pump();
        });
    } else pump();
  });
  items.release();
  await reading;
  if (bug !== undefined) throw bug;
  // What the reader read, kept with the run when small: a saved test answers its reads with it.
  if (decision.reader) run?.keepItemsRead(items.itemsRead);
  group.dispose();
  runner.join();
  // Children never started: PENDING in the results.
  if (results)
    for (const item of items.rest()) results.add({ index: next++, input: item.input, status: 'PENDING' });
  // Results are exported whether the run succeeded or not, unless the execution itself stopped.
  let output: Json | undefined;
  if (writer && results && !outer.aborted) {
    if (writer.resource !== undefined) {
      const exported = sink.failure ? ({ ok: false, ...sink.failure } as const) : await results.export();
      if (!exported.ok) return runFailed(host, run, thread, exported, kept());
      output = exported.output;
    } else output = results.shaped();
  } else await results?.abandon();
  // Halted (a shutdown, its lease lost): the run is not over, it goes on where the execution
  // resumes (the step loop records nothing of a halted execution).
  if (halted(outer)) return { ok: true, outputs };
  if (failure) {
    if (distributed) return runFailed(host, run, thread, failure, kept());
    return { ok: false, recorded: false, ...failure };
  }
  if (outer.aborted) {
    run?.close('ABORTED', clock.now(), kept());
    // Recorded as nothing: the execution's abort closes its history first.
    if (distributed) host.told?.mapRun('Aborted');
  } else {
    run?.close('SUCCEEDED', clock.now());
    if (distributed && host.history.fresh(host.history.append(thread, clock.now(), 'MapRunSucceeded'))) {
      host.told?.mapRun('Succeeded');
    }
  }
  return output === undefined ? mapOutputs(outputs) : mapOutput(output);
}

/** What a Map that ended well returns: its outputs, or the result its ResultWriter shaped. */
const mapOutputs = (outputs: Json[]): FanOutResult => ({ ok: true, outputs });
const mapOutput = (output: Json): FanOutResult => ({ ok: true, output });
// A run of one Map makes one result: dropped at a full GC, it took its hidden class along and left
// the step loop's `result.ok` without feedback, deoptimizing it at every Map's end (map-fanout).
keepShape(mapOutputs([]), mapOutputs);
keepShape(mapOutput(null), mapOutput);
