import type { BulkPlan, Preview } from './bulk-actions.ts';

/** One action (or its dry run) on one execution, sent to the server that drives it (ApplyBulkAction). */
export type PeerCall = (body: {
  operation: BulkPlan;
  executionArn: string;
  preview: boolean;
  /** Sent on by a server that found the execution driven elsewhere: applied where it arrives. */
  moved?: boolean;
}) => Promise<Preview>;

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
