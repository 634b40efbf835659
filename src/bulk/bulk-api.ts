import type { JsonObject } from '../asl/index.ts';
import { ServiceError } from '../engine/index.ts';
import { BULK_ACTIONS } from './bulk-actions.ts';
import { parseFilter } from './bulk-filter.ts';
import type { BulkFilter } from './bulk-filter.ts';
import type { BulkAction, BulkFork, BulkOperation, BulkProgress } from './bulk-operation.ts';
import type { BulkOperations } from './bulk-operations.ts';

/** One extension action of the API: its request body in, its response body out (errors thrown). */
export type ExtensionAction = (body: JsonObject) => Promise<JsonObject>;

const DEFAULT_RATE = 50;
const MAX_RATE = 10_000;
const PAGE = 1000;

const invalid = (message: string): ServiceError => new ServiceError('ValidationException', message);
const seconds = (ms: number): number => ms / 1000;

function filterShape(f: BulkFilter): JsonObject {
  const { startedAfter, startedBefore, ...rest } = f;
  return {
    ...(rest as JsonObject),
    ...(startedAfter === undefined ? {} : { startedAfter: seconds(startedAfter) }),
    ...(startedBefore === undefined ? {} : { startedBefore: seconds(startedBefore) }),
  };
}

function summary(op: BulkOperation, p: BulkProgress): JsonObject {
  return {
    bulkOperationId: op.bulkOperationId,
    action: op.action,
    status: op.status,
    creationDate: seconds(op.createdAt),
    ...(op.finishedAt === undefined ? {} : { stopDate: seconds(op.finishedAt) }),
    executionCount: op.targets.length,
    progress: { done: p.done, succeeded: p.succeeded, skipped: p.skipped, failed: p.failed },
  };
}

function text(body: JsonObject, name: string, max: number): string | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > max)
    throw invalid(`${name} must be a string of at most ${max} characters`);
  return v;
}

function whole(body: JsonObject, name: string, min: number, max: number): number | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw invalid(`${name} must be a whole number from ${min} to ${max}`);
  return v;
}

const FORK_MEMBERS = ['fromState', 'stateMachineArn', 'input'] as const;
/** A state machine's ARN, or a version's or alias's (with a qualifier). */
const isMachineArn = (arn: string): boolean => {
  const parts = arn.split(':');
  return parts[0] === 'arn' && parts[5] === 'stateMachine' && (parts.length === 7 || parts.length === 8);
};

