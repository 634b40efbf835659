import type { Json } from '../../asl/index.ts';
import type { ExecutionRecord } from '../../engine/index.ts';
import { parseQualifiedArn } from '../../engine/index.ts';
import { defineAction } from '../action.ts';
import { checkArn } from '../arn.ts';
import { epochSeconds } from '../epoch-seconds.ts';
import { serviceError, validationError } from '../errors.ts';
import { ArnMember, PageSizeMember } from '../members.ts';
import { decodePageToken, encodePageToken, pageSize } from '../page-token.ts';
import type { ListExecutionsOutput } from '../shapes.ts';

const members = {
  stateMachineArn: ArnMember,
  // The enum in the order AWS prints it in its ValidationException (measured).
  statusFilter: {
    type: 'string',
    enum: ['SUCCEEDED', 'TIMED_OUT', 'PENDING_REDRIVE', 'ABORTED', 'FAILED', 'RUNNING'],
  },
  maxResults: PageSizeMember,
  nextToken: { type: 'string', min: 1, max: 3096 },
  mapRunArn: { type: 'string', min: 1, max: 2000 },
  redriveFilter: { type: 'string', enum: ['REDRIVEN', 'NOT_REDRIVEN'] },
} as const;

/** Newest first; ties broken by ARN so that the keyset (startDate, ARN) orders every execution. */
function newestFirst(a: ExecutionRecord, b: ExecutionRecord): number {
  if (a.startDate !== b.startDate) return b.startDate - a.startDate;
  return a.executionArn < b.executionArn ? 1 : a.executionArn > b.executionArn ? -1 : 0;
}

function isAfter(e: ExecutionRecord, position: Json): boolean {
  if (!Array.isArray(position) || typeof position[0] !== 'number' || typeof position[1] !== 'string')
    return true;
  const [startDate, arn] = position;
  return e.startDate < startDate || (e.startDate === startDate && e.executionArn < arn);
}

export const ListExecutions = defineAction(members, async (engine, input) => {
  // Exactly one of the two selects the executions (API reference, ListExecutions).
  if ((input.stateMachineArn === undefined) === (input.mapRunArn === undefined)) {
    throw validationError(['Must specify exactly one of stateMachineArn or mapRunArn']);
  }
  const mapRunArn = input.mapRunArn;
  const arn = input.stateMachineArn ?? '';
  if (mapRunArn !== undefined) checkArn(mapRunArn, 'mapRun');
  else checkArn(arn, 'stateMachine');
  // A version or alias ARN lists what was started through it; the type is the machine's.
  if (
    mapRunArn === undefined &&
    engine.describeStateMachine(parseQualifiedArn(arn).base).type === 'EXPRESS'
  ) {
    throw serviceError(
      'StateMachineTypeNotSupported',
      'This operation is not supported by this type of state machine',
    );
  }
  const query = JSON.stringify([
    'ListExecutions',
    mapRunArn ?? arn,
    input.statusFilter ?? null,
    input.redriveFilter ?? null,
  ]);
  const after = input.nextToken === undefined ? undefined : decodePageToken(input.nextToken, query);
  const statusFilter = input.statusFilter === 'PENDING_REDRIVE' ? undefined : input.statusFilter;
  // A redrive starts at once here: no execution is ever pending one.
  const redriven = input.redriveFilter === undefined ? undefined : input.redriveFilter === 'REDRIVEN';
  const size = pageSize(input.maxResults);
  // One more than the page says whether another follows. (A redrive filter selects after the
  // read: then all are read.)
  const position =
    Array.isArray(after) && typeof after[0] === 'number' && typeof after[1] === 'string'
      ? { startDate: after[0], arn: after[1] }
      : undefined;
  const wanted = redriven === undefined ? { after: position, limit: size + 1 } : undefined;
  const all =
    input.statusFilter === 'PENDING_REDRIVE'
      ? []
      : (mapRunArn === undefined
          ? await engine.readExecutions(arn, statusFilter, wanted)
          : await engine.listMapRunExecutions(mapRunArn, statusFilter)
        )
          .filter((e) => redriven === undefined || (e.redriveCount ?? 0) > 0 === redriven)
          .sort(newestFirst);
  const rest = after === undefined ? all : all.filter((e) => isAfter(e, after));
  const page = rest.slice(0, size);
  const last = page.at(-1);
  const output: ListExecutionsOutput = {
    executions: page.map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: epochSeconds(e.startDate),
      ...(e.stopDate !== undefined ? { stopDate: epochSeconds(e.stopDate) } : {}),
      ...(e.stateMachineVersionArn !== undefined ? { stateMachineVersionArn: e.stateMachineVersionArn } : {}),
      ...(e.stateMachineAliasArn !== undefined ? { stateMachineAliasArn: e.stateMachineAliasArn } : {}),
      redriveCount: e.redriveCount ?? 0,
      ...(e.redriveDate !== undefined ? { redriveDate: epochSeconds(e.redriveDate) } : {}),
      // Only when listed by their Map Run (API reference, ExecutionListItem.mapRunArn).
      ...(mapRunArn !== undefined ? { mapRunArn } : {}),
    })),
    ...(rest.length > size && last
      ? { nextToken: encodePageToken(query, [last.startDate, last.executionArn]) }
      : {}),
  };
  return output;
});
