import type { Machine } from '../../asl/index.ts';
import type { Doc } from '../../store/index.ts';
import { compileStored } from '../catalog/index.ts';
import type { Clock } from '../clock.ts';
import { executionDoesNotExist, ServiceError } from '../errors.ts';
import type { ExecutionRecord } from '../execution.ts';
import type { GroupCommit } from '../group-commit.ts';
import type { HistoryEvent } from '../history/event.ts';
import { redriveReplay } from '../history/redrive.ts';
import type { KnownExecutions } from './known.ts';
import type { Launcher } from './launcher.ts';
import { REDRIVE_TOKEN_MS, REDRIVE_TOKENS, redriveRefusal } from './redrive-rules.ts';

export interface RedriveDeps {
  readonly clock: Clock;
  readonly journal: GroupCommit | undefined;
  readonly known: KnownExecutions;
  readonly launcher: Launcher;
}

/**
 * RedriveExecution: the execution runs again over its recorded history, which it adopts up to
 * the failed state; that state is entered again live after an ExecutionRedriven event (in a
 * failed Parallel or inline Map, only the failed or aborted branches or iterations run again).
 */
export async function redriveExecution(
  deps: RedriveDeps,
  arn: string,
  clientToken?: string,
  /** A Map Run's child runs its Map's ItemProcessor, which its parent gives (see map-children.ts). */
  processor?: Machine,
): Promise<ExecutionRecord> {
  const { clock, known } = deps;
  await known.ensure(arn);
  const record = known.current(arn);
  const source = known.sources.get(arn);
  if (!record || !source) throw executionDoesNotExist(arn);
  // A retried request (the SDK sends the same token again) gets the first answer.
  const seen =
    clientToken === undefined ? undefined : record.redriveTokens?.find((t) => t.token === clientToken);
  if (seen && clock.now() - seen.redriveDate <= REDRIVE_TOKEN_MS) {
    return { ...record, redriveDate: seen.redriveDate };
  }
  // A child is redriven with its Map Run (RedriveExecution of its parent), not on its own.
  const refused =
    record.mapRunArn && !processor
      ? 'Execution is a child of a Map Run'
      : redriveRefusal(record, clock.now());
  if (refused !== undefined) throw new ServiceError('ExecutionNotRedrivable', refused);
  const events = await known.history(arn);
  // Another redrive may have won while the history was read.
  // (Pushed out of memory meanwhile, it is unchanged: closed.)
  const latest = known.current(arn);
  if (latest !== undefined && latest !== record) {
    throw new ServiceError('ExecutionNotRedrivable', 'Execution is RUNNING and cannot be redriven');
  }
  const now = clock.now();
  const redriveCount = (record.redriveCount ?? 0) + 1;
  const tokens = [
    ...(record.redriveTokens ?? []),
    ...(clientToken ? [{ token: clientToken, redriveDate: now }] : []),
  ];
  const next: ExecutionRecord = {
    ...record,
    status: 'RUNNING',
    redriveCount,
    redriveDate: now,
    ...(tokens.length ? { redriveTokens: tokens.slice(-REDRIVE_TOKENS) } : {}),
  };
  delete next.output;
  delete next.error;
  delete next.cause;
  delete next.stopDate;
  const last = events.at(-1)?.id ?? 0;
  const redriven: HistoryEvent = {
    id: last + 1,
    previousEventId: last,
    timestamp: now,
    type: 'ExecutionRedriven',
    executionRedrivenEventDetails: { redriveCount },
  };
  deps.journal?.event({ executionArn: arn, id: redriven.id, data: redriven as unknown as Doc });
  known.closed.delete(arn);
  known.histories.delete(arn);
  const registered = { record: source.record, machine: processor ?? compileStored(source.record.definition) };
  const shown = [...events, redriven];
  deps.launcher.run(next, registered, { recorded: redriveReplay(shown), shown });
  return next;
}
