import { appendFile, rename, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OtlpLogExport } from './otlp-log-export.ts';

/** Where execution log lines go. Writing never blocks an execution ("Publishing logs doesn't block or slow down executions"). */
export interface LogSink {
  /** One JSON line (without its newline). */
  write(line: string): void;
  /** Writes what is queued. */
  flush(): Promise<void>;
}

/**
 * About how many characters one write takes at most. A busy turn can queue more lines than one
 * string can hold (V8: ~512 M characters): joined at once, the whole batch was lost.
 */
export const CHUNK_CHARS = 8 * 1024 * 1024;

/** The end of the chunk of `lines` that starts at `start`: at least one line, ~CHUNK_CHARS at most. */
export function chunkEnd(lines: readonly string[], start: number): number {
  let end = start + 1;
  let chars = lines[start]!.length;
  while (end < lines.length && chars + lines[end]!.length + 1 <= CHUNK_CHARS)
    chars += lines[end++]!.length + 1;
  return end;
}

/**
 * Lines queued in memory and written together once per turn of the event loop, one write for
 * many executions' events (as the group commit does for the store).
 */
abstract class BatchedSink implements LogSink {
  #queue: string[] = [];
  #writing: Promise<void> | undefined;

  write(line: string): void {
    if (this.#queue.push(line) === 1 && !this.#writing) this.#writing = this.#drain();
  }

  async #drain(): Promise<void> {
    // Let the rest of this turn's events join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0) {
      const lines = this.#queue;
      this.#queue = [];
      for (let start = 0; start < lines.length;) {
        const end = chunkEnd(lines, start);
        try {
          await this.writeLines(lines.slice(start, end));
        } catch (e) {
          // Logs are best effort on AWS too; the execution goes on.
          console.error('stepwise: could not write execution logs', e);
        }
        start = end;
      }
    }
    this.#writing = undefined;
  }

  /** One chunk's lines (see chunkEnd). */
  protected abstract writeLines(lines: readonly string[]): Promise<void>;

  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }
}

/** Lines as one text, each ending in a newline. */
function jsonLines(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Standard output as JSON lines, the default (what container platforms collect). */
export class StdoutSink extends BatchedSink {
  protected writeLines(lines: readonly string[]): Promise<void> {
    const chunk = jsonLines(lines);
    return new Promise((resolve) => {
      if (process.stdout.write(chunk)) resolve();
      else process.stdout.once('drain', resolve);
    });
  }
}

/** A file of JSON lines, rotated to `file.1`, `file.2`, … when it would grow past `maxBytes`. */
export class FileSink extends BatchedSink {
  readonly #file: string;
  readonly #maxBytes: number;
  readonly #maxFiles: number;
  #size: number | undefined;

  constructor(file: string, options: { readonly maxBytes?: number; readonly maxFiles?: number } = {}) {
    super();
    this.#file = file;
    this.#maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
    this.#maxFiles = options.maxFiles ?? 5;
    mkdirSync(dirname(file), { recursive: true });
  }

  protected async writeLines(lines: readonly string[]): Promise<void> {
    const chunk = jsonLines(lines);
    this.#size ??= await stat(this.#file).then(
      (s) => s.size,
      () => 0,
    );
    const bytes = Buffer.byteLength(chunk);
    if (this.#size > 0 && this.#size + bytes > this.#maxBytes) await this.#rotate();
    await appendFile(this.#file, chunk);
    this.#size += bytes;
  }

  async #rotate(): Promise<void> {
    for (let i = this.#maxFiles - 1; i >= 1; i--)
      await rename(`${this.#file}.${i}`, `${this.#file}.${i + 1}`).catch(() => {});
    await rename(this.#file, `${this.#file}.1`);
    this.#size = 0;
  }
}

/**
 * An OpenTelemetry collector's OTLP/HTTP logs endpoint: one log record a line, exported in
 * batches by the OpenTelemetry SDK (loaded at the first line, so a server that sends none never
 * loads it).
 */
export class OtlpSink extends BatchedSink {
  readonly #url: string;
  #export: Promise<OtlpLogExport> | undefined;

  /** `endpoint`: the logs endpoint, or a collector's base URL (`/v1/logs` is added to a bare one). */
  constructor(endpoint: string) {
    super();
    const url = new URL(endpoint);
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/logs';
    this.#url = url.href;
  }

  protected async writeLines(lines: readonly string[]): Promise<void> {
    this.#export ??= import('./otlp-log-export.ts').then(({ OtlpLogExport }) => new OtlpLogExport(this.#url));
    const exporter = await this.#export;
    for (const line of lines) exporter.emit(line);
  }

  override async flush(): Promise<void> {
    await super.flush();
    await (await this.#export)?.flush();
  }
}
