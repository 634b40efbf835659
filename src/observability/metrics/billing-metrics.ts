import type { Registry } from 'prom-client';
import type { MapRunPhase, ObservedExecution, StateMachineRecord } from '../../engine/index.ts';
import { expressBilling } from '../cost/prices.ts';
import { exposed, LocalHistogram } from './local-metrics.ts';

/** One state machine's billed use and Map Runs. */
export interface MachineBilling {
  readonly labels: { readonly state_machine: string };
  transitions: number;
  readonly expressBilledDuration: LocalHistogram;
  mapRunsStarted: number;
  readonly mapRunsClosed: Record<MapRunClosed, number>;
}

type MapRunClosed = 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** The Map Runs open now, of all executions. */
export interface OpenMapRuns {
  open: number;
}

const MAP_RUN_CLOSED: Readonly<Partial<Record<MapRunPhase, MapRunClosed>>> = {
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  Aborted: 'ABORTED',
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
  readonly mapRuns: OpenMapRuns = { open: 0 };

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
      () => [[{}, this.mapRuns.open]],
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

  /** A machine's billed use, made at its first execution. */
  machine(stateMachine: StateMachineRecord): MachineBilling {
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

/** An Express execution of the machine closed: its duration as AWS bills it. */
export function billExpress(stats: MachineBilling, { record, stateMachine }: ObservedExecution): void {
  if (stateMachine.type !== 'EXPRESS' || record.stopDate === undefined) return;
  const { billedDurationMs } = expressBilling(record.stopDate - (record.redriveDate ?? record.startDate));
  stats.expressBilledDuration.observe(billedDurationMs);
}

/**
 * A Map Run's step (`phase`) in an execution that has `open` Map Runs open: counts it, and returns
 * how many the execution has open now.
 */
export function countMapRun(
  stats: MachineBilling,
  all: OpenMapRuns,
  phase: MapRunPhase,
  open: number,
): number {
  if (phase === 'Started' || phase === 'Redriven') {
    if (phase === 'Started') stats.mapRunsStarted++;
    all.open++;
    return open + 1;
  }
  const status = MAP_RUN_CLOSED[phase];
  if (!status) return open;
  stats.mapRunsClosed[status]++;
  if (open === 0) return 0;
  all.open--;
  return open - 1;
}
