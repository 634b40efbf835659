import type { Store } from '../../store/index.ts';
import type { ExecutionSource, Registered, StateMachines } from '../catalog/index.ts';
import { parseQualifiedArn, resourceNotFound } from '../catalog/index.ts';
import type { Clock } from '../clock.ts';
import { executionDoesNotExist, RecordInStore, stateMachineDoesNotExist, storeFailure } from '../errors.ts';
import type { Execution, ExecutionRecord, ExecutionStatus } from '../execution.ts';
import { flushed } from '../flushed.ts';
import type { GroupCommit } from '../group-commit.ts';
import type { HistoryEvent } from '../history/event.ts';
import type { ExecutionObservers } from '../observers.ts';
import { ReleasingMap } from '../releasing-map.ts';
import { ParkedExecutions } from '../timers/parked-executions.ts';
import { ClosedExecutions } from './closed-executions.ts';
import { ClosedHistories } from './closed-histories.ts';
import type { StoredExecution } from './execution-row.ts';
import { executionRow } from './execution-row.ts';

/** A Standard or Express execution driven in memory, with the definition it was started on. */
export interface Running {
  readonly execution: Execution;
  readonly registered: Registered;
}

export interface KnownDeps {
  readonly clock: Clock;
  readonly store: Store | undefined;
  readonly journal: GroupCommit | undefined;
  /** A parked execution's timer fired (recovery.ts resumes it). */
  readonly due: (executionArn: string) => void;
  /** Told when a parked execution is stopped (running ones tell them through the launcher). */
  readonly observers: ExecutionObservers;
  /** Reads a parked execution's record from the store into memory (recovery.ts). */
  readonly load: (executionArn: string) => Promise<unknown>;
  /** Makes an execution of the store known here, a closed one's record in `closed` (recovery.ts); false if none. */
  readonly remember: (executionArn: string) => Promise<boolean>;
}

/**
 * Every execution the engine knows, in one of three places: driven in memory, parked on a durable
 * timer (its timer; its record too if recent), or closed (its record; its history in the store,
 * or packed in `histories` without one). The read verbs (DescribeExecution, ListExecutions, GetExecutionHistory) and
 * StopExecution look here, after `ensure` (or `listed`) read a parked one's record if needed.
 */
export class KnownExecutions {
  readonly running = new ReleasingMap<string, Running>();
  /**
   * Closed executions' records, not their histories; with a store, only the recent ones (the
   * others are read from it by `ensure`).
   */
  readonly closed: ClosedExecutions;
  /** Without a store, closed executions' histories (with one, the store has them). */
  readonly histories = new ClosedHistories();
  readonly parked: ParkedExecutions<Registered>;
  /**
   * Child executions of a distributed Map found open in the store at start: their parent resumes
   * each when its Map Run reaches it again (only the parent has the child's machine).
   */
  readonly waiting = new Map<string, ExecutionRecord>();
  readonly sources = new Map<string, ExecutionSource>();
  /**
   * Open executions another server drives (scale-out, recovery.ts), as last read from the store:
   * listed here; every other call about them goes to that server.
   */
  readonly elsewhere = new Map<string, ExecutionRecord>();
  /**
   * Executions found in the store at start whose histories are in an older format: they keep
   * that format's behaviour (history/format.ts).
   */
  readonly formats = new Map<string, number>();
  private readonly deps: KnownDeps;
  /** Set by halt: nothing more is driven nor written. */
  private halted = false;

  constructor(deps: KnownDeps) {
    this.deps = deps;
    this.closed = new ClosedExecutions({
      bounded: deps.store !== undefined,
      durable: () => flushed(deps.journal),
      evicted: (arn) => this.sources.delete(arn),
    });
    this.parked = new ParkedExecutions<Registered>({
      clock: deps.clock,
      journal: deps.journal,
      row: (r, registered) => executionRow(r, registered.record),
      due: deps.due,
      // Read again from the store with the record (recovery.ts).
      evicted: (arn) => this.sources.delete(arn),
    });
  }

