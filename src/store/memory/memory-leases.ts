import type { Batch, ExecutionRow, Lease, LeaseShare } from '../store.ts';
import { leaseLost } from '../store-error.ts';

interface Held {
  owner: string;
  token: number;
  expiresAt: number;
}

/**
 * The leases of the memory store: one process opens it, so they are never contested, but they
 * behave as the SQL store's do (the contract suite runs on both).
 */
export class MemoryLeases {
  readonly #held = new Map<string, Held>();
  /** Each server's heartbeat: live until then. */
  readonly #live = new Map<string, number>();

  /** The error a batch's lease checks fail with, or undefined (nothing is changed yet). */
  check(batch: Batch, status: (arn: string) => string | undefined): Error | undefined {
    const created = batch.newLeases?.executionArns ?? [];
    const taken = created.filter((arn) => this.#held.has(arn)).length;
    if (taken > 0) return leaseLost(created.length - taken, created.length);
    const fences = batch.fences ?? [];
    const kept = fences.filter((l) => this.#held.get(l.executionArn)?.token === l.token).length;
    if (kept !== fences.length) return leaseLost(kept, fences.length);
    const rows = batch.closedRows ?? [];
    const closed = rows.filter((arn) => {
      const s = status(arn);
      return s !== undefined && s !== 'RUNNING' && !this.#held.has(arn);
    }).length;
    return closed === rows.length ? undefined : leaseLost(closed, rows.length);
  }

  /** Applies a checked batch's leases. */
  apply(batch: Batch): void {
    const created = batch.newLeases;
    for (const arn of created?.executionArns ?? []) {
      this.#held.set(arn, { owner: created?.owner ?? '', token: 1, expiresAt: created?.expiresAt ?? 0 });
    }
    for (const arn of batch.endedLeases ?? []) this.#held.delete(arn);
  }

  claim(open: Iterable<ExecutionRow>, owner: string, now: number, expiresAt: number, limit: number): Lease[] {
    const out: Lease[] = [];
    const expired = [...this.#held].filter(([, h]) => h.expiresAt <= now);
    for (const [executionArn, h] of expired.sort(([, a], [, b]) => a.expiresAt - b.expiresAt)) {
      if (out.length >= limit) return out;
      Object.assign(h, { owner, expiresAt, token: h.token + 1 });
      out.push({ executionArn, token: h.token });
    }
    for (const x of open) {
      if (out.length >= limit) break;
      if (x.status !== 'RUNNING' || this.#held.has(x.arn)) continue;
      this.#held.set(x.arn, { owner, token: 1, expiresAt });
      out.push({ executionArn: x.arn, token: 1 });
    }
    return out;
  }

  renew(owner: string, expiresAt: number): Lease[] {
    this.#live.set(owner, expiresAt);
    const out: Lease[] = [];
    for (const [executionArn, h] of this.#held) {
      if (h.owner !== owner) continue;
      h.expiresAt = expiresAt;
      out.push({ executionArn, token: h.token });
    }
    return out;
  }

  of(executionArn: string): { owner: string; expiresAt: number } | undefined {
    const h = this.#held.get(executionArn);
    return h && { owner: h.owner, expiresAt: h.expiresAt };
  }

  share(owner: string, now: number): LeaseShare {
    let servers = 0;
    for (const until of this.#live.values()) if (until > now) servers++;
    let mine = 0;
    for (const h of this.#held.values()) if (h.owner === owner && h.expiresAt > now) mine++;
    return { servers, leases: this.#held.size, mine };
  }

  handBack(owner: string, leases: readonly Lease[], now: number): Lease[] {
    return leases.filter((l) => {
      const h = this.#held.get(l.executionArn);
      if (h?.owner !== owner || h.token !== l.token) return false;
      h.expiresAt = now;
      h.owner = '';
      return true;
    });
  }

  /** Whether `owner` has a heartbeat that lasts past `now`. */
  live(owner: string, now: number): boolean {
    return (this.#live.get(owner) ?? 0) > now;
  }

  release(owner: string, now: number): void {
    this.#live.delete(owner);
    for (const h of this.#held.values()) if (h.owner === owner) h.expiresAt = now;
  }
}
