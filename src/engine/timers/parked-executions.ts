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
}

/**
 * How many parked executions keep their record in memory (the most recently parked or read):
 * the others are their timer only (an ARN and a time, about 200 bytes), and their record is
 * read from the store when they fall due or a call asks about them (`load`).
 */
const HELD = 1000;

/**
 * The executions parked on durable timers (DESIGN.md decision 4): a timer row in the store and,
 * in memory, its ARN and time in the scheduler, plus the record of the last few (HELD). The
 * scheduler calls `due` when a timer fires; the engine then takes the execution back and resumes
 * it by replay.
 */
export class ParkedExecutions<Source> {
  /** Every parked execution's timer (its ARN and time): the index of which are parked. */
  readonly #timers: TimerScheduler;
  /** Records of the most recently parked or loaded ones, oldest first (a Map keeps that order). */
  readonly #held = new Map<string, Parked<Source>>();
  /** Fired, not taken yet (their history is being read): still parked. */
  readonly #waking = new Set<string>();
  /** Callers of `woken`, made only when somebody waits. */
  readonly #waiters = new Map<string, (() => void)[]>();
  readonly #clock: Clock;
  readonly #journal: GroupCommit | undefined;
  readonly #row: (record: ExecutionRecord, source: Source) => ExecutionRow;
  readonly #evicted: (executionArn: string) => void;

  constructor(deps: {
    readonly clock: Clock;
    readonly journal: GroupCommit | undefined;
    readonly row: (record: ExecutionRecord, source: Source) => ExecutionRow;
    readonly due: (executionArn: string) => void;
    /** Its record left memory: what was kept beside it may go too. */
    readonly evicted: (executionArn: string) => void;
  }) {
    this.#clock = deps.clock;
    this.#journal = deps.journal;
    this.#row = deps.row;
    this.#evicted = deps.evicted;
    this.#timers = new TimerScheduler(deps.clock, (arn) => {
      this.#waking.add(arn);
      deps.due(arn);
    });
  }

  get size(): number {
    return this.#timers.size + this.#waking.size;
  }

  /**
   * Up to `count` parked executions, those that sleep longest first (not those being woken):
   * the cheapest to hand to another server.
   */
  sleepiest(count: number): string[] {
    return this.#timers.latest(count);
  }

  /** Whether the execution is parked, its record in memory or not. */
  has(executionArn: string): boolean {
    return this.#timers.has(executionArn) || this.#waking.has(executionArn);
  }

  /** The parked execution with its record, if that is in memory (`load` it otherwise). */
  get(executionArn: string): Parked<Source> | undefined {
    return this.#held.get(executionArn);
  }

  /** The records in memory (the others are listed from the store). */
  records(): ExecutionRecord[] {
    return [...this.#held.values()].map((p) => p.record);
  }

  /** Keeps an execution asleep until `fireAt`: its timer row is written with the next commit. */
  park(record: ExecutionRecord, source: Source, lastId: number, fireAt: number): void {
    this.#hold({ record, source, lastId });
    this.#journal?.timer({ executionArn: record.executionArn, fireAt });
    this.#timers.schedule(record.executionArn, fireAt);
  }

  /** An execution asleep in the store (a restart): only its timer is kept; `hold` adds its record. */
  index(executionArn: string, fireAt: number): void {
    this.#timers.schedule(executionArn, fireAt);
  }

  /** The record of an indexed execution, read from the store: kept in memory among the recent ones. */
  hold(record: ExecutionRecord, source: Source, lastId: number): Parked<Source> | undefined {
    if (!this.has(record.executionArn)) return undefined;
    return this.#held.get(record.executionArn) ?? this.#hold({ record, source, lastId });
  }

  #hold(parked: Parked<Source>): Parked<Source> {
    const arn = parked.record.executionArn;
    this.#held.delete(arn);
    this.#held.set(arn, parked);
    if (this.#held.size > HELD) {
      const oldest = this.#held.keys().next().value;
      if (oldest !== undefined) {
        this.#held.delete(oldest);
        this.#evicted(oldest);
      }
    }
    return parked;
  }

  /** Resolves when the execution runs again or is stopped (at once if it is not parked). */
  woken(executionArn: string): Promise<void> {
    if (!this.has(executionArn)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.#waiters.get(executionArn);
      if (waiting) waiting.push(resolve);
      else this.#waiters.set(executionArn, [resolve]);
    });
  }

  /** Tries a due execution again at `at` (its history could not be read). */
  retry(executionArn: string, at: number): void {
    this.#waking.delete(executionArn);
    this.#timers.schedule(executionArn, at);
  }

  /**
   * Takes the execution out to run it again (or to forget it); false if it is no longer parked
   * (it was stopped), or `parked` is not its current record.
   */
  take(executionArn: string, parked?: Parked<Source>): boolean {
    if (!this.has(executionArn)) return false;
    const held = this.#held.get(executionArn);
    if (parked && held && held !== parked) return false;
    this.#forget(executionArn);
    return true;
  }

  #forget(arn: string): void {
    this.#held.delete(arn);
    this.#waking.delete(arn);
    this.#timers.cancel(arn);
    const waiting = this.#waiters.get(arn);
    this.#waiters.delete(arn);
    for (const wake of waiting ?? []) wake();
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
    this.#forget(arn);
    return aborted;
  }

  /** Fires nothing more (the engine halts). */
  close(): void {
    this.#timers.close();
  }
}