  /**
   * Makes an execution's record present in memory if the store has it, for the synchronous verbs
   * below: a parked one's, or a closed one's that is not among the recent ones.
   */
  async ensure(arn: string): Promise<void> {
    if (!this.deps.store) return;
    if (this.parked.has(arn)) {
      if (!this.parked.get(arn)) await this.deps.load(arn);
      return;
    }
    if (!this.unsure(arn)) return;
    // Once even if several calls ask at the same time: each must see the same record.
    let reading = this.reading.get(arn);
    if (!reading) {
      reading = this.deps
        .remember(arn)
        .then((found) => {
          if (!found && this.unsure(arn)) this.closed.markMissing(arn);
        })
        .finally(() => this.reading.delete(arn));
      this.reading.set(arn, reading);
    }
    await reading;
  }

  /** Executions being read from the store (`ensure`). */
  private readonly reading = new Map<string, Promise<void>>();

  /** Whether the record is in memory (or known to be away: driven elsewhere, parked). */
  private held(arn: string): boolean {
    return (
      this.running.has(arn) ||
      this.closed.has(arn) ||
      this.parked.has(arn) ||
      this.waiting.has(arn) ||
      this.elsewhere.has(arn)
    );
  }

  /** Only the store can say whether the execution exists (`ensure` asks it). */
  private unsure(arn: string): boolean {
    return (
      this.deps.store !== undefined && !this.closed.complete && !this.held(arn) && !this.closed.missing(arn)
    );
  }

  /**
   * Throws RecordInStore when only the store can say whether the execution exists (for a
   * synchronous verb about to act on an ARN not in memory, such as StartExecution with a name).
   */
  checkStored(arn: string): void {
    if (this.parked.has(arn) ? !this.parked.get(arn) : this.unsure(arn)) throw new RecordInStore(arn);
  }

  /** The execution's current record wherever it is, or undefined if unknown. */
  current(arn: string): ExecutionRecord | undefined {
    return (
      this.closed.get(arn) ??
      this.parked.get(arn)?.record ??
      this.running.get(arn)?.execution.record ??
      this.waiting.get(arn)
    );
  }

  execution(arn: string): Execution {
    const found = this.running.get(arn);
    if (!found && (this.parked.has(arn) || this.unsure(arn))) throw new RecordInStore(arn);
    if (!found) throw executionDoesNotExist(arn);
    return found.execution;
  }

  /** An execution another server drives is described as the store had it when last read. */
  describe(arn: string): ExecutionRecord {
    return this.current(arn) ?? this.elsewhere.get(arn) ?? this.execution(arn).record;
  }

  /** The definition and configuration an execution actually ran (DescribeStateMachineForExecution). */
  source(executionArn: string): ExecutionSource {
    const source = this.sources.get(executionArn);
    if (!source && (this.parked.has(executionArn) || this.unsure(executionArn)))
      throw new RecordInStore(executionArn);
    if (!source) throw executionDoesNotExist(executionArn);
    return source;
  }

  /** Newest first, as AWS lists them; a version or alias ARN lists the executions started through it. */
  list(machines: StateMachines, stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    const field = this.listedBy(machines, stateMachineArn);
    return this.select((r) => r[field] === stateMachineArn, statusFilter);
  }

  /**
   * `list`, with the executions whose records are only in the store (parked, or closed a while
   * ago); with `page`, only the first `limit` after its keyset, newest first then by ARN.
   */
  async listed(
    machines: StateMachines,
    stateMachineArn: string,
    statusFilter?: ExecutionStatus,
    page?: ListingPage,
  ): Promise<ExecutionRecord[]> {
    const field = this.listedBy(machines, stateMachineArn);
    const after = page?.after;
    const match = (r: ExecutionRecord): boolean =>
      r[field] === stateMachineArn &&
      (after === undefined ||
        r.startDate < after.startDate ||
        (r.startDate === after.startDate && r.executionArn < after.arn));
    const base = parseQualifiedArn(stateMachineArn).base;
    const all = merged(this.select(match, statusFilter), await this.stored(match, base, statusFilter, page));
    return page ? all.sort(newestFirst).slice(0, page.limit) : all;
  }

  /** `listOfMapRun`, with the executions whose records are only in the store. */
  async listedOfMapRun(mapRunArn: string, statusFilter?: ExecutionStatus): Promise<ExecutionRecord[]> {
    const match = (r: ExecutionRecord): boolean => r.mapRunArn === mapRunArn;
    return merged(
      this.listOfMapRun(mapRunArn, statusFilter),
      await this.stored(match, undefined, statusFilter),
    );
  }

