/** One SQL statement with `?` placeholders (drivers translate them to their own). */
export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  /**
   * The rows it must change: fewer means a lease it checks was lost (another server claimed the
   * execution), and the whole transaction fails with `leaseLost` (store-error.ts).
   */
  readonly fence?: number;
}

export type SqlValue = string | number | null;

export type Row = Record<string, unknown>;

import type { LeadOptions, Leadership, WakeUps } from '../store.ts';

/** The little the SQL store needs from a database: queries, atomic batches and a lock to lead. */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /** See `Store.lead`. */
  lead(options?: LeadOptions): Promise<Leadership>;
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /**
   * `query` on a connection of its own, for the lease heartbeat: queued behind no other query,
   * so that the work the leases protect (commits, reads) cannot make them expire.
   */
  readonly heartbeat?: ((sql: string, params?: readonly SqlValue[]) => Promise<Row[]>) | undefined;
  /** Runs all statements in one transaction: all are applied or none. */
  transaction(statements: readonly Statement[]): Promise<void>;
  /** `transaction`, applied before it returns (or thrown); resolves once durable (Store.apply). */
  readonly applyNow?: ((statements: readonly Statement[]) => Promise<void>) | undefined;
  /** Store.pipelines. */
  readonly pipelines?: (() => boolean) | undefined;
  /** Store.wakeUps, where the database can wake other servers (PostgreSQL's LISTEN). */
  readonly wakeUps?: WakeUps | undefined;
  close(): Promise<void>;
}
