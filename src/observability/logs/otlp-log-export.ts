import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';

/** Execution log lines sent to an OTLP/HTTP logs endpoint (loaded only when one is configured). */
export class OtlpLogExport {
  readonly #provider: LoggerProvider;
  readonly #logger;

  /** `url`: the logs endpoint (`…/v1/logs`). */
  constructor(url: string) {
    this.#provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'stepwise' }),
      processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url }) })],
    });
    this.#logger = this.#provider.getLogger('stepwise.execution-logs');
  }

  /**
   * One record a line: its body is the line, the CloudWatch Logs record as AWS writes it to a log
   * group (a collector's JSON parser gives its fields).
   */
  emit(line: string): void {
    this.#logger.emit({ body: line });
  }

  /** Exports what is queued. */
  flush(): Promise<void> {
    return this.#provider.forceFlush();
  }
}