/** A fork's members (StartForkedExecution's shapes), refused on the other actions. */
function forkMembers(body: JsonObject, action: string): BulkFork | undefined {
  const given = FORK_MEMBERS.filter((m) => body[m] !== undefined);
  if (action !== 'fork') {
    if (given.length) throw invalid(`${given.join(', ')} can be given only with action fork`);
    return undefined;
  }
  const fromState = text(body, 'fromState', 80);
  if (fromState === '') throw invalid('fromState must not be empty');
  const stateMachineArn = text(body, 'stateMachineArn', 256);
  if (stateMachineArn !== undefined && !isMachineArn(stateMachineArn))
    throw invalid(`stateMachineArn must be a state machine, version or alias ARN: '${stateMachineArn}'`);
  const input = text(body, 'input', 262_144);
  if (input !== undefined) {
    try {
      JSON.parse(input);
    } catch (e) {
      throw invalid(`Invalid input: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return {
    ...(fromState === undefined ? {} : { fromState }),
    ...(stateMachineArn === undefined ? {} : { stateMachineArn }),
    ...(input === undefined ? {} : { input }),
  };
}

function required(body: JsonObject, name: string): string {
  const v = text(body, name, 256);
  if (v === undefined || v === '') throw invalid(`${name} is required`);
  return v;
}

/**
 * The bulk operations' extension actions of the Step Functions API (`X-Amz-Target:
 * AWSStepFunctions.<Name>`, JSON 1.0 like the rest); docs/saved-tests-and-bulk.md gives their shapes.
 */
export function bulkActions(bulk: BulkOperations): ReadonlyMap<string, ExtensionAction> {
  return new Map<string, ExtensionAction>([
    [
      'StartBulkOperation',
      async (body): Promise<JsonObject> => {
        const action = body['action'];
        if (typeof action !== 'string' || !BULK_ACTIONS.includes(action as BulkAction))
          throw invalid(`action must be one of ${BULK_ACTIONS.join(', ')}`);
        const filter = parseFilter(body['filter']);
        const fork = forkMembers(body, action);
        if (body['dryRun'] !== undefined && typeof body['dryRun'] !== 'boolean')
          throw invalid('dryRun must be a boolean');
        if (body['dryRun'] === true) {
          const results = await bulk.dryRun({ action: action as BulkAction, filter, fork });
          return {
            dryRun: true,
            executionCount: results.length,
            executionArns: results.map((r) => r.executionArn),
            results: results.map((r) => ({
              executionArn: r.executionArn,
              outcome: r.outcome,
              ...(r.message === undefined ? {} : { message: r.message }),
              ...(r.eventId === undefined ? {} : { eventId: r.eventId }),
            })),
          };
        }
        const op = await bulk.start({
          action: action as BulkAction,
          filter,
          ratePerSecond: whole(body, 'ratePerSecond', 1, MAX_RATE) ?? DEFAULT_RATE,
          error: text(body, 'error', 256),
          cause: text(body, 'cause', 32_768),
          fork,
        });
        return {
          bulkOperationId: op.bulkOperationId,
          executionCount: op.targets.length,
          creationDate: seconds(op.createdAt),
        };
      },
    ],
    [
      'DescribeBulkOperation',
      async (body): Promise<JsonObject> => {
        const id = required(body, 'bulkOperationId');
        const { op, progress } = await bulk.describe(id);
        const from = whole(body, 'resultsFrom', 0, Number.MAX_SAFE_INTEGER) ?? 0;
        const page = whole(body, 'maxResults', 0, PAGE) ?? 100;
        const results = (await bulk.results(id)).slice(from, from + page);
        return {
          ...summary(op, progress),
          filter: filterShape(op.filter),
          ratePerSecond: op.ratePerSecond,
          ...(op.fork as JsonObject | undefined),
          results: results.map((r) => ({
            executionArn: r.executionArn,
            outcome: r.outcome,
            ...(r.message === undefined ? {} : { message: r.message }),
            date: seconds(r.at),
          })),
          ...(from + page < progress.done ? { nextResultsFrom: from + page } : {}),
        };
      },
    ],
    [
      'ListBulkOperations',
      async (): Promise<JsonObject> => ({
        bulkOperations: (await bulk.list()).map(({ op, progress }) => summary(op, progress)),
      }),
    ],
    [
      'CancelBulkOperation',
      async (body): Promise<JsonObject> => {
        const op = await bulk.cancel(required(body, 'bulkOperationId'));
        return { status: op.status };
      },
    ],
  ]);
}

/**
 * What servers of one store call on each other (scale-out), never clients: the leader, which runs
 * bulk operations, has the server that drives an execution apply the action to it there.
 */
export function bulkPeerActions(bulk: BulkOperations): ReadonlyMap<string, ExtensionAction> {
  return new Map<string, ExtensionAction>([
    [
      'ApplyBulkAction',
      async (body): Promise<JsonObject> => {
        const plan = body['operation'] as unknown as BulkOperation;
        const arn = required(body, 'executionArn');
        if (!BULK_ACTIONS.includes(plan.action)) throw invalid('operation.action is not a bulk action');
        const moved = body['moved'];
        const sentOn = moved === true ? 1 : typeof moved === 'number' && Number.isInteger(moved) ? moved : 0;
        return { ...(await bulk.applyForPeer(plan, arn, body['preview'] === true, sentOn)) };
      },
    ],
  ]);
}