  /**
   * The executions of the store's rows (those of `stateMachineArn`), each with its record as
   * memory has it now when memory holds it; with `page`, those among the store's first `limit`
   * (with memory's, the page is complete). Memory was listed before the store was read: one that
   * came into memory meanwhile (claimed here, or seen driven by another server) is listed from
   * here (a scale-out test listed 6 of a Map Run's 8 children), and `merged` lists each once.
   */
  private async stored(
    match: (r: ExecutionRecord) => boolean,
    stateMachineArn: string | undefined,
    statusFilter: ExecutionStatus | undefined,
    page?: ListingPage,
  ): Promise<ExecutionRecord[]> {
    const { store, journal } = this.deps;
    const unheldParked = this.parked.size > this.parked.records().length;
    if (!store || (this.closed.complete && !unheldParked)) return [];
    if (this.closed.complete && statusFilter !== undefined && statusFilter !== 'RUNNING') return [];
    // A parked execution's row is written with the commit after it parked. Closed ones are in
    // memory until their rows are durable (ClosedExecutions).
    if (unheldParked) await flushed(journal);
    const out: ExecutionRecord[] = [];
    const limit = page?.limit;
    for (let after = page?.after; ;) {
      const rows = await store
        .listExecutions({
          ...(statusFilter === undefined ? {} : { status: statusFilter }),
          ...(stateMachineArn === undefined ? {} : { stateMachineArn }),
          ...(after === undefined ? {} : { after }),
          ...(limit === undefined ? {} : { limit }),
        })
        .catch((e: unknown) => {
          throw storeFailure(e);
        });
      // Memory lists those it holds, as they are now; a row that is not listed (its execution
      // changed since, or it does not match) leaves the page short of its limit: read on.
      let short = false;
      for (const row of rows) {
        const held = this.current(row.arn) ?? this.elsewhere.get(row.arn);
        if (held) {
          if (!match(held) || (statusFilter !== undefined && held.status !== statusFilter)) short = true;
          else out.push(held);
          continue;
        }
        const { revision: _, ...record } = row.data as unknown as StoredExecution;
        if (match(record)) out.push(record);
        else short = true;
      }
      const last = rows.at(-1);
      if (limit === undefined || rows.length < limit || !short || !last) return out;
      after = { startDate: last.startDate, arn: last.arn };
    }
  }

  /** The record field a ListExecutions of a machine, version or alias ARN selects by. */
  private listedBy(
    machines: StateMachines,
    stateMachineArn: string,
  ): 'stateMachineArn' | 'stateMachineVersionArn' | 'stateMachineAliasArn' {
    const q = parseQualifiedArn(stateMachineArn);
    if (q.kind === 'machine') machines.registered(stateMachineArn);
    else if (q.kind === 'version' && !machines.versions.version(q.base, q.version))
      throw stateMachineDoesNotExist(stateMachineArn);
    else if (q.kind === 'alias' && !machines.versions.alias(q.base, q.alias))
      throw resourceNotFound(stateMachineArn);
    return q.kind === 'machine'
      ? 'stateMachineArn'
      : q.kind === 'version'
        ? 'stateMachineVersionArn'
        : 'stateMachineAliasArn';
  }

  /** The child executions a Map Run started (ListExecutions by mapRunArn), newest first. */
  listOfMapRun(mapRunArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    return this.select((r) => r.mapRunArn === mapRunArn, statusFilter);
  }

  private select(match: (r: ExecutionRecord) => boolean, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    const out: ExecutionRecord[] = [];
    const records = [
      ...this.closed.values(),
      ...this.parked.records(),
      ...[...this.running.values()].map((e) => e.execution.record),
      ...this.elsewhere.values(),
      ...this.waiting.values(),
    ];
    for (const r of records) {
      if (!match(r)) continue;
      if (statusFilter && r.status !== statusFilter) continue;
      out.push(r);
    }
    return out.sort((a, b) => b.startDate - a.startDate);
  }

