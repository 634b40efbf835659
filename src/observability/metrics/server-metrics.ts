import type { Counter, Histogram, Registry } from 'prom-client';
import * as prom from 'prom-client';

/** Where the server's own gauges read from: the engine that leads now (it changes on a takeover). */
export interface Residency {
  residency(): { readonly inMemory: number; readonly parked: number };
}

/**
 * The server's own metrics, beside AWS's: executions open in memory and parked on a durable
 * timer (read at scrape time), and HTTP requests by API action and status.
 */
export class ServerMetrics {
  readonly #requests: Counter<'action' | 'status'>;
  readonly #latency: Histogram<'action'>;

  constructor(registry: Registry, engine: () => Residency | undefined) {
    const registers = [registry];
    new prom.Gauge({
      name: 'stepwise_open_executions',
      help: 'Open executions: running in memory, and parked on a durable timer.',
      labelNames: ['residency'],
      registers,
      collect() {
        const now = engine()?.residency();
        this.set({ residency: 'memory' }, now?.inMemory ?? 0);
        this.set({ residency: 'parked' }, now?.parked ?? 0);
      },
    });
    new prom.Gauge({
      name: 'stepwise_parked_executions',
      help: 'Open executions asleep on a durable timer row, holding no memory until due.',
      registers,
      collect() {
        this.set(engine()?.residency().parked ?? 0);
      },
    });
    this.#requests = new prom.Counter({
      name: 'stepwise_http_requests_total',
      help: 'HTTP requests by API action (X-Amz-Target), else console, /metrics or /health; and status code.',
      labelNames: ['action', 'status'],
      registers,
    });
    this.#latency = new prom.Histogram({
      name: 'stepwise_http_request_duration_seconds',
      help: 'Seconds from an HTTP request’s arrival to its answer, by API action.',
      labelNames: ['action'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
  }

  /** The series of each (action, status) seen: prom-client hashes labels on every call otherwise. */
  readonly #series = new Map<string, { readonly count: () => void; readonly time: (s: number) => void }>();

  /** One answered request. `action` must come from a bounded set (the API's action names). */
  request(action: string, status: number, seconds: number): void {
    const key = `${action} ${status}`;
    let series = this.#series.get(key);
    if (!series) {
      const counter = this.#requests.labels({ action, status: String(status) });
      const histogram = this.#latency.labels({ action });
      series = { count: () => counter.inc(), time: (s) => histogram.observe(s) };
      this.#series.set(key, series);
    }
    series.count();
    series.time(seconds);
  }
}
