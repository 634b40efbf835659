import type {
  Clock,
  Engine,
  ExecutionObserver,
  ExecutionRecord,
  StateMachineRecord,
} from '../../engine/index.ts';
import type { Store } from '../../store/index.ts';
import type { StatusChangeEvent } from './status-change-event.ts';
import { statusChangeEvent } from './status-change-event.ts';

/** A destination for status-change events. */
export interface Webhook {
  readonly name: string;
  readonly url: string;
  /** Signs each delivery (HMAC-SHA256, webhook-signature.ts); unsigned without one. */
  readonly secret?: string | undefined;
  /** Only these state machines' executions (names or ARNs); all when absent. */
  readonly stateMachines?: readonly string[] | undefined;
  /** Only these statuses (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED); all when absent. */
  readonly statuses?: readonly string[] | undefined;
}

/** POSTs a body; resolves to the HTTP status (a network failure rejects). */
export type Send = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

/** An EventBridge event: a status change, or one a workflow sent with `events:putEvents`. */
export type BusEvent = Omit<StatusChangeEvent, 'detail-type' | 'source'> & {
  readonly 'detail-type': string;
  readonly source: string;
};

/** Where an event comes from. */
export interface EventOrigin {
  /** The event bus it is on: `default` for status changes (as on AWS). */
  readonly bus: string;
  /** The state machine whose execution changed status (status-change events only). */
  readonly stateMachine?: StateMachineRecord | undefined;
  /** The state machine that changed status or sent the event. */
  readonly sender: string;
}

/**
 * Where the outbox takes events: a webhook, or a rule that starts a state machine
 * (rules/rule-destination.ts). Each has its own lane per execution.
 */
export interface Destination {
  readonly name: string;
  accepts(event: BusEvent, origin: EventOrigin): boolean;
  /** Hands one event over; resolves to why it failed (then it is retried), or undefined. */
  deliver(body: string, key: string): Promise<string | undefined>;
}

export interface OutboxDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly engine: Pick<Engine, 'region' | 'account' | 'redriveRefusal'>;
  readonly destinations: readonly Destination[];
  readonly uuid: () => string;
  readonly log?: (line: string) => void;
  /** Each status-change event as a JSON line, as it happens (the log stream). */
  readonly statusEvents?: (line: string) => void;
}

/** One event waiting for one webhook. */
interface Entry {
  readonly key: string;
  readonly webhook: string;
  readonly executionArn: string;
  readonly body: string;
  /** Resolves once the row is durable: a delivery never runs ahead of its row. */
  written: Promise<void>;
  attempts: number;
  nextAt: number;
}

/** What a webhook's deliveries came to so far (since this process started). */
export interface DeliveryStatus {
  readonly webhook: string;
  readonly pending: number;
  readonly delivered: number;
  readonly failedAttempts: number;
  readonly lastError?: string;
  /** Epoch ms of the last attempt, delivered or not. */
  readonly lastAttemptAt?: number;
}

