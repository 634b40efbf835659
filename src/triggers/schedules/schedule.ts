import type { ScheduleExpression } from './schedule-expression.ts';
import { parseScheduleExpression } from './schedule-expression.ts';
import { invalid } from './scheduler-error.ts';
import { knownTimeZone } from './zoned-time.ts';

/** EventBridge Scheduler's FlexibleTimeWindow. */
export interface FlexibleTimeWindow {
  readonly Mode: 'OFF' | 'FLEXIBLE';
  readonly MaximumWindowInMinutes?: number;
}

/** A schedule's target: here always a state machine (StartExecution). */
export interface ScheduleTarget {
  readonly Arn: string;
  readonly RoleArn: string;
  readonly Input?: string;
  readonly RetryPolicy?: {
    readonly MaximumEventAgeInSeconds?: number;
    readonly MaximumRetryAttempts?: number;
  };
  readonly DeadLetterConfig?: { readonly Arn?: string };
}

/** What CreateSchedule / UpdateSchedule set, with dates as epoch ms. */
export interface ScheduleSettings {
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly Description?: string;
  readonly StartDate?: number;
  readonly EndDate?: number;
  readonly FlexibleTimeWindow: FlexibleTimeWindow;
  readonly State: 'ENABLED' | 'DISABLED';
  readonly Target: ScheduleTarget;
  readonly ActionAfterCompletion: 'NONE' | 'DELETE';
  readonly KmsKeyArn?: string;
}

/** A stored schedule. */
export interface ScheduleRecord extends ScheduleSettings {
  readonly Name: string;
  readonly GroupName: string;
  readonly Arn: string;
  readonly CreationDate: number;
  readonly LastModificationDate: number;
  /**
   * Stepwise's own: every scheduled time up to this one (epoch ms) has been handled — started,
   * found started (another server, an earlier attempt) or skipped by the catch-up policy.
   */
  readonly handledThrough: number;
}

const NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
/** DeadLetterConfig.Arn's pattern (EventBridge Scheduler API reference, DeadLetterConfig). */
const SQS_QUEUE = /^arn:aws(-[a-z]+)?:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9\-_]+$/;
const STATE_MACHINE = /^arn:aws[\w-]*:states:[\w-]+:\d{12}:stateMachine:[^:]+(:[^:]+)?$/;

function member<T>(
  o: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  what: string,
): T | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!check(v)) throw invalid(`${key} must be ${what}.`);
  return v;
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a schedule or group name (1–64 of `0-9 a-z A-Z - _ .`). */
export function checkName(name: string, what = 'Name'): string {
  if (!NAME.test(name))
    throw invalid(`${what} '${name}' must be 1 to 64 characters of 0-9, a-z, A-Z, - _ and .`);
  return name;
}

/** The expression a schedule's settings name, parsed; a ValidationException when it is not valid. */
export function expressionOf(text: string): ScheduleExpression {
  const parsed = parseScheduleExpression(text);
  if (typeof parsed === 'string') throw invalid(`Invalid Schedule Expression ${text}: ${parsed}.`);
  return parsed;
}

function oneOf<T extends string>(
  o: Record<string, unknown>,
  key: string,
  values: readonly T[],
  fallback: T,
): T {
  const v = member(o, key, isString, 'a string') ?? fallback;
  if (!(values as readonly string[]).includes(v))
    throw invalid(`${key} must be one of ${values.join(', ')}.`);
  return v as T;
}

