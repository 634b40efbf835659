import type { Doc, ExecutionRow } from '../../store/index.ts';
import type { Clock } from '../clock.ts';
import type { ExecutionRecord } from '../execution.ts';
import { closeUnsuccessfully } from '../execution.ts';
import type { GroupCommit } from '../group-commit.ts';
import type { HistoryEvent } from '../history/event.ts';
import { TimerScheduler } from './scheduler.ts';

/** A Standard execution asleep on its durable timer: its record, not its history. */
export interface Parked<Source> {
  readonly record: ExecutionRecord;
  /** What the execution runs (the engine resumes it with it). */
  readonly source: Source;
  /** The id of its last event (its stop appends after it). */
  readonly lastId: number;
  /** Resolves when it runs again or is stopped. */
  readonly woken: Promise<void>;
}

interface Entry<Source> extends Parked<Source> {
  wake(): void;
}

/**
 * The executions parked on durable timers (DESIGN.md decision 4): a timer row in the store and a
 * record in memory each. The scheduler calls `due` when a timer fires; the engine then takes the
 * execution back and resumes it by replay.
 */
export class ParkedExecutions<Source> {
  readonly #entries = new Map<string, Entry<Source>>();
  readonly #timers: TimerScheduler;
  readonly #clock: Clock;
  readonly #journal: GroupCommit | undefined;
  readonly #row: (record: ExecutionRecord, source: Source) => ExecutionRow;

  constructor(deps: {
    readonly clock: Clock;
    readonly journal: GroupCommit | undefined;
    readonly row: (record: ExecutionRecord, source: Source) => ExecutionRow;
    readonly due: (executionArn: string) => void;
  }) {
    this.#clock = deps.clock;
    this.#journal = deps.journal;
    this.#row = deps.row;
    this.#timers = new TimerScheduler(deps.clock, deps.due);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(executionArn: string): Parked<Source> | undefined {
    return this.#entries.get(executionArn);
  }

  records(): ExecutionRecord[] {
    return [...this.#entries.values()].map((p) => p.record);
  }

  /** Keeps an execution asleep until `fireAt`: its timer row is written with the next commit. */
  park(record: ExecutionRecord, source: Source, lastId: number, fireAt: number): void {
    let wake = (): void => {};
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.#entries.set(record.executionArn, { record, source, lastId, woken, wake });
    this.#journal?.timer({ executionArn: record.executionArn, fireAt });
    this.#timers.schedule(record.executionArn, fireAt);
  }

  /** Tries a due execution again at `at` (its history could not be read). */
  retry(executionArn: string, at: number): void {
    this.#timers.schedule(executionArn, at);
  }

  /** Takes `parked` out to run it again; false if it is no longer parked (it was stopped). */
  take(parked: Parked<Source>): boolean {
    const entry = this.#entries.get(parked.record.executionArn);
    if (entry !== parked) return false;
    this.#entries.delete(parked.record.executionArn);
    entry.wake();
    return true;
  }

  /** StopExecution: closes it as ABORTED without waking it; ExecutionAborted follows its last event. */
  stop(parked: Parked<Source>, error: string | undefined, cause: string | undefined): HistoryEvent {
    const { record, lastId } = parked;
    const arn = record.executionArn;
    const now = this.#clock.now();
    const details = closeUnsuccessfully(record, 'ABORTED', now, error, cause);
    const aborted: HistoryEvent = {
      id: lastId + 1,
      previousEventId: lastId,
      timestamp: now,
      type: 'ExecutionAborted',
      executionAbortedEventDetails: details,
    };
    this.#journal?.event({ executionArn: arn, id: aborted.id, data: aborted as unknown as Doc });
    this.#journal?.execution(this.#row(record, parked.source));
    this.#journal?.clearTimer(arn);
    this.#timers.cancel(arn);
    this.#entries.get(arn)?.wake();
    this.#entries.delete(arn);
    return aborted;
  }

  /** Fires nothing more (the engine halts). */
  close(): void {
    this.#timers.close();
  }
}
