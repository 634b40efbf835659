import type { Json } from '../../asl/index.ts';
import type { CallbackOutcome, TaskCallbacks } from '../../integrations/index.ts';
import type { MessageRow, Store, WakeUp } from '../../store/index.ts';
import type { Clock } from '../clock.ts';
import type { HistoryEvent } from '../history/event.ts';
import { parseTaskToken } from '../task-token.ts';
import type { OwnerMessage } from './message.ts';
import { readMessage } from './message.ts';
import { taskVisit } from './task-visit.ts';

/** The fallback poll: a notification lost (or LISTEN off) costs at most this much latency. */
const POLL_MS = 500;
/** Messages read per round. */
const READ_LIMIT = 200;

export interface InboxDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** This server's lease owner id: its messages are those of the executions it holds. */
  readonly owner: string;
  readonly callbacks: TaskCallbacks | undefined;
  /** Whether this server drives the execution now (a claimed one is not driven until resumed). */
  drives(executionArn: string): boolean;
  /** StopExecution, applied here (a parked execution's record read first if need be). */
  stop(executionArn: string, error: string | undefined, cause: string | undefined): Promise<void>;
  /** Resolves once what this server queued so far is durable. */
  flushed(): Promise<void>;
  /** Handed-back leases (or possibly missed notifications): the claim loop looks at once. */
  claimNow(): void;
  /**
   * Executions closed on some server (a Map's children): those waiting here for their ends read
   * them now. Undefined: any may have closed (notifications were missed).
   */
  ended?(executionArns: readonly string[] | undefined): void;
  /** False: no LISTEN, polling only (the fallback, kept for tests and benchmarks). */
  readonly notify?: boolean;
  readonly pollMs?: number;
}

/**
 * The messages other servers left for the executions this one drives (SendTask*, StopExecution
 * sent to a server that does not drive the execution; to-owner.ts). Woken by NOTIFY, and polled
 * as a fallback. A message is applied here, and deleted only once its effect is durable: a task's
 * answer once the stored history shows the task ended, a heartbeat once applied, a stop when the
 * execution's close ends its lease. So a server that dies in between loses none: the next owner
 * reads it again when it has resumed the execution, and since a token's task ends once, a
 * message is applied once (an answer to a task that ended is dropped).
 */
export class MessageInbox {
  readonly #deps: InboxDeps;
  readonly #stop = new AbortController();
  #round: Promise<void> | undefined;
  #again = false;
  #loop: Promise<void> | undefined;
  #unlisten: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(deps: InboxDeps) {
    this.#deps = deps;
  }

  start(): void {
    const wakeUps = this.#deps.notify === false ? undefined : this.#deps.store.wakeUps;
    this.#unlisten = wakeUps
      ?.listen((w) => this.#woken(w))
      .catch((e: unknown) => {
        console.error('stepwise: no LISTEN on the store; polling only:', e instanceof Error ? e.message : e);
        return undefined;
      });
    this.#loop = this.#poll();
  }

  /** Looks at the messages now (or again once the round under way is over); resolves after. */
  kick(): Promise<void> {
    if (this.#stop.signal.aborted) return Promise.resolve();
    if (this.#round) {
      this.#again = true;
      return this.#round;
    }
    const round = this.#rounds().finally(() => (this.#round = undefined));
    this.#round = round;
    return round;
  }

  async close(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
    await this.#round;
    await (
      await this.#unlisten
    )?.();
  }

  #woken(w: WakeUp): void {
    if (w.kind === 'ended') return this.#deps.ended?.(w.executionArns);
    if (w.kind === 'all') this.#deps.ended?.(undefined);
    if (w.kind !== 'message') this.#deps.claimNow();
    if (w.kind === 'claims') return;
    if (w.kind === 'message' && !this.#deps.drives(w.executionArn)) return;
    if (w.kind === 'message' && w.message) {
      // The row came with the notification (sent on its commit): applied without reading it.
      // Applied again by a round meanwhile, it changes nothing (see the class comment).
      void this.#applyRows([w.message]).catch((e: unknown) => {
        console.error('stepwise: messages:', e instanceof Error ? e.message : e);
      });
      return;
    }
    void this.kick();
  }

  async #poll(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      await this.#deps.clock.sleep(this.#deps.pollMs ?? POLL_MS, signal);
      void this.kick();
    }
  }

  async #rounds(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#round1();
      } catch (e) {
        // The store is away: the messages stay, the next round reads them again.
        console.error('stepwise: messages:', e instanceof Error ? e.message : e);
      }
    } while (this.#again && !this.#stop.signal.aborted);
  }

  async #round1(): Promise<void> {
    await this.#applyRows(await this.#deps.store.messagesFor(this.#deps.owner, READ_LIMIT));
  }

  async #applyRows(rows: readonly MessageRow[]): Promise<void> {
    const done: string[] = [];
    for (const row of rows) {
      if (this.#stop.signal.aborted) return;
      // Held here but not resumed yet: once it runs, a later round applies it.
      if (!this.#deps.drives(row.executionArn)) continue;
      const message = readMessage(row.data);
      if (!message || (await this.#apply(row.executionArn, message))) done.push(row.id);
    }
    if (done.length > 0) await this.#deps.store.commit({ deliveredMessages: done });
  }

  /** Applies one message; true when it may be deleted now. */
  async #apply(executionArn: string, m: OwnerMessage): Promise<boolean> {
    if (m.kind === 'stop') {
      // Deleted with the lease its close ends; applied again meanwhile, it finds it closed.
      await this.#deps.stop(executionArn, m.error, m.cause);
      return false;
    }
    const token = parseTaskToken(m.taskToken);
    if (!token || token.executionArn !== executionArn) return true;
    const outcome = this.#answer(m);
    if (outcome === 'ok') return m.kind === 'taskHeartbeat';
    // Not waiting here: answered (by this message in an earlier round, or otherwise), or not
    // waiting yet (its task is about to be called). Only the durable history can tell.
    await this.#deps.flushed();
    const events = await this.#deps.store.getHistory(executionArn, token.enteredEventId - 1);
    const visit = taskVisit(
      events.map((e) => e.data as unknown as HistoryEvent),
      token,
    );
    return visit === 'ended' || visit === 'none';
  }

  #answer(m: Exclude<OwnerMessage, { kind: 'stop' }>): CallbackOutcome {
    const c = this.#deps.callbacks;
    if (!c) return 'TaskDoesNotExist';
    switch (m.kind) {
      case 'taskSuccess':
        return c.succeed(m.taskToken, JSON.parse(m.output) as Json);
      case 'taskFailure':
        return c.fail(m.taskToken, m.error, m.cause);
      case 'taskHeartbeat':
        return c.heartbeat(m.taskToken);
    }
  }
}
