import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObservabilitySettings } from '../config/index.ts';
import type { JsonObject } from '../asl/index.ts';
import type { Clock, Engine } from '../engine/index.ts';
import type { Tracing } from '../observability/index.ts';
import {
  ExecutionLogs,
  ExpressBilling,
  Metrics,
  MonitoringReports,
  openTracing,
  withTraceContext,
} from '../observability/index.ts';
import type { createRuntime, Runtime } from './runtime.ts';
import { systemEntropy } from './system-clock.ts';

/**
 * Metrics, execution logs and traces as the settings ask, observing whichever engine serves now:
 * they outlive a runtime (a standby that takes the lead goes on in the same registry and files).
 */
export class Observing {
  /** Absent when `observability.metrics` is false. */
  readonly metrics: Metrics | undefined;
  readonly #logs: ExecutionLogs;
  /** Absent unless tracing is configured: nothing is exported then. */
  readonly tracing: Tracing | undefined;
  /** The console's Monitoring tab: billed use and price per execution and day. */
  readonly reports: MonitoringReports;
  readonly #express = new ExpressBilling();

  /** What the settings ask for; tracing (the OpenTelemetry SDK) is loaded only when configured. */
  static async open(settings: ObservabilitySettings | undefined, serving: () => Engine): Promise<Observing> {
    return new Observing(
      settings,
      serving,
      settings?.tracing ? await openTracing(settings.tracing) : undefined,
    );
  }

  private constructor(
    settings: ObservabilitySettings | undefined,
    serving: () => Engine,
    tracing: Tracing | undefined,
  ) {
    this.metrics = settings?.metrics === false ? undefined : new Metrics(serving);
    this.#logs = new ExecutionLogs(settings?.logs ?? {});
    this.tracing = tracing;
    this.reports = new MonitoringReports(this.#express);
  }

  /**
   * Observes the runtime's executions (and puts a traced execution's context on its HTTP tasks'
   * requests); the function returned stops.
   */
  watch({ engine, integrations }: Pick<Runtime, 'engine' | 'integrations'>): () => void {
    const tracing = this.tracing;
    if (tracing)
      integrations.traceHeaders = (req) => tracing.executions.headers(...visitOf(req.visit.context));
    const stops = [
      this.metrics?.watch(engine),
      engine.observe(this.#logs),
      engine.observe(this.#express),
      this.tracing && engine.observe(this.tracing.executions),
    ];
    return () => {
      for (const stop of stops) stop?.();
    };
  }

  /**
   * With tracing, each request runs with its `traceparent` or `X-Amzn-Trace-Id`: the execution a
   * StartExecution starts continues the caller's trace.
   */
  propagating(
    handler: (req: IncomingMessage, res: ServerResponse) => void,
  ): (req: IncomingMessage, res: ServerResponse) => void {
    if (!this.tracing) return handler;
    return (req, res) => withTraceContext(req.headers, () => handler(req, res));
  }

  /** The clock and store a runtime gets: with metrics, timer lag and store calls are measured. */
  instrumented(
    clock: Clock,
  ): readonly [Parameters<typeof createRuntime>[1], Parameters<typeof createRuntime>[2]] {
    const store = this.metrics?.store;
    if (!store) return [{ clock, entropy: systemEntropy }, undefined];
    return [{ clock: store.timedClock(clock), entropy: systemEntropy }, (s) => store.timed(s)];
  }

  /** Writes the log lines still queued and exports the spans ended so far. */
  async flush(): Promise<void> {
    await Promise.all([this.#logs.flush(), this.tracing?.flush()]);
  }

  /** Writes what is still queued. */
  async close(): Promise<void> {
    await Promise.all([this.#logs.flush(), this.tracing?.shutdown()]);
  }
}

/** The execution ARN and state name of a task's `$$` (Execution.Id, State.Name). */
function visitOf(context: JsonObject): [executionArn: string, stateName: string] {
  const execution = context['Execution'];
  const state = context['State'];
  const id =
    typeof execution === 'object' && execution !== null && !Array.isArray(execution) ? execution['Id'] : '';
  const name = typeof state === 'object' && state !== null && !Array.isArray(state) ? state['Name'] : '';
  return [typeof id === 'string' ? id : '', typeof name === 'string' ? name : ''];
}
