import type { Json, Machine } from '../../asl/index.ts';
import type { DetailsMember } from '../history/event-makers.ts';
import type { Thread } from '../history/thread.ts';
import { VariableScope } from '../variables.ts';
import type { FanOutHost } from './fan-out.ts';
import { taskAborted } from './fan-out.ts';
import type { MapItem } from './map-items.ts';
import type { ChildEnding } from './map-results.ts';

/** How one child (or inline iteration) of a Map ended. */
export interface ItemEnd extends ChildEnding {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  /** Stopped by the Map itself (a failed sibling, a stop): no failure of its own. */
  readonly aborted?: boolean;
  /** Its output as a value (iterations); child executions give `output`, its JSON text. */
  readonly value?: Json | undefined;
}

/** Told how item `index` ended (one function for all: no closure per item). */
type Settle = (index: number, item: MapItem, end: ItemEnd) => void;

/** Its output value (parsed from a child's text only when asked). */
export const valueOf = (end: ItemEnd): Json =>
  end.value !== undefined ? end.value : (JSON.parse(end.output ?? 'null') as Json);

export interface ItemRunSettings {
  readonly stateName: string;
  readonly mapRunArn: string;
  readonly processor: Machine;
  readonly distributed: boolean;
  readonly redrive: boolean;
  readonly thread: Thread;
  readonly vars: VariableScope;
  readonly signal: AbortSignal;
  /** Results are written down as text (a ResultWriter): an iteration's output is serialized. */
  readonly text: boolean;
}

/** The details of an inline iteration's events: its Map state's name and its index. */
const ITERATION_REF = { name: '', index: 0 };

/**
 * An iteration's details, a copy of ITERATION_REF, not a literal: V8 pretenures a literal whose
 * objects outlive young collections, as a history's do (history/event-makers.ts).
 */
function iterationRef(name: string, index: number): typeof ITERATION_REF {
  const ref = { ...ITERATION_REF };
  ref.name = name;
  ref.index = index;
  return ref;
}

/** Records one of an inline iteration's MapIteration* events. */
function recordIteration(
  host: FanOutHost,
  thread: Thread,
  type: string,
  member: DetailsMember,
  ref: typeof ITERATION_REF,
): void {
  host.history.appendWith(thread, host.clock.now(), type, member, ref);
}

/** ProcessorConfig.ExecutionType of a distributed Map's ItemProcessor. */
const expressProcessor = (processor: Machine): boolean => {
  const config = processor.raw['ProcessorConfig'];
  return typeof config === 'object' && config !== null && !Array.isArray(config)
    ? config['ExecutionType'] === 'EXPRESS'
    : false;
};

/**
 * Runs a Map's items: a DISTRIBUTED Map's as child workflow executions where the execution's owner
 * starts them, otherwise as iterations of the execution itself (an inline Map records each with
 * MapIteration* events). `settle` is told the end before the Task states of a failed iteration
 * are recorded as aborted, so that the failure that aborts the group comes first.
 */
export function itemRunner(
  host: FanOutHost,
  s: ItemRunSettings,
): {
  run(index: number, item: MapItem, settle: Settle): Promise<void>;
  /** The join: the Map continues after the last event of its iterations. */
  join(): void;
} {
  const clock = host.clock;
  const express = expressProcessor(s.processor);
  const iterations: Thread[] = [];
  const children = s.distributed ? host.runChild : undefined;
  const child = async (index: number, item: MapItem, settle: Settle): Promise<void> => {
    const end = await children!({
      mapRunArn: s.mapRunArn,
      index,
      input: item.input,
      processor: s.processor,
      express,
      redrive: s.redrive,
      signal: s.signal,
    });
    // RUNNING: the engine halted under it; it resumes with its parent.
    const status = end.status === 'RUNNING' ? 'ABORTED' : end.status;
    settle(index, item, {
      status,
      aborted: status === 'ABORTED' && s.signal.aborted,
      output: end.output,
      error: end.error,
      cause: end.cause,
      start: end.startDate,
      stop: end.stopDate,
      executionArn: end.executionArn,
      redriveCount: end.redriveCount,
    });
  };
  // Not an async function: its frame for each of a Map's iterations (map-fanout: 10,000), where a
  // `then` reaches the Map in as many microtask turns.
  const iteration = (index: number, item: MapItem, settle: Settle): Promise<void> => {
    try {
      return iterate(index, item, settle);
    } catch (e) {
      // As an async function's would: the Map is told through the promise (its `broke`).
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const iterate = (index: number, item: MapItem, settle: Settle): Promise<void> => {
    const thread: Thread = { last: s.thread.last, silent: s.thread.silent || s.distributed };
    // A silent thread's `last` never moves: the join has nothing to learn from it.
    if (!thread.silent) iterations.push(thread);
    // A silent iteration (Express, a distributed Map's in its parent) records nothing: it builds
    // no event details and reads no clock for them (map-fanout: 10,000 iterations in one run).
    const ref = thread.silent ? undefined : iterationRef(s.stateName, index);
    if (ref) recordIteration(host, thread, 'MapIterationStarted', 'mapIterationStartedEventDetails', ref);
    // Only a ResultWriter reads when an iteration started and stopped.
    const start = s.text ? clock.now() : undefined;
    const running = host.runMachine(s.processor, item.input, thread, new VariableScope(s.vars), s.signal);
    return running.then((r) => {
      const stop = s.text ? clock.now() : undefined;
      if (r.ok) {
        if (ref)
          recordIteration(host, thread, 'MapIterationSucceeded', 'mapIterationSucceededEventDetails', ref);
        const output = s.text ? JSON.stringify(r.output) : undefined;
        settle(index, item, { status: 'SUCCEEDED', value: r.output, output, start, stop });
      } else if (r.aborted) {
        if (ref) recordIteration(host, thread, 'MapIterationAborted', 'mapIterationAbortedEventDetails', ref);
        settle(index, item, { status: 'ABORTED', aborted: true, start, stop });
      } else {
        if (ref) recordIteration(host, thread, 'MapIterationFailed', 'mapIterationFailedEventDetails', ref);
        settle(index, item, { status: 'FAILED', error: r.error, cause: r.cause, start, stop });
      }
      taskAborted(host, thread, r, s.signal);
    });
  };
  return {
    run: children ? child : iteration,
    join: () => {
      for (const t of iterations) if (t.last > s.thread.last) s.thread.last = t.last;
    },
  };
}
