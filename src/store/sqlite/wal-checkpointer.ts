import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';

// Runs from src (.ts, type stripping) and from dist (.js) alike.
const ENTRY = new URL(`./checkpoint-worker${extname(new URL(import.meta.url).pathname)}`, import.meta.url);

/** How often the worker copies the WAL into the database. */
const EVERY_MS = 200;

/**
 * Checkpoints a WAL database on a worker thread. SQLite's own checkpoint runs inside the COMMIT
 * that crosses `wal_autocheckpoint` pages (1,000 by default), on the event loop, and syncs the
 * database file there: every few group commits, a stall every request then waits for. On a thread
 * of its own it blocks nobody, and being less frequent it copies a page written by many commits
 * (the tables' last pages, the B-trees' inner ones) once (issue 18, measured: ~10 µs less CPU per
 * start). The writer keeps a larger automatic checkpoint as a bound, should this one fall behind.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(file: string) {
    this.#worker = new Worker(ENTRY, { workerData: { file, everyMs: EVERY_MS }, stdout: false });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // Never what keeps a process alive; an error (the file gone) leaves the bound to the writer.
    this.#worker.unref();
    this.#worker.on('error', () => {});
  }

  /** Stops it; resolves once its connection is closed. */
  close(): Promise<void> {
    // Waited for: the process lives until the worker's connection is closed.
    this.#worker.ref();
    this.#worker.postMessage('close');
    return this.#exited;
  }
}
