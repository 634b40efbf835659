import { createHash } from 'node:crypto';
import type { Engine } from '../engine/index.ts';
import { ServiceError, stateEntryEventId } from '../engine/index.ts';
import type { BulkAction, BulkOperation, BulkResult } from './bulk-operation.ts';

type Outcome = Pick<BulkResult, 'outcome' | 'message'>;

/** The error a bulk stop records, unless the operation names its own. */
export const BULK_STOP_ERROR = 'Stepwise.BulkOperation';

/** The client token of an operation's redrives: a redrive done before a crash is not done again. */
const redriveToken = (op: BulkOperation): string => `bulk-${op.bulkOperationId}`.slice(0, 64);

/**
 * The name of an operation's fork of one execution (54 characters, within AWS's 80): the same
 * after a crash, so a fork made before it is recognised, not made again.
 */
function bulkForkName(op: BulkOperation, sourceArn: string): string {
  const id = op.bulkOperationId.replace(/[^A-Za-z0-9]/g, '').slice(0, 32);
  const digest = createHash('sha256').update(sourceArn).digest('hex').slice(0, 16);
  return `bulk-${id}-${digest}`;
}

const refusal = (e: unknown): Outcome => ({
  outcome: 'FAILED',
  message: e instanceof ServiceError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e),
});

/**
 * Each action, applied to one execution, idempotently: after a crash the slice in flight is done
 * again, and what it had already done is recognised (the stop's cause, the redrive's client
 * token, the fork's name) and reported as done, not done twice.
 */
const ACTIONS: Record<BulkAction, (engine: Engine, op: BulkOperation, arn: string) => Promise<Outcome>> = {
  async stop(engine, op, arn) {
    const cause = op.cause ?? `Stopped by bulk operation ${op.bulkOperationId}`;
    await engine.loadExecution(arn);
    const before = engine.describeExecution(arn);
    if (before.status !== 'RUNNING') {
      const ours = before.status === 'ABORTED' && before.cause === cause;
      return ours ? { outcome: 'SUCCEEDED' } : { outcome: 'SKIPPED', message: `already ${before.status}` };
    }
    engine.stopExecution(arn, op.error ?? BULK_STOP_ERROR, cause);
    return { outcome: 'SUCCEEDED' };
  },
  async redrive(engine, op, arn) {
    await engine.loadExecution(arn);
    const token = redriveToken(op);
    if (engine.describeExecution(arn).redriveTokens?.some((t) => t.token === token))
      return { outcome: 'SUCCEEDED' };
    await engine.redriveExecution(arn, token);
    return { outcome: 'SUCCEEDED' };
  },
  async fork(engine, op, arn) {
    await engine.loadExecution(arn);
    const name = bulkForkName(op, arn);
    // The source names its forks, durably with the fork itself.
    const made = engine.describeExecution(arn).forks?.find((f) => f.endsWith(`:${name}`));
    if (made) return { outcome: 'SUCCEEDED', message: made };
    const { fromState, stateMachineArn, input } = op.fork ?? {};
    const eventId = stateEntryEventId(await engine.readExecutionHistory(arn), fromState);
    if (eventId === undefined) {
      const why = fromState === undefined ? 'it entered no state' : `it never entered state '${fromState}'`;
      return { outcome: 'SKIPPED', message: why };
    }
    const fork = await engine.forkExecution({ executionArn: arn, eventId, name, input, stateMachineArn });
    return { outcome: 'SUCCEEDED', message: fork.executionArn };
  },
};

export const BULK_ACTIONS = Object.keys(ACTIONS) as BulkAction[];

export async function applyAction(engine: Engine, op: BulkOperation, arn: string): Promise<Outcome> {
  try {
    return await ACTIONS[op.action](engine, op, arn);
  } catch (e) {
    return refusal(e);
  }
}
