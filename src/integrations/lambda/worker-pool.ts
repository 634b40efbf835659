import { extname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Json } from '../../asl/index.ts';
import type { TaskResult } from '../task-runner.ts';
import type { FunctionCall } from './function-call.ts';
import { ConfiguredFunctions } from './configured-functions.ts';
import { functionError, timedOut, unlessAbandoned } from './function-call.ts';

/** A function whose handler runs in worker threads: `file#export`, timeout (s), memory (MB). */
export interface PooledFunction {
  readonly handler: string;
  readonly timeout?: number;
  readonly memorySize?: number;
}

interface Reply {
  readonly id?: number;
  readonly ok?: boolean;
  readonly value?: Json;
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly trace?: string[];
  readonly log?: string;
  readonly ready?: boolean;
}

const LAMBDA_DEFAULT_TIMEOUT = 3;
const LAMBDA_DEFAULT_MEMORY = 128;
const POOL_SIZE = 4;
// Runs from src (.ts, type stripping) and from dist (.js) alike.
const ENTRY = new URL(`./worker-entry${extname(new URL(import.meta.url).pathname)}`, import.meta.url);

/** One warm sandbox: a worker thread that has imported the handler module. */
class Sandbox {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  #pending = new Map<number, (reply: Reply) => void>();
  #next = 0;
  dead = false;

  constructor(
    name: string,
    file: string,
    exportName: string,
    memorySize: number,
    log: (line: string) => void,
  ) {
    this.worker = new Worker(ENTRY, {
      workerData: { file, exportName, functionName: name, memorySize },
      resourceLimits: { maxOldGenerationSizeMb: memorySize },
      stdout: false,
    });
    this.worker.unref();
    this.ready = new Promise((ready, failed) => {
      this.worker.on('message', (r: Reply) => {
        if (r.ready) return ready();
        if (r.log !== undefined) return log(r.log);
        if (r.id !== undefined) {
          this.#pending.get(r.id)?.(r);
          this.#pending.delete(r.id);
        }
      });
      const die = (why: Error | number): void => {
        this.dead = true;
        const reason = typeof why === 'number' ? `exit code ${why}` : why.message;
        failed(new Error(reason));
        for (const settle of this.#pending.values()) {
          settle({
            ok: false,
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: worker ended: ${reason}`,
          });
        }
        this.#pending.clear();
      };
      this.worker.on('error', die);
      this.worker.on('exit', die);
    });
  }

  run(message: Omit<Reply, 'id'> & Record<string, unknown>): Promise<Reply> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.worker.postMessage({ ...message, id });
    });
  }
}

/**
 * Functions as warm worker threads, up to POOL_SIZE per function, each with the function's
 * memory limit (V8 heap) and timeout: a timed-out or crashed sandbox is thrown away, as Lambda
 * does, and the call fails with `Sandbox.Timedout` / `Runtime.ExitError`.
 */
export class WorkerPool extends ConfiguredFunctions<PooledFunction> {
  readonly #idle = new Map<string, Sandbox[]>();
  /** Every sandbox not thrown away yet, idle or busy (an abandoned call's may still run). */
  readonly #live = new Set<Sandbox>();
  #closed = false;
  readonly #count = new Map<string, number>();
  readonly #waiting = new Map<string, ((s: Sandbox) => void)[]>();

  protected async run(call: FunctionCall, fn: PooledFunction): Promise<TaskResult> {
    const seconds = fn.timeout ?? LAMBDA_DEFAULT_TIMEOUT;
    let sandbox: Sandbox;
    try {
      sandbox = await this.#acquire(call.name, fn);
      await sandbox.ready;
    } catch (e) {
      this.#forget(call.name);
      return functionError('Runtime.ImportModuleError', e instanceof Error ? e.message : String(e));
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), seconds * 1000)));
    const finished = Promise.race([
      sandbox.run({
        event: call.event,
        invokedArn: call.invokedArn,
        version: call.qualifier ?? '$LATEST',
        requestId: call.requestId,
        deadline: Date.now() + seconds * 1000,
        ...(call.traceHeaders ? { traceHeaders: call.traceHeaders } : {}),
      }),
      expired,
    ]).then((reply): TaskResult => {
      clearTimeout(timer);
      if (reply === 'timeout' || sandbox.dead) {
        // The sandbox may still be busy (or broken): it is not reused.
        this.#throwAway(sandbox);
        this.#forget(call.name);
        if (reply === 'timeout') return timedOut(call, seconds);
      } else {
        this.#release(call.name, sandbox);
      }
      if (reply.ok) return { ok: true, output: reply.value ?? null };
      return functionError(reply.errorType ?? 'Error', reply.errorMessage ?? '', reply.trace ?? []);
    });
    // An abandoned call is not cut short: stopping a handler half-way could leave half of its
    // side effects done. Its sandbox runs on to the end or the timeout, then serves again.
    return unlessAbandoned(finished, call.signal);
  }

  #acquire(name: string, fn: PooledFunction): Promise<Sandbox> {
    const idle = this.#idle.get(name)?.pop();
    if (idle) return Promise.resolve(idle);
    const count = this.#count.get(name) ?? 0;
    if (count < POOL_SIZE) {
      this.#count.set(name, count + 1);
      const [file, exportName] = fn.handler.split('#');
      const sandbox = new Sandbox(
        name,
        resolve(this.base, file ?? ''),
        exportName || 'handler',
        fn.memorySize ?? LAMBDA_DEFAULT_MEMORY,
        (line) => this.log(name, line),
      );
      this.#live.add(sandbox);
      return Promise.resolve(sandbox);
    }
    return new Promise((r) => {
      const list = this.#waiting.get(name) ?? [];
      list.push(r);
      this.#waiting.set(name, list);
    });
  }

  #throwAway(sandbox: Sandbox): void {
    this.#live.delete(sandbox);
    void sandbox.worker.terminate();
  }

  #release(name: string, sandbox: Sandbox): void {
    // An abandoned call that ends after close: its sandbox serves no more.
    if (this.#closed) return this.#throwAway(sandbox);
    const next = this.#waiting.get(name)?.shift();
    if (next) return next(sandbox);
    const list = this.#idle.get(name) ?? [];
    list.push(sandbox);
    this.#idle.set(name, list);
  }

  /** A sandbox was thrown away: its slot is free; a waiting call gets a new one. */
  #forget(name: string): void {
    this.#count.set(name, Math.max(0, (this.#count.get(name) ?? 1) - 1));
    const next = this.#waiting.get(name)?.shift();
    const fn = this.settingsOf(name);
    if (next && fn) void this.#acquire(name, fn).then(next);
  }

  /** Stops every sandbox, idle or busy (server shutdown, tests). */
  async close(): Promise<void> {
    this.#closed = true;
    // Busy ones too: an abandoned call's function would otherwise keep the process alive.
    const all = [...this.#live];
    this.#live.clear();
    this.#idle.clear();
    await Promise.all(all.map((s) => s.worker.terminate()));
  }
}
