// Test doubles for the engine: a virtual clock, deterministic entropy and a scripted TaskRunner.
import assert from 'node:assert/strict';
import type { Clock, Entropy, HistoryEvent } from '../engine/index.ts';
import { Engine } from '../engine/index.ts';
import type { Store } from '../store/index.ts';
import type { JsonObject } from '../asl/index.ts';
import type {
  ActivityService,
  TaskCallbacks,
  TaskRequest,
  TaskResult,
  TaskRunner,
} from '../integrations/index.ts';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** Lets every pending promise reaction and I/O callback run. */
export async function idle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Virtual time: `now()` is virtual ms; `sleep(ms)` records the requested delay and resolves when
 * virtual time reaches its deadline (through `advance` or `runUntil`), or at once on abort.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  /** Every delay ever requested, in order. */
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2024, 0, 1, 0, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const onAbort = (): void => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        resolve();
      };
      const timer: Timer = {
        at: this.#now + ms,
        seq: this.#seq++,
        fire: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Deadlines of the sleeps still pending. */
  get pending(): number[] {
    return this.#timers.map((t) => t.at);
  }

  #fireNext(limit: number): boolean {
    let next: Timer | undefined;
    for (const t of this.#timers) {
      if (t.at <= limit && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
    }
    if (!next) return false;
    this.#timers = this.#timers.filter((t) => t !== next);
    this.#now = Math.max(this.#now, next.at);
    next.fire();
    return true;
  }

  /** Moves virtual time forward by `ms`, firing the timers that fall due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await idle();
    while (this.#fireNext(target)) await idle();
    this.#now = target;
    await idle();
  }

  /** Runs until `promise` settles, jumping to the next timer whenever nothing else can happen. */
  async runUntil<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
    });
    for (;;) {
      await idle();
      if (settled) return watched;
      if (!this.#fireNext(Infinity))
        throw new Error('stuck: nothing can happen and the promise has not settled');
    }
  }
}

/** A virtual clock that moves on 1 ms at every read: each read is told apart, and counted. */
export class TickingClock extends VirtualClock {
  reads = 0;
  override now(): number {
    this.reads++;
    return super.now() + this.reads;
  }
}

/** Deterministic ids: 00000000-0000-4000-8000-000000000001, ...2, ... */
export class CountingEntropy implements Entropy {
  #n = 0;
  uuid(): string {
    this.#n++;
    return `00000000-0000-4000-8000-${String(this.#n).padStart(12, '0')}`;
  }
  random(): number {
    return 0.5;
  }
}

export type TaskScript = (request: TaskRequest, call: number) => TaskResult | Promise<TaskResult>;

/** A TaskRunner whose behaviour each test scripts; it records every request, and its `$$` as called. */
export class ScriptedTasks implements TaskRunner {
  readonly calls: TaskRequest[] = [];
  /** Each call's `$$`, read when it was called (a run's `$$.Execution` is released when it ends). */
  readonly contexts: JsonObject[] = [];
  script: TaskScript;

  constructor(script: TaskScript = (r) => ({ ok: true, output: r.parameters })) {
    this.script = script;
  }

  async run(request: TaskRequest): Promise<TaskResult> {
    this.calls.push(request);
    this.contexts.push(request.visit.context);
    return this.script(request, this.calls.length - 1);
  }
}

/** A task call that only ends when its signal aborts (TimeoutSeconds, StopExecution). */
export function hang(request: TaskRequest): Promise<TaskResult> {
  return new Promise((resolve) => {
    request.signal.addEventListener('abort', () => resolve({ ok: true, output: 'too late' }), { once: true });
  });
}

/** The activity registry and task-token answers, when a test composes real integrations. */
interface TaskParts {
  readonly activities?: ActivityService;
  readonly callbacks?: TaskCallbacks;
}

/** An engine on virtual time with deterministic ids, durable when given a store. */
export function engineOn(
  store: Store | undefined,
  clock: VirtualClock,
  tasks: TaskRunner = new ScriptedTasks(),
  parts: TaskParts = {},
): Engine {
  return new Engine({
    clock,
    entropy: new CountingEntropy(),
    tasks,
    region: 'us-east-1',
    account: '123456789012',
    ...parts,
    ...(store ? { store } : {}),
  });
}

/** A gap-free history: ids run 1..n and every previousEventId points to an earlier event (or 0). */
export function assertChain(events: readonly HistoryEvent[]): void {
  events.forEach((e, i) => {
    assert.equal(e.id, i + 1);
    assert.ok(
      e.previousEventId >= 0 && e.previousEventId < e.id,
      `event ${e.id} follows ${e.previousEventId}`,
    );
  });
}
