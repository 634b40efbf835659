import type { Tracing, TracingOptions } from './tracing.ts';

/**
 * Sets up tracing, loading the OpenTelemetry SDK and exporter only now: a server without tracing
 * (the default) does not hold them (about 3 MB of heap, 0.2 s of start-up).
 */
export async function openTracing(options: TracingOptions = {}): Promise<Tracing> {
  const { Tracing } = await import('./tracing.ts');
  return new Tracing(options);
}
