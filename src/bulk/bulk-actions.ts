import type { Engine } from '../engine/index.ts';
import { ServiceError } from '../engine/index.ts';
import type { BulkAction, BulkOperation, BulkResult } from './bulk-operation.ts';

type Outcome = Pick<BulkResult, 'outcome' | 'message'>;

/** The error a bulk stop records, unless the operation names its own. */
export const BULK_STOP_ERROR = 'Stepwise.BulkOperation';

/** The client token of an operation's redrives: a redrive done before a crash is not done again. */
const redriveToken = (op: BulkOperation): string => `bulk-${op.bulkOperationId}`.slice(0, 64);

const refusal = (e: unknown): Outcome => ({
  outcome: 'FAILED',
  message: e instanceof ServiceError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e),
});

/**
 * Each action, applied to one execution, idempotently: after a crash the slice in flight is done
 * again, and what it had already done is recognised (the stop's cause, the redrive's client
 * token) and reported as done, not done twice.
 */
const ACTIONS: Record<BulkAction, (engine: Engine, op: BulkOperation, arn: string) => Promise<Outcome>> = {
  stop(engine, op, arn) {
    const cause = op.cause ?? `Stopped by bulk operation ${op.bulkOperationId}`;
    const before = engine.describeExecution(arn);
    if (before.status !== 'RUNNING') {
      const ours = before.status === 'ABORTED' && before.cause === cause;
      return Promise.resolve(
        ours ? { outcome: 'SUCCEEDED' } : { outcome: 'SKIPPED', message: `already ${before.status}` },
      );
    }
    engine.stopExecution(arn, op.error ?? BULK_STOP_ERROR, cause);
    return Promise.resolve({ outcome: 'SUCCEEDED' });
  },
  async redrive(engine, op, arn) {
    const token = redriveToken(op);
    if (engine.describeExecution(arn).redriveTokens?.some((t) => t.token === token))
      return { outcome: 'SUCCEEDED' };
    await engine.redriveExecution(arn, token);
    return { outcome: 'SUCCEEDED' };
  },
  // fork: once the engine can fork an execution (StartForkedExecution, issue 20), add it here and to
  // BulkAction; the runner, the book and the API take any action of this table.
};

export const BULK_ACTIONS = Object.keys(ACTIONS) as BulkAction[];

export async function applyAction(engine: Engine, op: BulkOperation, arn: string): Promise<Outcome> {
  try {
    return await ACTIONS[op.action](engine, op, arn);
  } catch (e) {
    return refusal(e);
  }
}
