import type { Doc, DocumentRow } from '../store/index.ts';
import { ServiceError } from './errors.ts';

/** Where map runs are kept durably (the group commit, with their execution's events). */
export interface MapRunWriter {
  document(row: DocumentRow): void;
}

/** What UpdateMapRun may change. */
export interface MapRunChange {
  readonly maxConcurrency?: number;
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
}

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
type ItemOutcome = 'succeeded' | 'failed' | 'aborted' | 'timedOut';

export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
}

/** What DescribeMapRun reports for one distributed Map run (API reference, DescribeMapRun). */
export interface MapRunRecord {
  readonly mapRunArn: string;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly startDate: number;
  stopDate?: number;
  status: MapRunStatus;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  /** Items; with ItemBatcher several items make one child execution, counted below. */
  readonly itemCounts: MapRunCounts;
  readonly executionCounts: MapRunCounts;
  /** Times the run was redriven with its execution, and when last (DescribeMapRun). */
  redriveCount?: number;
  redriveDate?: number;
  /**
   * The outputs of the children that succeeded, by index, kept while the run can be redriven
   * (it ended FAILED or ABORTED): a redrive runs only the others (AWS guide, "Redriving Map Runs").
   */
  succeededOutputs?: Record<string, unknown>;
  /**
   * The items its ItemReader read, in order, when they were few (runner/map-items.ts,
   * KEPT_ITEMS_READ): what a saved test of its execution answers the reader with. Absent when
   * more were read, or the Map has no ItemReader.
   */
  itemsRead?: unknown[];
}

/** A redriven run: its handle, and the outputs of the children that need not run again. */
export interface RedrivenRun {
  readonly handle: MapRunHandle;
  readonly redriveCount: number;
  readonly succeeded: ReadonlyMap<number, unknown>;
}

export interface MapRunSettings {
  readonly maxConcurrency: number;
  readonly toleratedFailureCount?: number | undefined;
  readonly toleratedFailurePercentage?: number | undefined;
  /** Items, and the child executions they make (as many unless batched). */
  readonly total: number;
  readonly executions: number;
}

/** The execution's side of a map run: it reports item progress and reads the live thresholds. */
export interface MapRunHandle {
  /** A child execution holding `items` items starts or ends. */
  itemStarted(items: number): void;
  itemFinished(outcome: ItemOutcome, items: number): void;
  /** `succeeded`: the outputs of the children that succeeded, kept for a redrive of a failed run. */
  close(
    status: Exclude<MapRunStatus, 'RUNNING'>,
    now: number,
    succeeded?: ReadonlyMap<number, unknown>,
  ): void;
  /** The items the ItemReader read (undefined: too many to keep), stored when the run closes. */
  keepItemsRead(items: readonly unknown[] | undefined): void;
  /** More items an ItemReader read (it reads while the children run). */
  grow(items: number, executions: number): void;
  /** UpdateMapRun may change the thresholds and the concurrency while the run goes on. */
  readonly record: MapRunRecord;
  /** Called after each UpdateMapRun (a raised MaxConcurrency starts more children at once). */
  onUpdate(listener: () => void): void;
}

const zeroCounts = (total: number): MapRunCounts => ({
  pending: total,
  running: 0,
  succeeded: 0,
  failed: 0,
  timedOut: 0,
  aborted: 0,
  total,
  resultsWritten: 0,
});

function started(counts: MapRunCounts, n: number): void {
  counts.pending -= n;
  counts.running += n;
}

function finished(counts: MapRunCounts, outcome: ItemOutcome, n: number): void {
  counts.running -= n;
  counts[outcome] += n;
  if (outcome === 'succeeded') counts.resultsWritten += n;
}

/** Children never started when the run ended count as aborted. */
function abortRest(counts: MapRunCounts): void {
  counts.aborted += counts.pending + counts.running;
  counts.pending = 0;
  counts.running = 0;
}

/**
 * The map runs of every execution, for DescribeMapRun, ListMapRuns and UpdateMapRun. With a
 * writer, each run is stored when it starts, changes settings and ends (its counts as of then),
 * so the Map Run API answers after a restart as before it.
 */
export class MapRunRegistry {
  readonly #runs = new Map<string, MapRunRecord>();
  readonly #listeners = new Map<string, () => void>();
  readonly #writer: MapRunWriter | undefined;

  constructor(writer?: MapRunWriter) {
    this.#writer = writer;
  }

  /** The runs an earlier process stored (read at start, before executions resume). */
  restore(rows: readonly DocumentRow[]): void {
    for (const row of rows) {
      const record = row.data as unknown as MapRunRecord;
      // A run still RUNNING in the store belonged to a process that stopped: its execution's
      // recovery reaches the Map again and opens it anew (its children are found, not rerun).
      this.#runs.set(record.mapRunArn, record);
    }
  }

