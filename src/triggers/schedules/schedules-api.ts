import type { ScheduleRecord } from './schedule.ts';
import { checkName, scheduleSettings } from './schedule.ts';
import type { ScheduleBook } from './schedule-book.ts';
import { DEFAULT_GROUP } from './schedule-book.ts';
import { invalid, SchedulerError } from './scheduler-error.ts';

/** An HTTP request as the schedules API reads it. */
export interface RestRequest {
  readonly method: string;
  /** The path without the query: `/schedules` or `/schedules/{Name}`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}

/** An answer in EventBridge Scheduler's REST-JSON protocol: errors name their type in a header. */
export interface RestAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly errorType?: string;
}

export interface SchedulesApiDeps {
  readonly book: ScheduleBook;
  readonly now: () => number;
  /** Tells the runner a schedule changed. */
  readonly changed: () => void;
}

/** Whether a request's path is the schedules API's (`/schedules`, `/schedules/{Name}`). */
export function isSchedulesPath(path: string): boolean {
  return path === '/schedules' || path.startsWith('/schedules/');
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

/** GetSchedule's shape: dates as epoch seconds, Stepwise's bookkeeping left out. */
function described(s: ScheduleRecord): Record<string, unknown> {
  const { handledThrough: _, StartDate, EndDate, CreationDate, LastModificationDate, ...rest } = s;
  return {
    ...rest,
    StartDate: seconds(StartDate),
    EndDate: seconds(EndDate),
    CreationDate: seconds(CreationDate),
    LastModificationDate: seconds(LastModificationDate),
  };
}

function bodyOf(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalid('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

async function answer(deps: SchedulesApiDeps, req: RestRequest): Promise<RestAnswer> {
  const { book } = deps;
  if (req.path === '/schedules') {
    if (req.method !== 'GET') throw invalid(`${req.method} /schedules is not an operation.`);
    return { status: 200, body: await list(book, req.query) };
  }
  const name = checkName(decodeURIComponent(req.path.slice('/schedules/'.length)));
  const body = req.method === 'POST' || req.method === 'PUT' ? bodyOf(req.body) : {};
  const groupText =
    req.method === 'GET' || req.method === 'DELETE' ? req.query.get('groupName') : body['GroupName'];
  const group = checkName(
    typeof groupText === 'string' && groupText !== '' ? groupText : DEFAULT_GROUP,
    'GroupName',
  );
  switch (req.method) {
    case 'POST': {
      const created = await book.create(group, name, scheduleSettings(body), deps.now());
      deps.changed();
      return { status: 200, body: { ScheduleArn: created.Arn } };
    }
    case 'PUT': {
      const updated = await book.update(group, name, scheduleSettings(body), deps.now());
      deps.changed();
      return { status: 200, body: { ScheduleArn: updated.Arn } };
    }
    case 'GET':
      return { status: 200, body: described(await book.require(group, name)) };
    case 'DELETE':
      await book.delete(group, name);
      deps.changed();
      return { status: 200, body: {} };
    default:
      throw invalid(`${req.method} /schedules/{Name} is not an operation.`);
  }
}

async function list(book: ScheduleBook, query: URLSearchParams): Promise<Record<string, unknown>> {
  const group = query.get('ScheduleGroup');
  const prefix = query.get('NamePrefix') ?? '';
  const state = query.get('State');
  const max = Number(query.get('MaxResults') ?? 100);
  if (!Number.isInteger(max) || max < 1 || max > 100) throw invalid('MaxResults must be between 1 and 100.');
  const offset = Number(query.get('NextToken') ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw invalid('The NextToken is not valid.');
  const all = (await book.list()).filter(
    (s) => (!group || s.GroupName === group) && s.Name.startsWith(prefix) && (!state || s.State === state),
  );
  const page = all.slice(offset, offset + max);
  return {
    Schedules: page.map((s) => ({
      Arn: s.Arn,
      Name: s.Name,
      GroupName: s.GroupName,
      State: s.State,
      CreationDate: s.CreationDate / 1000,
      LastModificationDate: s.LastModificationDate / 1000,
      Target: { Arn: s.Target.Arn },
    })),
    ...(offset + max < all.length ? { NextToken: String(offset + max) } : {}),
  };
}

/**
 * EventBridge Scheduler's schedule operations (CreateSchedule, GetSchedule, ListSchedules,
 * UpdateSchedule, DeleteSchedule) over its REST-JSON routes, so `@aws-sdk/client-scheduler`
 * pointed at Stepwise manages its schedules.
 */
export async function answerSchedules(deps: SchedulesApiDeps, req: RestRequest): Promise<RestAnswer> {
  try {
    return await answer(deps, req);
  } catch (e) {
    if (!(e instanceof SchedulerError)) throw e;
    return { status: e.status, body: { Message: e.message }, errorType: e.code };
  }
}