  /** The history of any execution, also of one closed before this process started. */
  async history(arn: string): Promise<readonly HistoryEvent[]> {
    const store = this.deps.store;
    if (store && !this.running.has(arn)) await this.ensure(arn);
    const stored = this.closed.has(arn) || this.parked.has(arn) || this.waiting.has(arn);
    if (store && (stored || this.elsewhere.has(arn))) {
      await flushed(this.deps.journal);
      const rows = await store.getHistory(arn).catch((e: unknown) => {
        throw storeFailure(e);
      });
      return rows.map((e) => e.data as unknown as HistoryEvent);
    }
    return this.events(arn);
  }

  /** The history of an execution in memory (any execution of an engine without a store). */
  events(arn: string): readonly HistoryEvent[] {
    return this.histories.get(arn) ?? this.execution(arn).history.events;
  }

  stop(arn: string, error?: string, cause?: string): ExecutionRecord {
    const closed = this.closed.get(arn);
    if (closed) return closed;
    // A halted engine writes nothing: a parent's states:startExecution task, aborted by the halt,
    // must not stop its child, which resumes with it at the next start.
    if (this.halted) return this.describe(arn);
    const parked = this.parked.get(arn);
    if (parked) {
      const aborted = this.parked.stop(parked, error, cause);
      const { record } = parked;
      this.closed.set(arn, record);
      this.deps.observers.closedAside({ record, stateMachine: parked.source.record }, [aborted]);
      return record;
    }
    const execution = this.execution(arn);
    execution.stop(error, cause);
    return execution.record;
  }

  /** Resolves when the execution has closed (for the CLI's `run` and for tests). */
  wait(arn: string): Promise<ExecutionRecord> {
    // Running here (a start just made): its end, without asking the store or an async frame.
    const execution = this.running.get(arn)?.execution;
    if (!execution) return this.waitAnywhere(arn);
    return execution.done.then(() => this.waited(arn, execution) ?? this.waitAnywhere(arn));
  }

  /** Its record once its run ended, unless it was halted to park (then waited on again). */
  private waited(arn: string, execution: Execution): ExecutionRecord | undefined {
    // Halted while running: parked (wait on), or the engine shut down (answer as it is).
    if (execution.record.status !== 'RUNNING' || !this.parked.has(arn)) return execution.record;
    return undefined;
  }

  private async waitAnywhere(arn: string): Promise<ExecutionRecord> {
    for (;;) {
      await this.ensure(arn);
      const closed = this.closed.get(arn);
      if (closed) return closed;
      if (this.parked.has(arn)) {
        await this.parked.woken(arn);
        continue;
      }
      const execution = this.execution(arn);
      await execution.done;
      const ended = this.waited(arn, execution);
      if (ended) return ended;
    }
  }

  /** Executions driven in memory (with their histories) and parked on a durable timer. */
  residency(): { readonly inMemory: number; readonly parked: number } {
    let inMemory = 0;
    for (const e of this.running.values()) if (e.execution.record.status === 'RUNNING') inMemory++;
    return { inMemory, parked: this.parked.size };
  }

  /** Stops driving executions (they resume from the store at the next start). */
  halt(): void {
    this.halted = true;
    this.parked.close();
    for (const e of this.running.values()) e.execution.halt();
  }
}

/** A page of a listing: the first `limit` after the keyset `after` (ListExecutions' nextToken). */
export interface ListingPage {
  readonly after?: { readonly startDate: number; readonly arn: string } | undefined;
  readonly limit: number;
}

/** Newest first; ties broken by ARN so that the keyset (startDate, ARN) orders every execution. */
function newestFirst(a: ExecutionRecord, b: ExecutionRecord): number {
  if (a.startDate !== b.startDate) return b.startDate - a.startDate;
  return a.executionArn < b.executionArn ? 1 : a.executionArn > b.executionArn ? -1 : 0;
}

/** Listed records and stored ones, newest first (as AWS lists them). */
function merged(listed: ExecutionRecord[], stored: ExecutionRecord[]): ExecutionRecord[] {
  if (stored.length === 0) return listed;
  // Memory was listed before the store was read: an execution that parked meanwhile left memory
  // and is read from its row too, and one that memory holds is also given by `stored`. Listed
  // once (a bulk stop had stopped one twice).
  const inMemory = new Set(listed.map((r) => r.executionArn));
  return [...listed, ...stored.filter((r) => !inMemory.has(r.executionArn))].sort(
    (a, b) => b.startDate - a.startDate,
  );
}
