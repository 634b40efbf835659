import { ServiceError } from './errors.ts';

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
type ItemOutcome = 'succeeded' | 'failed' | 'aborted';

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
  readonly itemCounts: MapRunCounts;
}

export interface MapRunSettings {
  readonly maxConcurrency: number;
  readonly toleratedFailureCount?: number | undefined;
  readonly toleratedFailurePercentage?: number | undefined;
  readonly total: number;
}

/** The execution's side of a map run: it reports item progress and reads the live thresholds. */
export interface MapRunHandle {
  itemStarted(): void;
  itemFinished(outcome: ItemOutcome): void;
  close(status: Exclude<MapRunStatus, 'RUNNING'>, now: number): void;
  /** UpdateMapRun may change the thresholds while the run goes on. */
  readonly record: MapRunRecord;
}

/** The map runs of every execution, for DescribeMapRun, ListMapRuns and UpdateMapRun. */
export class MapRunRegistry {
  readonly #runs = new Map<string, MapRunRecord>();

  open(
    ids: { mapRunArn: string; executionArn: string; stateMachineArn: string },
    settings: MapRunSettings,
    now: number,
  ): MapRunHandle {
    const record: MapRunRecord = {
      ...ids,
      startDate: now,
      status: 'RUNNING',
      maxConcurrency: settings.maxConcurrency,
      toleratedFailurePercentage: settings.toleratedFailurePercentage ?? 0,
      toleratedFailureCount: settings.toleratedFailureCount ?? 0,
      itemCounts: {
        pending: settings.total,
        running: 0,
        succeeded: 0,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        total: settings.total,
        resultsWritten: 0,
      },
    };
    this.#runs.set(record.mapRunArn, record);
    const counts = record.itemCounts;
    return {
      record,
      itemStarted() {
        counts.pending--;
        counts.running++;
      },
      itemFinished(outcome) {
        counts.running--;
        counts[outcome]++;
        if (outcome === 'succeeded') counts.resultsWritten++;
      },
      close(status, at) {
        if (record.status !== 'RUNNING') return;
        record.status = status;
        record.stopDate = at;
        // Items never started when the run ended count as aborted.
        if (status !== 'SUCCEEDED') {
          counts.aborted += counts.pending + counts.running;
          counts.pending = 0;
          counts.running = 0;
        }
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
  update(
    mapRunArn: string,
    change: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number },
  ): void {
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
  }
}
