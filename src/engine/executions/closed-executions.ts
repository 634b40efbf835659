import type { ExecutionRecord } from '../execution.ts';

/**
 * How much of closed executions' records stays in memory when a store has them all (the most
 * recently closed or read first), in bytes as `weight` estimates them: the others are read from
 * the store when a call names one (KnownExecutions.ensure), so that memory does not grow with the
 * number of executions ever run (issue 18).
 */
const HELD_BYTES = 8 * 2 ** 20;

/** How many ARNs found missing from the store are remembered as such (ClosedExecutions.missing). */
const MISSING = 1000;

/** A record's approximate size in memory: its strings (two bytes a character at worst) and fields. */
function weight(r: ExecutionRecord): number {
  const text = r.input.length + (r.output?.length ?? 0) + (r.cause?.length ?? 0) + r.executionArn.length * 2;
  return 400 + 2 * text;
}

/**
 * The records of closed executions in memory. Without a store they are all kept (nothing else
 * has them); with one, the recent ones (HELD_BYTES). A record pushed out stays readable until
 * `durable` resolves (its row may still be on its way to the store in a group commit), so a call
 * that misses it here always finds it in the store.
 */
export class ClosedExecutions {
  /** No wrapper beside each record: its weight is computed again when it leaves (it no longer changes). */
  private readonly held = new Map<string, ExecutionRecord>();
  /** Pushed out, until the writes of the time are durable. */
  private readonly leaving = new Map<string, ExecutionRecord>();
  /**
   * ARNs read from the store and not found there, oldest first: a call asks the store once, then
   * answers ExecutionDoesNotExist (or starts it). Its close takes it out (`set`).
   */
  private readonly missingArns = new Set<string>();
  private bytes = 0;
  /**
   * Every closed execution of the store is here (a new store, nothing pushed out yet): an ARN
   * not in memory is then not in the store either, and nobody needs to ask it.
   */
  private allHere = true;
  private readonly bounded: boolean;
  private readonly durable: () => Promise<void>;
  private readonly evicted: (executionArn: string) => void;

  constructor(deps: {
    /** Whether a store keeps every closed execution (then only the recent ones stay here). */
    readonly bounded: boolean;
    /** Resolves once what was written so far is durable. */
    readonly durable: () => Promise<void>;
    /** Its record left memory: what was kept beside it may go too. */
    readonly evicted: (executionArn: string) => void;
  }) {
    this.bounded = deps.bounded;
    this.durable = deps.durable;
    this.evicted = deps.evicted;
  }

  get(arn: string): ExecutionRecord | undefined {
    return this.held.get(arn) ?? this.leaving.get(arn);
  }

  has(arn: string): boolean {
    return this.held.has(arn) || this.leaving.has(arn);
  }

  /** Whether the store has no closed execution that is not here. */
  get complete(): boolean {
    return this.allHere;
  }

  /** The store was read for it and does not have it. */
  missing(arn: string): boolean {
    return this.missingArns.has(arn);
  }

  /** The store may hold closed executions not here (it had some at the start, or others write it). */
  incomplete(): void {
    this.allHere = false;
  }

  markMissing(arn: string): void {
    this.missingArns.add(arn);
    if (this.missingArns.size > MISSING) {
      const oldest = this.missingArns.values().next().value;
      if (oldest !== undefined) this.missingArns.delete(oldest);
    }
  }

  /**
   * It exists after all: started here after it was looked for, and let go of open (handed to
   * another server), so that the store is asked again.
   */
  found(arn: string): void {
    this.missingArns.delete(arn);
  }

  set(arn: string, record: ExecutionRecord): void {
    if (this.missingArns.size > 0) this.missingArns.delete(arn);
    const held = this.held;
    if (!this.bounded) {
      // Nothing leaves memory here: a new ARN (every close but a redrive's) takes one lookup of
      // the map of every closed execution, not two; one set again goes last, as if deleted first.
      const size = held.size;
      held.set(arn, record);
      if (held.size === size) {
        held.delete(arn);
        held.set(arn, record);
      }
      return;
    }
    this.delete(arn);
    held.set(arn, record);
    this.bytes += weight(record);
    if (this.bytes > HELD_BYTES) this.#evict();
  }

  delete(arn: string): void {
    const held = this.held.get(arn);
    if (held) {
      this.held.delete(arn);
      if (this.bounded) this.bytes -= weight(held);
    }
    this.leaving.delete(arn);
  }

  /** The records in memory (with a store, the others are listed from it). */
  values(): IterableIterator<ExecutionRecord> {
    return [...this.held.values(), ...this.leaving.values()].values();
  }

  /** The oldest out, down to three quarters of the budget (not one at each close). */
  #evict(): void {
    this.allHere = false;
    for (const [arn, record] of this.held) {
      if (this.bytes <= HELD_BYTES * 0.75) break;
      this.held.delete(arn);
      this.bytes -= weight(record);
      this.leaving.set(arn, record);
    }
    // Those of earlier evictions too, if their writes were not durable then (a store away).
    const out = [...this.leaving];
    const gone = (): void => {
      for (const [arn, record] of out) {
        if (this.leaving.get(arn) !== record) continue;
        this.leaving.delete(arn);
        this.evicted(arn);
      }
    };
    this.durable().then(gone, () => {});
  }
}
