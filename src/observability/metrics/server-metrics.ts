import type { Registry } from 'prom-client';
import * as prom from 'prom-client';
import { exposed, LocalHistogram } from './local-metrics.ts';

/** Where the server's own gauges read from: the engine that leads now (it changes on a takeover). */
export interface Residency {
  residency(): { readonly inMemory: number; readonly parked: number };
}

/**
 * The server's own metrics, beside AWS's: executions open in memory and parked on a durable
 * timer (read at scrape time), and HTTP requests by API action and status.
 */
const SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** One API action's requests: its latency, and its count by status code. */
interface ActionRequests {
  readonly labels: { readonly action: string };
  readonly latency: LocalHistogram;
  readonly statuses: Map<number, { readonly labels: { action: string; status: string }; count: number }>;
}

/**
 * The server's own metrics, beside AWS's: executions open in memory and parked on a durable
 * timer (read at scrape time), and HTTP requests by API action and status (kept as plain
 * numbers: a request costs two lookups and a few additions, not prom-client's label hashing).
 */
export class ServerMetrics {
  readonly #actions = new Map<string, ActionRequests>();

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
    const actions = (): ActionRequests[] => [...this.#actions.values()];
    exposed(
      registry,
      'stepwise_http_requests_total',
      'HTTP requests by API action (X-Amz-Target), else console, /metrics or /health; and status code.',
      () => actions().flatMap((a) => [...a.statuses.values()].map((s) => [s.labels, s.count] as const)),
      'counter',
    );
    exposed(
      registry,
      'stepwise_http_request_duration_seconds',
      'Seconds from an HTTP request’s arrival to its answer, by API action.',
      () => actions().map((a) => [a.labels, a.latency] as const),
      'histogram',
    );
  }

  /** One answered request. `action` must come from a bounded set (the API's action names). */
  request(action: string, status: number, seconds: number): void {
    let requests = this.#actions.get(action);
    if (!requests) {
      requests = { labels: { action }, latency: new LocalHistogram(SECONDS), statuses: new Map() };
      this.#actions.set(action, requests);
    }
    const counted = requests.statuses.get(status);
    if (counted) counted.count++;
    else requests.statuses.set(status, { labels: { action, status: String(status) }, count: 1 });
    requests.latency.observe(seconds);
  }
}
