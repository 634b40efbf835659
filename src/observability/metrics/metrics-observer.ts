import type {
  ExecutionObserver,
  ExecutionWatch,
  ObservedExecution,
  StateMachineRecord,
} from '../../engine/index.ts';
import { keepShape } from '../../engine/index.ts';
import type { BillingMetrics } from './billing-metrics.ts';
import type { MachineMetrics } from './execution-metrics.ts';
import { ExecutionMetrics, OpenExecutions, SilentExecutions } from './execution-metrics.ts';
import type { StepFunctionsMetrics } from './step-functions-metrics.ts';
import { countStarted } from './step-functions-metrics.ts';

/** Each state machine record's metrics, resolved at its first execution (shared by every engine watched). */
export class MachinesMetrics {
  readonly #executions: StepFunctionsMetrics;
  readonly #billing: BillingMetrics;
  readonly #machines = new WeakMap<StateMachineRecord, MachineMetrics>();
  /** The latest record asked for and its metrics: executions of one machine come in runs. */
  #record: StateMachineRecord | undefined;
  #latest: MachineMetrics | undefined;

  constructor(executions: StepFunctionsMetrics, billing: BillingMetrics) {
    this.#executions = executions;
    this.#billing = billing;
  }

  of(stateMachine: StateMachineRecord): MachineMetrics {
    if (stateMachine === this.#record) return this.#latest!;
    let machine = this.#machines.get(stateMachine);
    if (!machine) {
      const stats = this.#executions.machine(stateMachine);
      const billing = this.#billing.machine(stateMachine);
      machine = {
        stats,
        billing,
        mapRuns: this.#billing.mapRuns,
        silent: new SilentExecutions(stats, billing),
      };
      this.#machines.set(stateMachine, machine);
    }
    this.#record = stateMachine;
    return (this.#latest = machine);
  }
}

/**
 * The metrics' observer of one engine: counts starts, and gives each execution followed an
 * ExecutionMetrics that reads its history (no call per event). A class, not a literal of
 * closures: the engine's code optimized to call it stays valid when a watch ends and another
 * begins (a closure's death at a full GC deoptimizes every function that inlined it).
 */
export class MetricsObserver implements ExecutionObserver {
  readonly open = new OpenExecutions();
  readonly #machines: MachinesMetrics;

  constructor(machines: MachinesMetrics) {
    this.#machines = machines;
    keepShape(this);
    keepShape(this.open);
  }

  started(execution: ObservedExecution): void {
    countStarted(this.#machines.of(execution.stateMachine).stats, execution);
  }

  follow(execution: ObservedExecution, silent: boolean): ExecutionWatch {
    const machine = this.#machines.of(execution.stateMachine);
    // No history to read: its start and close are all it counts, with no object of its own.
    if (silent) return machine.silent;
    const open = this.open;
    return open.add(new ExecutionMetrics(machine, execution, open));
  }
}
