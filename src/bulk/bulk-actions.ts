import { createHash } from 'node:crypto';
import type { Engine } from '../engine/index.ts';
import { ServiceError, stateEntryEventId } from '../engine/index.ts';
import type { BulkAction, BulkFork, BulkOperation, BulkResult } from './bulk-operation.ts';

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

/** An action refused: FAILED with the API error's name and message. */
export const refusal = (e: unknown): Outcome => ({
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
    const error = op.error ?? BULK_STOP_ERROR;
    const closed = (): Outcome | undefined => {
      const { status, cause: was } = engine.describeExecution(arn);
      if (status === 'RUNNING') return undefined;
      const ours = status === 'ABORTED' && was === cause;
      return ours ? { outcome: 'SUCCEEDED' } : { outcome: 'SKIPPED', message: `already ${status}` };
    };
    // A parked execution's record may be in the store only.
    await engine.loadExecution(arn);
    const before = closed();
    if (before) return before;
    // Scale-out: its lease may have moved on since the leader sent the action here (handed back
    // to even out the shares, claimed after a death). The stop is then left in the store for
    // whichever server drives it, as a StopExecution is.
    const elsewhere = engine.stopElsewhere(arn, error, cause);
    if (!elsewhere) engine.stopExecution(arn, error, cause);
    else if ((await elsewhere) === undefined) return closed() ?? { outcome: 'SUCCEEDED' };
    return { outcome: 'SUCCEEDED' };
  },
  async redrive(engine, op, arn) {
    const token = redriveToken(op);
    await engine.loadExecution(arn);
    if (engine.describeExecution(arn).redriveTokens?.some((t) => t.token === token))
      return { outcome: 'SUCCEEDED' };
    await engine.redriveExecution(arn, token);
    return { outcome: 'SUCCEEDED' };
  },
  async fork(engine, op, arn) {
    await engine.loadExecution(arn);
    const name = bulkForkName(op, arn);
    // The source names its forks, durably with the fork itself.
    const source = engine.describeExecution(arn);
    const made = source.forks?.find((f) => f.endsWith(`:${name}`));
    if (made) return { outcome: 'SUCCEEDED', message: made };
    // With scale-out a closed source's row is another server's to have written: the fork itself is the proof.
    const forkArn = engine.executionArn(source.stateMachineArn.split(':').at(-1) ?? '', name);
    if (await engine.placement.remember(forkArn)) return { outcome: 'SUCCEEDED', message: forkArn };
    const from = await forkPoint(engine, op.fork, arn);
    if (typeof from !== 'number') return from;
    const { stateMachineArn, input } = op.fork ?? {};
    const fork = await engine.forkExecution({
      executionArn: arn,
      eventId: from,
      name,
      input,
      stateMachineArn,
    });
    return { outcome: 'SUCCEEDED', message: fork.executionArn };
  },
};

/** Where a fork of `arn` starts: the event id, or why it is skipped (the same in a dry run). */
async function forkPoint(engine: Engine, fork: BulkFork | undefined, arn: string): Promise<number | Outcome> {
  const fromState = fork?.fromState;
  const eventId = stateEntryEventId(await engine.readExecutionHistory(arn), fromState);
  if (eventId !== undefined) return eventId;
  const why = fromState === undefined ? 'it entered no state' : `it never entered state '${fromState}'`;
  return { outcome: 'SKIPPED', message: why };
}

/** What a dry run says of one execution: the outcome the real run would record, and for a fork where from. */
export type Preview = Outcome & { readonly eventId?: number };

/**
 * Each action's dry run: the outcome and message the real run would record now, made with the
 * same checks and nothing written (a fork's name, made from the operation's id, is not known yet).
 */
const PREVIEWS: Record<BulkAction, (engine: Engine, plan: BulkPlan, arn: string) => Promise<Preview>> = {
  async stop(engine, _plan, arn) {
    await engine.loadExecution(arn);
    const { status } = engine.describeExecution(arn);
    return status === 'RUNNING'
      ? { outcome: 'SUCCEEDED' }
      : { outcome: 'SKIPPED', message: `already ${status}` };
  },
  async redrive(engine, _plan, arn) {
    await engine.loadExecution(arn);
    const record = engine.describeExecution(arn);
    const why = record.mapRunArn ? 'Execution is a child of a Map Run' : engine.redriveRefusal(record);
    return why === undefined
      ? { outcome: 'SUCCEEDED' }
      : refusal(new ServiceError('ExecutionNotRedrivable', why));
  },
  async fork(engine, plan, arn) {
    await engine.loadExecution(arn);
    const from = await forkPoint(engine, plan.fork, arn);
    if (typeof from !== 'number') return from;
    const { stateMachineArn, input } = plan.fork ?? {};
    await engine.checkFork({ executionArn: arn, eventId: from, input, stateMachineArn });
    return { outcome: 'SUCCEEDED', eventId: from };
  },
};

export const BULK_ACTIONS = Object.keys(ACTIONS) as BulkAction[];

/** What a dry run knows of an operation: its action and, for a fork, where from and onto what. */
export type BulkPlan = Pick<BulkOperation, 'action' | 'fork'>;

export async function previewAction(engine: Engine, plan: BulkPlan, arn: string): Promise<Preview> {
  try {
    return await PREVIEWS[plan.action](engine, plan, arn);
  } catch (e) {
    return refusal(e);
  }
}

export async function applyAction(engine: Engine, op: BulkOperation, arn: string): Promise<Outcome> {
  try {
    return await ACTIONS[op.action](engine, op, arn);
  } catch (e) {
    return refusal(e);
  }
}
