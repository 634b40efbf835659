import type { Doc, ExecutionRow } from '../../store/index.ts';
import type { StateMachineRecord } from '../catalog/index.ts';
import { revisionKey } from '../catalog/index.ts';
import type { ExecutionRecord } from '../execution.ts';
import { HISTORY_FORMAT } from '../history/format.ts';

/** What an execution's row keeps besides its record, to resume after a restart. */
export interface StoredExecution extends ExecutionRecord {
  /** The stored revision (definition and configuration) the execution runs. */
  readonly revision: string;
}

/**
 * The stored row of a Standard execution: its record, the revision it runs and the format of
 * its history (the store keeps the format of the first row written: history/format.ts).
 */
export function executionRow(r: ExecutionRecord, machine: StateMachineRecord): ExecutionRow {
  const stored: StoredExecution = { ...r, revision: revisionKey(machine) };
  return {
    arn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    status: r.status,
    startDate: r.startDate,
    historyFormat: HISTORY_FORMAT,
    data: stored as unknown as Doc,
  };
}
