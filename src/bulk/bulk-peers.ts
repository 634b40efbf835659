import type { BulkPlan, Preview } from './bulk-actions.ts';

/** One action (or its dry run) on one execution, sent to the server that drives it (ApplyBulkAction). */
export type PeerCall = (body: {
  operation: BulkPlan;
  executionArn: string;
  preview: boolean;
  /**
   * How many times servers that found the execution driven elsewhere sent it on (an older server
   * sends `true`, once). Past MAX_SENDS_ON it is applied where it arrives.
   */
  moved?: number | boolean;
}) => Promise<Preview>;

/**
 * How many times one action may be sent on after its first call: a lease moved by its server's
 * hand-back while the action was under way is found where it went, and a lease that keeps moving
 * cannot pass the action around for ever.
 */
export const MAX_SENDS_ON = 3;

/**
 * With scale-out (several servers drive executions by lease), how the leader, which runs bulk
 * operations, reaches what other servers drive (server/cluster/).
 */
export interface BulkPeers {
  /** Makes every execution of a machine known here as the store has it, wherever it runs. */
  refresh(stateMachineArn: string): Promise<void>;
  /** The call to the server that drives `executionArn`, when another server does. */
  driver(executionArn: string): Promise<PeerCall | undefined>;
}
