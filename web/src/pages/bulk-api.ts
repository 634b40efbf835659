// The bulk operations page's calls: Stepwise's extension actions of the API (docs/saved-tests-and-bulk.md),
// in the same AWS JSON 1.0 protocol as the rest (DESIGN.md rule 6: web/ talks HTTP only).
import { sfn } from '../api/client.ts';

export type BulkAction = 'stop' | 'redrive' | 'fork';

/** A fork's members: where each execution is forked from (the first state's entry without it). */
export interface BulkFork {
  fromState?: string;
}

export interface BulkFilter {
  stateMachineArn?: string;
  statuses?: string[];
  errorNames?: string[];
  startedAfter?: string;
  startedBefore?: string;
  stateReached?: string;
  inputMatches?: string;
  outputMatches?: string;
  executionArns?: string[];
}

export interface BulkProgress {
  readonly done: number;
  readonly succeeded: number;
  readonly skipped: number;
  readonly failed: number;
}

export interface BulkSummary {
  readonly bulkOperationId: string;
  readonly action: BulkAction;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'CANCELLED';
  readonly creationDate: number;
  readonly stopDate?: number;
  readonly executionCount: number;
  readonly progress: BulkProgress;
}

export interface BulkResult {
  readonly executionArn: string;
  readonly outcome: 'SUCCEEDED' | 'SKIPPED' | 'FAILED';
  readonly message?: string;
  readonly date: number;
}

/** What the real run would record for one execution, said by the dry run. */
export interface BulkPrediction {
  readonly executionArn: string;
  readonly outcome: BulkResult['outcome'];
  readonly message?: string;
}

export const dryRun = (action: BulkAction, filter: BulkFilter, fork: BulkFork = {}) =>
  sfn<{ executionArns: string[]; results: BulkPrediction[] }>('StartBulkOperation', {
    action,
    filter,
    dryRun: true,
    ...fork,
  });

export const startBulk = (
  action: BulkAction,
  filter: BulkFilter,
  ratePerSecond: number,
  fork: BulkFork = {},
) => sfn<{ bulkOperationId: string }>('StartBulkOperation', { action, filter, ratePerSecond, ...fork });

export const listBulk = () => sfn<{ bulkOperations: BulkSummary[] }>('ListBulkOperations');

export const describeBulk = (bulkOperationId: string) =>
  sfn<BulkSummary & { results: BulkResult[] }>('DescribeBulkOperation', {
    bulkOperationId,
    maxResults: 1000,
  });

export const cancelBulk = (bulkOperationId: string) => sfn('CancelBulkOperation', { bulkOperationId });
