// The batches a group commit has sent to a store that pipelines (Store.pipelines), until durable.
import type { Part } from './group-commit-batch.ts';

/** One batch committing and the next sent behind it: the store never waits between them. */
const DEPTH = 2;

interface Sent {
  readonly owners: ReadonlySet<string>;
  readonly size: number;
  /** Settles once the batch is durable (or given up); never rejects. */
  readonly ended: Promise<void>;
}

export class Pipeline {
  #sent: Sent[] = [];

  /**
   * Resolves once another batch may be sent: at once when none is being sent, else once the one
   * gathering is as large as the one sent before it (`grown(size)` resolves when it has `size`
   * owners), or once that one has ended. A commit costs the database about as much as ten starts
   * (PostgreSQL, measured): small batches sent behind large ones would cost more than they save.
   */
  async room(gathered: () => number, grown: (size: number) => Promise<void>): Promise<void> {
    for (;;) {
      const last = this.#sent.at(-1);
      if (!last) return;
      if (this.#sent.length < DEPTH && gathered() >= last.size) return;
      const oldest = this.#sent[0]?.ended;
      await (this.#sent.length < DEPTH ? Promise.race([oldest, grown(last.size)]) : oldest);
    }
  }

  /** Resolves once every batch sent so far has ended. */
  async drained(): Promise<void> {
    while (this.#sent.length > 0) await this.#sent[0]?.ended;
  }

  /**
   * Whether `part` writes for an owner of a batch still being sent: it must wait for it (a batch
   * that fails does not stop the next one, so that owner's writes could land out of order).
   */
  overlaps(part: Part): boolean {
    return this.#sent.some((s) => part.some(([owner]) => s.owners.has(owner)));
  }

  /** Holds `part`'s place until `durable` settles. */
  add(part: Part, durable: Promise<void>): void {
    const sent: Sent = {
      owners: new Set(part.map(([owner]) => owner)),
      size: part.length,
      ended: durable.then(
        () => this.#end(sent),
        () => this.#end(sent),
      ),
    };
    this.#sent.push(sent);
  }

  #end(sent: Sent): void {
    this.#sent = this.#sent.filter((s) => s !== sent);
  }
}
