import * as prom from 'prom-client';
import type { Engine, ExecutionWatch, HistoryEvent, ObservedExecution } from '../../engine/index.ts';
import type { BilledExecution } from './billing-metrics.ts';
import { BillingMetrics } from './billing-metrics.ts';
import { meaningOf } from './event-meaning.ts';
import type { Residency } from './server-metrics.ts';
import { ServerMetrics } from './server-metrics.ts';
import type { MachineExecution } from './step-functions-metrics.ts';
import { StepFunctionsMetrics } from './step-functions-metrics.ts';
import { StoreMetrics } from './store-metrics.ts';

/** A Prometheus scrape: the text exposition format and its content type. */
export interface Scrape {
  readonly contentType: string;
  readonly body: string;
}

/**
 * Every metric the server exposes at `GET /metrics`, in one registry of its own (not
 * prom-client's global one, so that several servers in one process, as in tests, stay apart).
 */
export class Metrics {
  readonly #registry = new prom.Registry();
  readonly executions: StepFunctionsMetrics;
  readonly server: ServerMetrics;
  readonly billing: BillingMetrics;
  /** The store's calls, group commits and timer lag: wrap the store and clock with it. */
  readonly store: StoreMetrics;

  /** `engine` gives the engine serving now (a standby's changes when it takes the lead). */
  constructor(engine: () => Residency | undefined, options: { readonly process?: boolean } = {}) {
    this.executions = new StepFunctionsMetrics(this.#registry);
    this.server = new ServerMetrics(this.#registry, engine);
    this.billing = new BillingMetrics(this.#registry);
    this.store = new StoreMetrics(this.#registry);
    // CPU, memory, event-loop lag and handles of this process: read at scrape time.
    if (options.process !== false)
      prom.collectDefaultMetrics({ register: this.#registry, prefix: 'stepwise_' });
  }

  /** Starts counting `engine`'s executions; the function returned stops it. */
  watch(engine: Pick<Engine, 'observe'>): () => void {
    const { executions, billing } = this;
    // One watch per execution for both: an event costs one call and one lookup of its type.
    return engine.observe({
      started: (execution) => executions.started(execution),
      follow: (execution) => new ExecutionMetrics(executions.follow(execution), billing.follow(execution)),
    });
  }

  async scrape(): Promise<Scrape> {
    return { contentType: this.#registry.contentType, body: await this.#registry.metrics() };
  }
}

/** What one execution adds to the metrics: its machine's counts and its billed use. */
class ExecutionMetrics implements ExecutionWatch {
  readonly #machine: MachineExecution;
  readonly #billed: BilledExecution;

  constructor(machine: MachineExecution, billed: BilledExecution) {
    this.#machine = machine;
    this.#billed = billed;
  }

  event(event: HistoryEvent): void {
    const meaning = meaningOf(event.type);
    if (meaning.none) return;
    if (meaning.task) this.#machine.task(event, meaning.task);
    this.#billed.event(event, meaning);
  }

  closed(execution: ObservedExecution): void {
    this.#machine.closed(execution);
    this.#billed.closed(execution);
  }
}