const CONCURRENCY = 8;
const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Status-change events to webhooks through a durable outbox: each event is a row in the store
 * (written as the status changes, before the engine's own commit of that change), delivered
 * by the leader in order per execution and webhook, retried with exponential backoff until the
 * receiver answers 2xx, and only then deleted. A restart delivers what is left: at least once.
 */
export class WebhookOutbox {
  readonly #deps: OutboxDeps;
  readonly #hooks: ReadonlyMap<string, Destination>;
  #queue: Entry[] = [];
  #last = 0;
  readonly #inFlight = new Set<string>();
  #wake = new AbortController();
  readonly #stop = new AbortController();
  #loop: Promise<void> | undefined;
  readonly #status = new Map<
    string,
    { delivered: number; failedAttempts: number; lastError?: string; lastAttemptAt?: number }
  >();

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
    this.#hooks = new Map(deps.destinations.map((w) => [w.name, w]));
    for (const w of deps.destinations) this.#status.set(w.name, { delivered: 0, failedAttempts: 0 });
  }

  /** The observer to give Engine.observe: a Standard execution's start, redrive and close. */
  readonly observer: ExecutionObserver = {
    started: ({ record, stateMachine }) => this.#emit(record, stateMachine),
    closed: ({ record, stateMachine }) => this.#emit(record, stateMachine),
  };

  #emit(record: ExecutionRecord, stateMachine: StateMachineRecord): void {
    // AWS: "Express Workflows do not emit events to EventBridge".
    const lines = this.#deps.statusEvents;
    if (stateMachine.type !== 'STANDARD' || (this.#hooks.size === 0 && !lines)) return;
    const { clock, engine } = this.#deps;
    const event = statusChangeEvent(record, stateMachine, {
      id: this.#deps.uuid(),
      now: clock.now(),
      region: engine.region,
      account: engine.account,
      redriveRefusal: (r) => engine.redriveRefusal(r),
    });
    lines?.(JSON.stringify(event));
    if (this.#hooks.size === 0) return;
    // Called in the engine's turn, so this commit is issued before the group commit of the
    // change itself: after a crash the row is there whenever the change is (or the change is
    // made again by replay, and the event sent twice: at least once, never lost).
    void this.#enqueue(event, record.executionArn, {
      bus: 'default',
      stateMachine,
      sender: stateMachine.stateMachineArn,
    });
  }

  /**
   * Events a workflow sent to a bus of Stepwise's own (`events:putEvents`), for the rules on that
   * bus; resolves once they are durable, in order after the sender's earlier events.
   */
  async publish(events: readonly BusEvent[], lane: string, origin: EventOrigin): Promise<void> {
    await Promise.all(events.map((event) => this.#enqueue(event, lane, origin)));
  }

  /** Stores one event for each destination that takes it and queues its delivery. */
  #enqueue(event: BusEvent, lane: string, origin: EventOrigin): Promise<void> {
    const { clock, store } = this.#deps;
    const seq = (this.#last = Math.max(clock.now() * 1000, this.#last + 1));
    const body = JSON.stringify(event);
    const entries: Entry[] = [];
    for (const hook of this.#hooks.values()) {
      if (!hook.accepts(event, origin)) continue;
      entries.push({
        key: `${String(seq).padStart(20, '0')}/${hook.name}`,
        webhook: hook.name,
        executionArn: lane,
        body,
        written: Promise.resolve(),
        attempts: 0,
        nextAt: 0,
      });
    }
    if (entries.length === 0) return Promise.resolve();
    const written = store
      .commit({
        documents: entries.map((e) => ({
          kind: 'outboxEvent' as const,
          key: e.key,
          parent: e.executionArn,
          data: { webhook: e.webhook, executionArn: e.executionArn, body },
        })),
      })
      .catch((error: unknown) => this.#log(`webhook outbox: could not store an event: ${String(error)}`));
    for (const e of entries) {
      e.written = written;
      this.#queue.push(e);
    }
    this.#wake.abort();
    return written;
  }

  /** This process leads: takes up the rows a previous leader left and starts delivering. */
  async lead(): Promise<void> {
    const rows = await this.#deps.store.listDocuments('outboxEvent');
    const known = new Set(this.#queue.map((e) => e.key));
    const left: Entry[] = [];
    const dropped: string[] = [];
    for (const row of rows) {
      if (known.has(row.key)) continue;
      const data = row.data as { webhook: string; executionArn: string; body: string };
      if (!this.#hooks.has(data.webhook)) {
        dropped.push(row.key);
        continue;
      }
      left.push({ key: row.key, ...data, written: Promise.resolve(), attempts: 0, nextAt: 0 });
      this.#last = Math.max(this.#last, Number(row.key.split('/')[0]));
    }
    if (dropped.length > 0) {
      this.#log(`webhook outbox: ${dropped.length} event(s) for webhooks no longer configured dropped`);
      await this.#deps.store.commit({
        deletedDocuments: dropped.map((key) => ({ kind: 'outboxEvent', key })),
      });
    }
    this.#queue = [...left, ...this.#queue].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#wake.abort();
    await this.#loop;
  }

  /** Per destination: events waiting, delivered, failed attempts and the last error. */
  status(): DeliveryStatus[] {
    return [...this.#status].map(([webhook, s]) => ({
      webhook,
      pending: this.#queue.filter((e) => e.webhook === webhook).length,
      ...s,
    }));
  }

  async #run(): Promise<void> {
    const { clock } = this.#deps;
    while (!this.#stop.signal.aborted) {
      this.#wake = new AbortController();
      const now = clock.now();
      let wakeAt = now + 60_000;
      const heads = new Set<string>();
      for (const e of this.#queue) {
        const lane = `${e.webhook} ${e.executionArn}`;
        if (heads.has(lane)) continue;
        heads.add(lane);
        if (this.#inFlight.has(lane)) continue;
        if (e.nextAt > now) {
          wakeAt = Math.min(wakeAt, e.nextAt);
          continue;
        }
        if (this.#inFlight.size >= CONCURRENCY) break;
        this.#inFlight.add(lane);
        void this.#deliver(e).finally(() => {
          this.#inFlight.delete(lane);
          this.#wake.abort();
        });
      }
      await clock.sleep(Math.max(0, wakeAt - now), AbortSignal.any([this.#wake.signal, this.#stop.signal]));
    }
  }

  async #deliver(e: Entry): Promise<void> {
    const { clock, store } = this.#deps;
    const hook = this.#hooks.get(e.webhook);
    const status = this.#status.get(e.webhook);
    if (!hook || !status) return;
    await e.written;
    let failure: string | undefined;
    try {
      failure = await hook.deliver(e.body, e.key);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    status.lastAttemptAt = clock.now();
    if (failure !== undefined) {
      e.attempts++;
      e.nextAt = clock.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (e.attempts - 1));
      status.failedAttempts++;
      status.lastError = failure;
      return;
    }
    status.delivered++;
    this.#queue = this.#queue.filter((x) => x !== e);
    // If this delete is lost (a crash), the event goes out again after the restart.
    await store
      .commit({ deletedDocuments: [{ kind: 'outboxEvent', key: e.key }] })
      .catch((error: unknown) =>
        this.#log(`webhook outbox: could not delete a delivered event: ${String(error)}`),
      );
  }

  #log(line: string): void {
    (this.#deps.log ?? console.error)(`stepwise: ${line}`);
  }
}