function target(raw: unknown): ScheduleTarget {
  if (!isObject(raw)) throw invalid('Target is required.');
  const Arn = member(raw, 'Arn', isString, 'a string');
  const RoleArn = member(raw, 'RoleArn', isString, 'a string');
  if (!Arn || !RoleArn) throw invalid('Target.Arn and Target.RoleArn are required.');
  if (!STATE_MACHINE.test(Arn))
    throw invalid(`Target.Arn '${Arn}' is not a state machine ARN: Stepwise schedules start executions.`);
  const Input = member(raw, 'Input', isString, 'a string');
  const retry = member(raw, 'RetryPolicy', isObject, 'an object');
  const age = retry && member(retry, 'MaximumEventAgeInSeconds', isNumber, 'a number');
  const attempts = retry && member(retry, 'MaximumRetryAttempts', isNumber, 'a number');
  if (age !== undefined && (age < 60 || age > 86_400))
    throw invalid('RetryPolicy.MaximumEventAgeInSeconds must be between 60 and 86400.');
  if (attempts !== undefined && (attempts < 0 || attempts > 185))
    throw invalid('RetryPolicy.MaximumRetryAttempts must be between 0 and 185.');
  const dlq = member(raw, 'DeadLetterConfig', isObject, 'an object');
  const dlqArn = dlq && member(dlq, 'Arn', isString, 'a string');
  if (dlqArn !== undefined && !SQS_QUEUE.test(dlqArn))
    throw invalid(`DeadLetterConfig.Arn '${dlqArn}' is not an SQS queue ARN.`);
  return {
    Arn,
    RoleArn,
    ...(Input === undefined ? {} : { Input }),
    ...(retry
      ? {
          RetryPolicy: {
            ...(age === undefined ? {} : { MaximumEventAgeInSeconds: age }),
            ...(attempts === undefined ? {} : { MaximumRetryAttempts: attempts }),
          },
        }
      : {}),
    ...(dlq ? { DeadLetterConfig: { ...(dlqArn === undefined ? {} : { Arn: dlqArn }) } } : {}),
  };
}

/** Epoch seconds (the REST-JSON protocol's timestamps) or an ISO string, as epoch ms. */
function date(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw invalid(`${key} must be a timestamp.`);
  return ms;
}

/**
 * The settings of a CreateSchedule / UpdateSchedule body, checked as EventBridge Scheduler
 * checks them (ValidationException otherwise).
 */
export function scheduleSettings(body: Record<string, unknown>): ScheduleSettings {
  const expression = member(body, 'ScheduleExpression', isString, 'a string');
  if (!expression) throw invalid('ScheduleExpression is required.');
  expressionOf(expression);
  const zone = member(body, 'ScheduleExpressionTimezone', isString, 'a string');
  if (zone !== undefined && !knownTimeZone(zone)) throw invalid(`Invalid time zone: ${zone}.`);
  const window = member(body, 'FlexibleTimeWindow', isObject, 'an object');
  if (!window) throw invalid('FlexibleTimeWindow is required.');
  const Mode = oneOf(window, 'Mode', ['OFF', 'FLEXIBLE'], 'OFF');
  const minutes = member(window, 'MaximumWindowInMinutes', isNumber, 'a number');
  if (Mode === 'FLEXIBLE' && (minutes === undefined || minutes < 1 || minutes > 1440))
    throw invalid('MaximumWindowInMinutes must be between 1 and 1440 when Mode is FLEXIBLE.');
  if (Mode === 'OFF' && minutes !== undefined)
    throw invalid('MaximumWindowInMinutes is only allowed when Mode is FLEXIBLE.');
  const StartDate = date(body, 'StartDate');
  const EndDate = date(body, 'EndDate');
  if (StartDate !== undefined && EndDate !== undefined && EndDate <= StartDate)
    throw invalid('The EndDate must be after the StartDate.');
  const Description = member(body, 'Description', isString, 'a string');
  const KmsKeyArn = member(body, 'KmsKeyArn', isString, 'a string');
  return {
    ScheduleExpression: expression,
    ...(zone === undefined ? {} : { ScheduleExpressionTimezone: zone }),
    ...(Description === undefined ? {} : { Description }),
    ...(StartDate === undefined ? {} : { StartDate }),
    ...(EndDate === undefined ? {} : { EndDate }),
    FlexibleTimeWindow: { Mode, ...(minutes === undefined ? {} : { MaximumWindowInMinutes: minutes }) },
    State: oneOf(body, 'State', ['ENABLED', 'DISABLED'], 'ENABLED'),
    Target: target(body['Target']),
    ActionAfterCompletion: oneOf(body, 'ActionAfterCompletion', ['NONE', 'DELETE'], 'NONE'),
    ...(KmsKeyArn === undefined ? {} : { KmsKeyArn }),
  };
}
