import type { Batch, Store } from '../../store/index.ts';
import type { Clock, Entropy } from '../clock.ts';
import {
  executionDoesNotExist,
  ServiceError,
  storeFailure,
  taskDoesNotExist,
  taskTimedOut,
} from '../errors.ts';
import type { HistoryEvent } from '../history/event.ts';
import type { TaskTokenParts } from '../task-token.ts';
import type { OwnerMessage } from './message.ts';
import { taskVisit } from './task-visit.ts';

export interface ToOwnerDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly entropy: Entropy;
}

/**
 * SendTask* and StopExecution about an execution that another server drives (scale-out): the
 * call is checked against the store, as AWS would answer it, and written there as a message for
 * the execution's owner (message-inbox.ts), which a NOTIFY wakes. The owner alone writes the
 * history; the message stays until it did, so a server dying in between loses nothing.
 */
export class ToOwner {
  readonly #deps: ToOwnerDeps;

  constructor(deps: ToOwnerDeps) {
    this.#deps = deps;
  }

  /** A task token's answer; fails as AWS does for a task that ended or never was. */
  async answer(token: TaskTokenParts, message: OwnerMessage): Promise<void> {
    const { store } = this.#deps;
    const arn = token.executionArn;
    try {
      // Both at once: one round trip of latency, not two.
      const [row, stored] = await Promise.all([
        store.getExecution(arn),
        store.getHistory(arn, token.enteredEventId - 1),
      ]);
      if (!row) throw taskDoesNotExist();
      const events = stored.map((e) => e.data as unknown as HistoryEvent);
      const visit = taskVisit(events, token);
      if (visit === 'ended') throw taskTimedOut();
      if (visit === 'none') throw taskDoesNotExist();
      // Closed while the task waited (stopped, timed out): its token expired with it.
      if (row.status !== 'RUNNING') throw visit === 'waiting' ? taskTimedOut() : taskDoesNotExist();
      // Waiting, or not in the store yet (its owner commits the visit a moment after handing the
      // token out): the owner applies it once the task waits, or drops it if the task ended.
      await this.#write(arn, message);
    } catch (e) {
      throw e instanceof ServiceError ? e : storeFailure(e);
    }
  }

  /**
   * A stop of an open execution driven elsewhere: its stop date, or undefined when the store has
   * it closed (answered here from its record, as AWS answers a stop of a closed execution).
   * `fence`: leases (or closed rows) the message is written under, refused if one moved on (a
   * Map Run's stop of a child is fenced by its parent's lease).
   */
  async stop(
    arn: string,
    error: string | undefined,
    cause: string | undefined,
    fence?: Pick<Batch, 'fences' | 'closedRows'>,
  ): Promise<number | undefined> {
    try {
      const row = await this.#deps.store.getExecution(arn);
      if (!row) throw executionDoesNotExist(arn);
      if (row.status !== 'RUNNING') return undefined;
      const at = this.#deps.clock.now();
      const stop: OwnerMessage = {
        kind: 'stop',
        ...(error !== undefined ? { error } : {}),
        ...(cause !== undefined ? { cause } : {}),
      };
      await this.#write(arn, stop, fence);
      return at;
    } catch (e) {
      throw e instanceof ServiceError ? e : storeFailure(e);
    }
  }

  #write(
    executionArn: string,
    message: OwnerMessage,
    fence?: Pick<Batch, 'fences' | 'closedRows'>,
  ): Promise<void> {
    const { store, clock, entropy } = this.#deps;
    return store.commit({
      ...fence,
      messages: [{ id: entropy.uuid(), executionArn, createdAt: clock.now(), data: { ...message } }],
    });
  }
}