  #save(record: MapRunRecord): void {
    this.#writer?.document({
      kind: 'mapRun',
      key: record.mapRunArn,
      parent: record.executionArn,
      data: structuredClone(record) as unknown as Doc,
    });
  }

  open(
    ids: { mapRunArn: string; executionArn: string; stateMachineArn: string },
    settings: MapRunSettings,
    now: number,
  ): MapRunHandle {
    // A run the store kept RUNNING is this run again, resumed after a restart: same start.
    const before = this.#runs.get(ids.mapRunArn);
    const record: MapRunRecord = {
      ...ids,
      startDate: before?.status === 'RUNNING' ? before.startDate : now,
      status: 'RUNNING',
      maxConcurrency: settings.maxConcurrency,
      toleratedFailurePercentage: settings.toleratedFailurePercentage ?? 0,
      toleratedFailureCount: settings.toleratedFailureCount ?? 0,
      itemCounts: zeroCounts(settings.total),
      executionCounts: zeroCounts(settings.executions),
    };
    this.#runs.set(record.mapRunArn, record);
    this.#save(record);
    return this.#handle(record);
  }

  /**
   * The run `mapRunArn` again, when its execution is redriven: RUNNING once more, its children
   * that did not succeed pending, `redriveCount` one up (a run already RUNNING is a redrive the
   * process resumes after a restart: counted once). Undefined when it kept nothing to redrive from.
   */
  redrive(mapRunArn: string, now: number): RedrivenRun | undefined {
    const record = this.#runs.get(mapRunArn);
    const kept = record?.succeededOutputs;
    if (!record || !kept) return undefined;
    if (record.status !== 'RUNNING') {
      record.status = 'RUNNING';
      record.redriveCount = (record.redriveCount ?? 0) + 1;
      record.redriveDate = now;
      delete record.stopDate;
      for (const counts of [record.itemCounts, record.executionCounts]) {
        counts.pending = counts.total - counts.succeeded;
        counts.running = counts.failed = counts.aborted = counts.timedOut = 0;
      }
      this.#save(record);
    }
    const succeeded = new Map(Object.entries(kept).map(([i, v]) => [Number(i), v]));
    return { handle: this.#handle(record), redriveCount: record.redriveCount ?? 0, succeeded };
  }

  #handle(record: MapRunRecord): MapRunHandle {
    const { itemCounts, executionCounts } = record;
    const listeners = this.#listeners;
    const save = (): void => this.#save(record);
    return {
      record,
      itemStarted(items) {
        started(itemCounts, items);
        started(executionCounts, 1);
      },
      itemFinished(outcome, items) {
        finished(itemCounts, outcome, items);
        finished(executionCounts, outcome, 1);
      },
      keepItemsRead(items) {
        if (items) record.itemsRead = [...items];
        else delete record.itemsRead;
      },
      grow(items, executions) {
        itemCounts.pending += items;
        itemCounts.total += items;
        executionCounts.pending += executions;
        executionCounts.total += executions;
      },
      close(status, at, succeeded) {
        if (record.status !== 'RUNNING') return;
        record.status = status;
        record.stopDate = at;
        listeners.delete(record.mapRunArn);
        if (status !== 'SUCCEEDED') {
          abortRest(itemCounts);
          abortRest(executionCounts);
          if (succeeded) record.succeededOutputs = Object.fromEntries(succeeded);
        } else delete record.succeededOutputs;
        save();
      },
      onUpdate(listener) {
        listeners.set(record.mapRunArn, listener);
      },
    };
  }

  get(mapRunArn: string): MapRunRecord {
    const run = this.#runs.get(mapRunArn);
    if (!run) {
      throw new ServiceError('ResourceNotFound', `Resource not found: '${mapRunArn}'`, {
        resourceName: mapRunArn,
      });
    }
    return run;
  }

  /** The runs of one execution, oldest first. */
  list(executionArn: string): MapRunRecord[] {
    return [...this.#runs.values()].filter((r) => r.executionArn === executionArn);
  }

  /** UpdateMapRun: only a running map run can change (AWS reason CANNOT_UPDATE_COMPLETED_MAP_RUN). */
  update(mapRunArn: string, change: MapRunChange): void {
    const run = this.get(mapRunArn);
    if (run.status !== 'RUNNING') {
      throw new ServiceError('ValidationException', 'Map Run is not in a state that can be updated.', {
        reason: 'CANNOT_UPDATE_COMPLETED_MAP_RUN',
      });
    }
    if (change.maxConcurrency !== undefined) run.maxConcurrency = change.maxConcurrency;
    if (change.toleratedFailureCount !== undefined) run.toleratedFailureCount = change.toleratedFailureCount;
    if (change.toleratedFailurePercentage !== undefined)
      run.toleratedFailurePercentage = change.toleratedFailurePercentage;
    this.#save(run);
    this.#listeners.get(mapRunArn)?.();
  }
}
