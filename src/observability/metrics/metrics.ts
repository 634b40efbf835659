import * as prom from 'prom-client';
import type { Engine } from '../../engine/index.ts';
import { BillingMetrics } from './billing-metrics.ts';
import type { OpenExecutions } from './execution-metrics.ts';
import { MachinesMetrics, MetricsObserver } from './metrics-observer.ts';
import type { Residency } from './server-metrics.ts';
import { ServerMetrics } from './server-metrics.ts';
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
    this.#machines = new MachinesMetrics(this.executions, this.billing);
    // CPU, memory, event-loop lag and handles of this process: read at scrape time.
    if (options.process !== false)
      prom.collectDefaultMetrics({ register: this.#registry, prefix: 'stepwise_' });
  }

  /** The open executions of each engine watched: read up to date at each scrape. */
  readonly #watched = new Set<OpenExecutions>();
  readonly #machines: MachinesMetrics;

  /** Starts counting `engine`'s executions; the function returned stops it. */
  watch(engine: Pick<Engine, 'observe'>): () => void {
    // The engine tells the watches each task's steps and Map Run's, and counts transitions the
    // metrics read at a scrape and at the close: no call on the engine's per-event path, and every
    // value is exact whenever it is read.
    const observer = new MetricsObserver(this.#machines);
    const { open } = observer;
    this.#watched.add(open);
    const stop = engine.observe(observer);
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
