import type { ErrorValue, Json, Machine } from '../../asl/index.ts';
import type { MapData } from '../../integrations/index.ts';
import { GROUP_FAILED, linkedAbort } from '../abort.ts';
import type { Clock } from '../clock.ts';
import { TASK_STATE_ABORTED_SINCE } from '../history/format.ts';
import type { Following } from '../following.ts';
import type { History, Thread } from '../history/thread.ts';
import type { ChildEnd, ChildRequest } from '../map-child.ts';
import type { MapRunHandle, MapRunSettings, RedrivenRun } from '../map-runs.ts';
import { VariableScope } from '../variables.ts';
import type { Outcome } from './outcome.ts';
import type { FanOutResult } from './step-loop.ts';

/** What fan-out needs of the execution it runs in: its history, clock and a way to run a machine. */
export interface FanOutHost {
  readonly executionArn: string;
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
  /** The recorded run again, when a redrive of the execution reaches its Map (absent: none kept). */
  redriveMapRun(mapRunArn: string): RedrivenRun | undefined;
  /** Where a distributed Map's ItemReader reads and its ResultWriter writes (Amazon S3). */
  readonly tasks: Partial<MapData>;
  /**
   * Runs a distributed Map's item as a child workflow execution (absent: the items run as
   * iterations of this execution, where no owner keeps executions: harnesses, Express parents).
   */
  readonly runChild: ((request: ChildRequest) => Promise<ChildEnd>) | undefined;
  /** Its observers, when some are told of its tasks and Map Runs (absent: none are). */
  readonly told?: Following | undefined;
}

/**
 * A Parallel or Map that fails aborts the Task states its branches had entered and not exited,
 * the failing one's included: AWS records TaskStateAborted for each, after the iteration's end
 * (LocalStack's snapshots recorded on AWS: test_callback SQS_PARALLEL_WAIT_FOR_TASK_TOKEN,
 * test_timeouts service_lambda_map_timeout). A stop or a shutdown records nothing of the kind,
 * nor does an execution whose history is in a format from before (history/format.ts).
 */
export function taskAborted(
  host: FanOutHost,
  branch: Thread | undefined,
  r: Outcome,
  group: AbortSignal,
): void {
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
  // Each branch's end is a `then`, not an async function's frame: as many microtask turns.
  const outputs = await Promise.all(
    branches.map((branch, i) =>
      host
        .runMachine(
          branch,
          input,
          threads[i] ?? { last: thread.last, silent: thread.silent },
          new VariableScope(vars),
          group.signal,
        )
        .then((r) => {
          if (!r.ok && !failure && !r.aborted) {
            failure = r;
            group.abort(GROUP_FAILED);
          }
          taskAborted(host, threads[i], r, group.signal);
          return r.ok ? r.output : null;
        }),
    ),
  );
  group.dispose();
  // The join follows the last event of its branches (not of the whole history, which may hold
  // other threads' events): the same on replay as on the first run.
  thread.last = Math.max(thread.last, ...threads.map((t) => t.last));
  if (failure) return { ok: false, ...failure };
  return { ok: true, outputs };
}
