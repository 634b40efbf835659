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

  /** The executions followed now, by engine watched: read up to date at each scrape. */
  readonly #watched = new Set<OpenExecutions>();

  /** Starts counting `engine`'s executions; the function returned stops it. */
  watch(engine: Pick<Engine, 'observe'>): () => void {
    const { executions, billing } = this;
    const open = new OpenExecutions();
    this.#watched.add(open);
    // One watch per execution for both. It reads the execution's history when the metrics are
    // read (a scrape) and at the close, not as each event comes: no call on the engine's
    // per-event path, and every value is exact whenever it is read.
    const stop = engine.observe({
      started: (execution) => executions.started(execution),
      follow: (execution) =>
        open.add(new ExecutionMetrics(executions.follow(execution), billing.follow(execution), open)),
    });
    return () => {
      stop();
      // Executions a halted engine left open are read a last time, then let go.
      open.readAll();
      this.#watched.delete(open);
    };
  }

  async scrape(): Promise<Scrape> {
    for (const open of this.#watched) open.readAll();
    return { contentType: this.#registry.contentType, body: await this.#registry.metrics() };
  }
}

const NO_EVENTS: readonly HistoryEvent[] = Object.freeze([]);

/**
 * The executions being followed, linked through themselves (no Map or Set entry made and
 * deleted per execution).
 */
class OpenExecutions {
  first: ExecutionMetrics | undefined;

  add(execution: ExecutionMetrics): ExecutionMetrics {
    execution.next = this.first;
    if (this.first) this.first.previous = execution;
    this.first = execution;
    return execution;
  }

  remove(execution: ExecutionMetrics): void {
    const { previous, next } = execution;
    if (previous) previous.next = next;
    else if (this.first === execution) this.first = next;
    if (next) next.previous = previous;
    execution.previous = execution.next = undefined;
  }

  /** Counts every event recorded so far. */
  readAll(): void {
    for (let e = this.first; e; e = e.next) e.read();
  }
}

/**
 * What one execution adds to the metrics: its machine's counts and its billed use, from its
 * history's events, read from where it last read up to the latest.
 */
class ExecutionMetrics implements ExecutionWatch {
  readonly #machine: MachineExecution;
  readonly #billed: BilledExecution;
  readonly #open: OpenExecutions;
  #events = NO_EVENTS;
  /** How many of `#events` are counted. */
  #read = 0;
  previous: ExecutionMetrics | undefined;
  next: ExecutionMetrics | undefined;

  constructor(machine: MachineExecution, billed: BilledExecution, open: OpenExecutions) {
    this.#machine = machine;
    this.#billed = billed;
    this.#open = open;
  }

  history(events: readonly HistoryEvent[], from: number): void {
    this.read();
    this.#events = events;
    this.#read = from;
  }

  /** Counts the events recorded since the last read. */
  read(): void {
    const events = this.#events;
    const end = events.length;
    for (let i = this.#read; i < end; i++) {
      const event = events[i]!;
      const meaning = meaningOf(event.type);
      if (meaning.none) continue;
      if (meaning.task) this.#machine.task(event, meaning.task);
      this.#billed.event(event, meaning);
    }
    this.#read = end;
  }

  left(): void {
    this.read();
    this.#let();
  }

  closed(execution: ObservedExecution): void {
    this.read();
    this.#let();
    this.#machine.closed(execution);
    this.#billed.closed(execution);
  }

  #let(): void {
    this.#open.remove(this);
    this.#events = NO_EVENTS;
  }
}
