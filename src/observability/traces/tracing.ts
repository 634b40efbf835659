import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ExecutionTraces } from './execution-traces.ts';

export interface TracingOptions {
  /**
   * The OTLP/HTTP endpoint's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`): spans go to
   * `<endpoint>/v1/traces`. Absent, the exporter reads OpenTelemetry's own variables.
   */
  readonly endpoint?: string | undefined;
}

/**
 * The OpenTelemetry SDK set up for Stepwise's traces: a tracer provider of its own (not the
 * global one, which the user's code in the same process may own), spans batched to an OTLP/HTTP
 * exporter. Made only when tracing is configured: otherwise nothing is exported.
 */
export class Tracing {
  readonly executions: ExecutionTraces;
  readonly #provider: BasicTracerProvider;

  constructor(options: TracingOptions = {}) {
    const base = options.endpoint?.replace(/\/+$/, '');
    const exporter = new OTLPTraceExporter(base === undefined ? {} : { url: `${base}/v1/traces` });
    this.#provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'stepwise' }),
      spanProcessors: [new BatchSpanProcessor(exporter)],
    });
    this.executions = new ExecutionTraces(this.#provider.getTracer('stepwise'));
  }

  /** Exports the spans ended so far. */
  flush(): Promise<void> {
    return this.#provider.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#provider.shutdown();
  }
}
