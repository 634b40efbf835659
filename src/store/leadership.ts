import type { Leadership } from './store.ts';

/** How often a standby tries to take the lead. */
const RETRY_MS = 500;

/**
 * A lead taken by polling a lock that its holder keeps for as long as it lives: a PostgreSQL
 * advisory lock held by a connection, an exclusive lock on a SQLite file held by a process.
 */
export class PolledLeadership implements Leadership {
  leading = false;
  readonly acquired: Promise<void>;
  readonly lost: Promise<Error>;
  readonly #attempt: () => Promise<boolean>;
  readonly #giveUp: () => Promise<void>;
  #won: () => void = () => {};
  #lose: (e: Error) => void = () => {};
  #timer: NodeJS.Timeout | undefined;
  #released = false;

  private constructor(attempt: () => Promise<boolean>, giveUp: () => Promise<void>) {
    this.#attempt = attempt;
    this.#giveUp = giveUp;
    this.acquired = new Promise((resolve) => (this.#won = resolve));
    this.lost = new Promise((resolve) => (this.#lose = resolve));
  }

  /**
   * `attempt` takes the lock if it is free (false if another holds it); `giveUp` lets it go.
   * Resolves after the first attempt.
   */
  static async start(
    attempt: () => Promise<boolean>,
    giveUp: () => Promise<void>,
  ): Promise<PolledLeadership> {
    const l = new PolledLeadership(attempt, giveUp);
    await l.#try();
    return l;
  }

  /** The lock's holder reports it gone (its connection died). */
  markLost(error: Error): void {
    if (!this.leading) return;
    this.leading = false;
    this.#lose(error);
  }

  async #try(): Promise<void> {
    if (this.#released) return;
    let won = false;
    try {
      won = await this.#attempt();
    } catch {
      // The database is away: a standby keeps trying.
    }
    if (this.#released) return;
    if (won) {
      this.leading = true;
      this.#won();
      return;
    }
    this.#timer = setTimeout(() => void this.#try(), RETRY_MS);
    this.#timer.unref();
  }

  async release(): Promise<void> {
    this.#released = true;
    clearTimeout(this.#timer);
    this.leading = false;
    await this.#giveUp();
  }
}
