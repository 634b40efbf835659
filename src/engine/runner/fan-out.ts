import type { Decision, ErrorValue, Json, Machine } from '../../asl/index.ts';
import { StatesErrors } from '../../asl/index.ts';
import { GROUP_FAILED, linkedAbort } from '../abort.ts';
import type { Clock } from '../clock.ts';
import { TASK_STATE_ABORTED_SINCE } from '../history/format.ts';
import type { History, Thread } from '../history/thread.ts';
import type { MapRunHandle, MapRunSettings } from '../map-runs.ts';
import { VariableScope } from '../variables.ts';
import type { Outcome } from './outcome.ts';
import type { FanOutResult } from './step-loop.ts';

const MAP_ITEM_RESULT_ERROR = StatesErrors.ExceedToleratedFailureThreshold;

/** What fan-out needs of the execution it runs in: its history, clock and a way to run a machine. */
export interface FanOutHost {
  readonly history: History;
  readonly clock: Clock;
  /** The format of the history being written (TaskStateAborted came with a later one). */
  readonly historyFormat: number;
  /** Whether the execution has stopped (closed, halted): nothing of a failed group is recorded then. */
  stopped(): boolean;
  /** Runs a branch or an iteration from its StartAt to its end. */
  runMachine(
    machine: Machine,
    input: Json,
    thread: Thread,
    vars: VariableScope,
    signal: AbortSignal,
  ): Promise<Outcome>;
  mapRunArn(stateName: string): string;
  /** Records a distributed Map run for the Map Run API (absent in harnesses that need none). */
  openMapRun(mapRunArn: string, settings: MapRunSettings): MapRunHandle | undefined;
}

/**
 * A Parallel or Map that fails aborts the Task states its branches had entered and not exited,
 * the failing one's included: AWS records TaskStateAborted for each, after the iteration's end
 * (LocalStack's snapshots recorded on AWS: test_callback SQS_PARALLEL_WAIT_FOR_TASK_TOKEN,
 * test_timeouts service_lambda_map_timeout). A stop or a shutdown records nothing of the kind,
 * nor does an execution whose history is in a format from before (history/format.ts).
 */
function taskAborted(host: FanOutHost, branch: Thread | undefined, r: Outcome, group: AbortSignal): void {
  if (r.ok || !r.inTask || !branch || group.reason !== GROUP_FAILED || host.stopped()) return;
  if (host.historyFormat < TASK_STATE_ABORTED_SINCE) return;
  host.history.append(branch, host.clock.now(), 'TaskStateAborted');
}

export async function runParallel(
  host: FanOutHost,
  branches: readonly Machine[],
  input: Json,
  thread: Thread,
  vars: VariableScope,
  outer: AbortSignal,
): Promise<FanOutResult> {
  host.history.append(thread, host.clock.now(), 'ParallelStateStarted');
  const group = linkedAbort(outer);
  let failure: ErrorValue | undefined;
  const threads = branches.map((): Thread => ({ last: thread.last, silent: thread.silent }));
  const outputs = await Promise.all(
    branches.map(async (branch, i) => {
      const r = await host.runMachine(
        branch,
        input,
        threads[i] ?? { last: thread.last, silent: thread.silent },
        new VariableScope(vars),
        group.signal,
      );
      if (!r.ok && !failure && !r.aborted) {
        failure = r;
        group.abort(GROUP_FAILED);
      }
      taskAborted(host, threads[i], r, group.signal);
      return r.ok ? r.output : null;
    }),
  );
  group.dispose();
  // The join follows the last event of its branches (not of the whole history, which may hold
  // other threads' events): the same on replay as on the first run.
  thread.last = Math.max(thread.last, ...threads.map((t) => t.last));
  if (failure) return { ok: false, ...failure };
  return { ok: true, outputs };
}

export async function runMap(
  host: FanOutHost,
  stateName: string,
  processor: Machine,
  mode: 'INLINE' | 'DISTRIBUTED',
  decision: Extract<Decision, { kind: 'map' }>,
  thread: Thread,
  vars: VariableScope,
  outer: AbortSignal,
): Promise<FanOutResult> {
  const clock = host.clock;
  const items = decision.items;
  host.history.append(thread, clock.now(), 'MapStateStarted', {
    mapStateStartedEventDetails: { length: items.length },
  });
  if (decision.runError) return { ok: false, recorded: true, ...decision.runError };
  const distributed = mode === 'DISTRIBUTED';
  // Thresholds and a Map Run's counts are in items; a batch is one child of several items.
  const sizes = decision.batchSizes;
  const sizeOf = (index: number): number => sizes?.[index] ?? 1;
  const itemTotal = sizes ? sizes.reduce((a, b) => a + b, 0) : items.length;
  let run: MapRunHandle | undefined;
  if (distributed) {
    const mapRunArn = host.mapRunArn(stateName);
    run = host.openMapRun(mapRunArn, {
      maxConcurrency: decision.maxConcurrency,
      toleratedFailureCount: decision.toleratedFailureCount,
      toleratedFailurePercentage: decision.toleratedFailurePercentage,
      total: itemTotal,
      executions: items.length,
    });
    host.history.append(thread, clock.now(), 'MapRunStarted', {
      mapRunStartedEventDetails: { mapRunArn },
    });
  }
  const group = linkedAbort(outer);
  const outputs: Json[] = new Array<Json>(items.length).fill(null);
  let failure: ErrorValue | undefined;
  let failures = 0;
  const tolerated = (): boolean => {
    // A map run's thresholds are live: UpdateMapRun may change them mid-run.
    const { toleratedFailureCount: count, toleratedFailurePercentage: pct } = run?.record ?? decision;
    if (count === undefined && pct === undefined) return false;
    if (count !== undefined && failures <= count) return true;
    return pct !== undefined && (failures / itemTotal) * 100 <= pct;
  };
  const iterations: Thread[] = [];
  const runItem = async (index: number): Promise<void> => {
    const details = { mapIterationStartedEventDetails: { name: stateName, index } };
    const iteration: Thread = { last: thread.last, silent: thread.silent || distributed };
    iterations.push(iteration);
    host.history.append(iteration, clock.now(), 'MapIterationStarted', details);
    run?.itemStarted(sizeOf(index));
    const r = await host.runMachine(
      processor,
      items[index] ?? null,
      iteration,
      new VariableScope(vars),
      group.signal,
    );
    const ref = { name: stateName, index };
    if (r.ok) {
      outputs[index] = r.output;
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
              error: MAP_ITEM_RESULT_ERROR,
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
  if (failure) {
    if (distributed) {
      run?.close('FAILED', clock.now());
      host.history.append(thread, clock.now(), 'MapRunFailed', {
        mapRunFailedEventDetails: {
          error: failure.error,
          ...(failure.cause ? { cause: failure.cause } : {}),
        },
      });
    }
    return { ok: false, recorded: false, ...failure };
  }
  run?.close(outer.aborted ? 'ABORTED' : 'SUCCEEDED', clock.now());
  if (distributed) host.history.append(thread, clock.now(), 'MapRunSucceeded');
  return { ok: true, outputs };
}
