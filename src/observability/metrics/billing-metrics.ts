import type { Registry } from 'prom-client';
import type { ExecutionObserver, HistoryEvent, StateMachineRecord } from '../../engine/index.ts';
import { TransitionCount } from '../cost/billed-transitions.ts';
import { expressBilling } from '../cost/prices.ts';
import { exposed, LocalHistogram } from './local-metrics.ts';

type Observed = Parameters<NonNullable<ExecutionObserver['started']>>[0];

/** One state machine's billed use and Map Runs. */
interface MachineBilling {
  readonly labels: { readonly state_machine: string };
  transitions: number;
  readonly expressBilledDuration: LocalHistogram;
  mapRunsStarted: number;
  readonly mapRunsClosed: Record<MapRunClosed, number>;
}

type MapRunClosed = 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** An open execution: its billed transitions so far, its machine's metrics, its open Map Runs. */
interface Tracked {
  readonly count: TransitionCount | undefined;
  readonly stats: MachineBilling;
  mapRuns: number;
}

const MAP_RUN_CLOSED: Readonly<Record<string, MapRunClosed>> = {
  MapRunSucceeded: 'SUCCEEDED',
  MapRunFailed: 'FAILED',
  MapRunAborted: 'ABORTED',
};

/**
 * What executions are billed for, and their Map Runs, labelled by state machine name (bounded:
 * never by execution or Map Run ARN):
 * - `stepwise_billed_state_transitions_total`: Standard executions' transitions by AWS's counting
 *   rules (cost/billed-transitions.ts), as they happen;
 * - `stepwise_ExpressExecutionBilledDuration` (AWS/States, ms): each closed Express execution's
 *   duration rounded up to 100 ms;
 * - `stepwise_ApproximateOpenMapRunCount` (AWS/States): Map Runs open now, and
 *   `stepwise_map_runs_started_total` / `stepwise_map_runs_closed_total{status}`.
 */
export class BillingMetrics implements ExecutionObserver {
  readonly #machines = new Map<string, MachineBilling>();
  /** Each open execution's count and machine, by the engine's (stable) observed object. */
  // Weak: an execution closed by a path that never tells `closed` must not stay here.
  readonly #open = new WeakMap<Observed, Tracked>();
  #openMapRuns = 0;

  constructor(registry: Registry) {
    const machines = (): MachineBilling[] => [...this.#machines.values()];
    exposed(
      registry,
      'stepwise_billed_state_transitions_total',
      'State transitions AWS would bill for Standard executions: states entered, retries, redrives.',
      () => machines().map((m) => [m.labels, m.transitions]),
      'counter',
    );
    exposed(
      registry,
      'stepwise_ExpressExecutionBilledDuration',
      'Billed duration of Express executions, rounded up to 100 ms (AWS/States ExpressExecutionBilledDuration, milliseconds).',
      () => machines().map((m) => [m.labels, m.expressBilledDuration]),
      'histogram',
    );
    exposed(
      registry,
      'stepwise_map_runs_started_total',
      'Map Runs (Distributed Map) started.',
      () => machines().map((m) => [m.labels, m.mapRunsStarted]),
      'counter',
    );
    exposed(
      registry,
      'stepwise_map_runs_closed_total',
      'Map Runs closed, by status.',
      () =>
        machines().flatMap((m) =>
          (Object.keys(m.mapRunsClosed) as MapRunClosed[]).map(
            (status) => [{ ...m.labels, status }, m.mapRunsClosed[status]] as const,
          ),
        ),
      'counter',
    );
    exposed(
      registry,
      'stepwise_ApproximateOpenMapRunCount',
      'Map Runs open now (AWS/States ApproximateOpenMapRunCount).',
      () => [[{}, this.#openMapRuns]],
      'gauge',
    );
  }

  event(observed: Observed, event: HistoryEvent): void {
    // Called for every event: one map lookup, one memoised classification (TransitionCount).
    let tracked = this.#open.get(observed);
    if (!tracked) {
      const { stateMachine } = observed;
      const count = stateMachine.type === 'EXPRESS' ? undefined : new TransitionCount();
      this.#open.set(observed, (tracked = { count, stats: this.#stats(stateMachine), mapRuns: 0 }));
    }
    if (tracked.count?.add(event)) tracked.stats.transitions++;
    const type = event.type;
    if (type.charCodeAt(0) === 77 /* M */ && type.startsWith('MapRun')) this.#mapRun(tracked, type);
  }

  closed(observed: Observed): void {
    const { record, stateMachine } = observed;
    const tracked = this.#open.get(observed);
    this.#open.delete(observed);
    this.#openMapRuns -= tracked?.mapRuns ?? 0;
    if (stateMachine.type !== 'EXPRESS' || record.stopDate === undefined) return;
    const { billedDurationMs } = expressBilling(record.stopDate - (record.redriveDate ?? record.startDate));
    this.#stats(stateMachine).expressBilledDuration.observe(billedDurationMs);
  }

  #mapRun(tracked: Tracked, type: string): void {
    if (type === 'MapRunStarted' || type === 'MapRunRedriven') {
      if (type === 'MapRunStarted') tracked.stats.mapRunsStarted++;
      tracked.mapRuns++;
      this.#openMapRuns++;
      return;
    }
    const status = MAP_RUN_CLOSED[type];
    if (!status) return;
    tracked.stats.mapRunsClosed[status]++;
    if (tracked.mapRuns > 0) {
      tracked.mapRuns--;
      this.#openMapRuns--;
    }
  }

  #stats(stateMachine: StateMachineRecord): MachineBilling {
    let stats = this.#machines.get(stateMachine.name);
    if (!stats) {
      stats = {
        labels: { state_machine: stateMachine.name },
        transitions: 0,
        expressBilledDuration: new LocalHistogram(),
        mapRunsStarted: 0,
        mapRunsClosed: { SUCCEEDED: 0, FAILED: 0, ABORTED: 0 },
      };
      this.#machines.set(stateMachine.name, stats);
    }
    return stats;
  }
}
