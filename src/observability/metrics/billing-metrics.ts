import type { Registry } from 'prom-client';
import type { HistoryEvent, ObservedExecution, StateMachineRecord } from '../../engine/index.ts';
import { TransitionCount } from '../cost/billed-transitions.ts';
import { expressBilling } from '../cost/prices.ts';
import type { EventMeaning } from './event-meaning.ts';
import { exposed, LocalHistogram } from './local-metrics.ts';

/** One state machine's billed use and Map Runs. */
interface MachineBilling {
  readonly labels: { readonly state_machine: string };
  transitions: number;
  readonly expressBilledDuration: LocalHistogram;
  mapRunsStarted: number;
  readonly mapRunsClosed: Record<MapRunClosed, number>;
}

type MapRunClosed = 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** The Map Runs open now, shared by the executions' watches. */
interface OpenMapRuns {
  open: number;
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
 *   `stepwise_map_runs_started_total` / `stepwise_map_runs_closed_total{status}`;
 *   `stepwise_OpenMapRunLimit` (+Inf) and `stepwise_ApproximateMapRunBacklogSize` (0).
 */
export class BillingMetrics {
  readonly #machines = new Map<string, MachineBilling>();
  /** Map Runs open now, of all executions. */
  readonly #mapRuns: OpenMapRuns = { open: 0 };

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
      () => [[{}, this.#mapRuns.open]],
      'gauge',
    );
    // AWS holds a Map Run at MapRunStarted while the account has OpenMapRunLimit (1,000) open;
    // Stepwise has no such quota, so none waits. For dashboards and alarms written for AWS.
    exposed(
      registry,
      'stepwise_OpenMapRunLimit',
      'Map Runs that may be open at once (AWS/States OpenMapRunLimit; AWS’s quota is 1,000, Stepwise has none).',
      () => [[{}, Number.POSITIVE_INFINITY]],
      'gauge',
    );
    exposed(
      registry,
      'stepwise_ApproximateMapRunBacklogSize',
      'Map Runs waiting for the open Map Run quota (AWS/States ApproximateMapRunBacklogSize; never: no quota).',
      () => [[{}, 0]],
      'gauge',
    );
  }

  /** What one execution adds to its machine's billed use, as the engine follows it. */
  follow({ stateMachine }: ObservedExecution): BilledExecution {
    return new BilledExecution(this.#stats(stateMachine), stateMachine.type !== 'EXPRESS', this.#mapRuns);
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

/** One execution's billed transitions (Standard only) and open Map Runs, as its events come. */
export class BilledExecution {
  readonly #stats: MachineBilling;
  readonly #count: TransitionCount | undefined;
  readonly #allRuns: OpenMapRuns;
  /** This execution's Map Runs open now. */
  #mapRuns = 0;

  constructor(stats: MachineBilling, standard: boolean, allRuns: OpenMapRuns) {
    this.#stats = stats;
    this.#count = standard ? new TransitionCount() : undefined;
    this.#allRuns = allRuns;
  }

  /** An event that means something for the metrics (`meaning`, its type's). */
  event(event: HistoryEvent, meaning: EventMeaning): void {
    if (this.#count?.addKind(meaning.billing, event)) this.#stats.transitions++;
    if (meaning.mapRun) this.#mapRun(event.type);
  }

  closed({ record, stateMachine }: ObservedExecution): void {
    this.#allRuns.open -= this.#mapRuns;
    this.#mapRuns = 0;
    if (stateMachine.type !== 'EXPRESS' || record.stopDate === undefined) return;
    const { billedDurationMs } = expressBilling(record.stopDate - (record.redriveDate ?? record.startDate));
    this.#stats.expressBilledDuration.observe(billedDurationMs);
  }

  #mapRun(type: string): void {
    if (type === 'MapRunStarted' || type === 'MapRunRedriven') {
      if (type === 'MapRunStarted') this.#stats.mapRunsStarted++;
      this.#mapRuns++;
      this.#allRuns.open++;
      return;
    }
    const status = MAP_RUN_CLOSED[type];
    if (!status) return;
    this.#stats.mapRunsClosed[status]++;
    if (this.#mapRuns > 0) {
      this.#mapRuns--;
      this.#allRuns.open--;
    }
  }
}
