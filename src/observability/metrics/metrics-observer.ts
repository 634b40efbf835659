import type {
  ExecutionObserver,
  ExecutionWatch,
  ObservedExecution,
  StateMachineRecord,
} from '../../engine/index.ts';
import { keepShape } from '../../engine/index.ts';
import type { BillingMetrics } from './billing-metrics.ts';
import type { MachineMetrics } from './execution-metrics.ts';
import {
  ExecutionMetrics,
  ExpressExecutions,
  MachineTasks,
  OpenExecutions,
  SilentExecutions,
} from './execution-metrics.ts';
import type { StepFunctionsMetrics } from './step-functions-metrics.ts';
import { countStarted } from './step-functions-metrics.ts';

/**
 * Each state machine record's metrics, resolved at its first execution (shared by every engine
 * watched): one set per version and alias an execution was started from, as AWS associates
 * executions (an alias's with its version too).
 */
export class MachinesMetrics {
  readonly #executions: StepFunctionsMetrics;
  readonly #billing: BillingMetrics;
  readonly #machines = new WeakMap<StateMachineRecord, Map<string, MachineMetrics>>();
  /** The latest execution's machine, version and alias and their metrics: executions come in runs. */
  #record: StateMachineRecord | undefined;
  #version: string | undefined;
  #alias: string | undefined;
  #latest: MachineMetrics | undefined;

  constructor(executions: StepFunctionsMetrics, billing: BillingMetrics) {
    this.#executions = executions;
    this.#billing = billing;
  }

  of({ stateMachine, record }: ObservedExecution): MachineMetrics {
    const version = record.stateMachineVersionArn;
    const alias = record.stateMachineAliasArn;
    if (stateMachine === this.#record && version === this.#version && alias === this.#alias)
      return this.#latest!;
    let qualified = this.#machines.get(stateMachine);
    if (!qualified) this.#machines.set(stateMachine, (qualified = new Map<string, MachineMetrics>()));
    const key = `${version ?? ''} ${alias ?? ''}`;
    let machine = qualified.get(key);
    if (!machine) {
      const stats = this.#executions.machine(stateMachine, qualifierOf(version), qualifierOf(alias));
      const billing = this.#billing.machine(stateMachine);
      const tasks = new MachineTasks(stats);
      machine = {
        stats,
        billing,
        mapRuns: this.#billing.mapRuns,
        tasks,
        express: new ExpressExecutions(stats, billing, tasks),
        silent: new SilentExecutions(stats, billing),
      };
      qualified.set(key, machine);
    }
    this.#record = stateMachine;
    this.#version = version;
    this.#alias = alias;
    return (this.#latest = machine);
  }
}

/** A version's number or an alias's name: the last part of its ARN (`…:stateMachine:NAME:QUALIFIER`). */
function qualifierOf(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : arn.slice(arn.lastIndexOf(':') + 1);
}

/**
 * The metrics' observer of one engine: counts starts, and gives each Standard execution followed
 * an ExecutionMetrics (told its tasks and Map Runs, reading its transitions; no call per event),
 * and every Express one its machine's shared watch (without its tasks when it records no
 * events). A class, not a literal of closures: the engine's code optimized to call it stays valid
 * when a watch ends and another begins (a closure's death at a full GC deoptimizes every function
 * that inlined it).
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
    const machine = this.#machines.of(execution);
    countStarted(machine.stats, execution);
    // A Standard execution's redrive is a billed transition (AWS pricing, "Redrive").
    if ((execution.record.redriveCount ?? 0) > 0 && execution.stateMachine.type !== 'EXPRESS')
      machine.billing.transitions++;
  }

  follow(execution: ObservedExecution, silent: boolean): ExecutionWatch {
    const machine = this.#machines.of(execution);
    if (execution.stateMachine.type === 'EXPRESS') return silent ? machine.silent : machine.express;
    const open = this.open;
    return open.add(new ExecutionMetrics(machine, open));
  }
}
