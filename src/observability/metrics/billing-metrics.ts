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
  /** Transitions counted so far per open Standard execution (the retries need its recent events). */
  readonly #counts = new Map<string, TransitionCount>();
  /** Open Map Runs per execution: an execution that closes closes them for the gauge. */
  readonly #openMapRuns = new Map<string, number>();
  #open = 0;

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
      () => [[{}, this.#open]],
      'gauge',
    );
  }

  event({ record, stateMachine }: Observed, event: HistoryEvent): void {
    const type = event.type;
    if (type.startsWith('MapRun')) this.#mapRun(record.executionArn, stateMachine, type);
    if (stateMachine.type === 'EXPRESS') return;
    let count = this.#counts.get(record.executionArn);
    if (!count) this.#counts.set(record.executionArn, (count = new TransitionCount()));
    const before = count.total;
    count.add(event);
    if (count.total !== before) this.#stats(stateMachine).transitions += count.total - before;
  }

  closed({ record, stateMachine }: Observed): void {
    this.#counts.delete(record.executionArn);
    this.#open -= this.#openMapRuns.get(record.executionArn) ?? 0;
    this.#openMapRuns.delete(record.executionArn);
    if (stateMachine.type !== 'EXPRESS' || record.stopDate === undefined) return;
    const { billedDurationMs } = expressBilling(record.stopDate - (record.redriveDate ?? record.startDate));
    this.#stats(stateMachine).expressBilledDuration.observe(billedDurationMs);
  }

  #mapRun(executionArn: string, stateMachine: StateMachineRecord, type: string): void {
    const open = this.#openMapRuns.get(executionArn) ?? 0;
    if (type === 'MapRunStarted' || type === 'MapRunRedriven') {
      if (type === 'MapRunStarted') this.#stats(stateMachine).mapRunsStarted++;
      this.#openMapRuns.set(executionArn, open + 1);
      this.#open++;
      return;
    }
    const status = MAP_RUN_CLOSED[type];
    if (!status) return;
    this.#stats(stateMachine).mapRunsClosed[status]++;
    if (open > 0) {
      this.#openMapRuns.set(executionArn, open - 1);
      this.#open--;
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
