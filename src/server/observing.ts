import type { ObservabilitySettings } from '../config/index.ts';
import type { Engine } from '../engine/index.ts';
import { ExecutionLogs, Metrics } from '../observability/index.ts';

/**
 * Metrics, execution logs and traces as the settings ask, observing whichever engine serves now:
 * they outlive a runtime (a standby that takes the lead goes on in the same registry and files).
 */
export class Observing {
  /** Absent when `observability.metrics` is false. */
  readonly metrics: Metrics | undefined;
  readonly #logs: ExecutionLogs;

  constructor(settings: ObservabilitySettings | undefined, serving: () => Engine) {
    this.metrics = settings?.metrics === false ? undefined : new Metrics(serving);
    this.#logs = new ExecutionLogs(settings?.logs ?? {});
  }

  /** Observes `engine`'s executions; the function returned stops. */
  watch(engine: Engine): () => void {
    const stops = [this.metrics?.watch(engine), engine.observe(this.#logs)];
    return () => {
      for (const stop of stops) stop?.();
    };
  }

  /** Writes the log lines still queued. */
  flush(): Promise<void> {
    return this.#logs.flush();
  }

  /** Writes what is still queued. */
  async close(): Promise<void> {
    await this.#logs.flush();
  }
}
