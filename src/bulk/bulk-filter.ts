import jsonata from 'jsonata';
import { ServiceError } from '../engine/index.ts';

/** Which executions a bulk operation touches; every member given must hold (absent: any). */
export interface BulkFilter {
  /** One state machine; absent: every state machine. */
  readonly stateMachineArn?: string;
  readonly statuses?: readonly string[];
  /** The error the execution closed with (DescribeExecution's `error`). */
  readonly errorNames?: readonly string[];
  /** Started at or after / before these times, epoch ms (the API takes epoch seconds or ISO 8601). */
  readonly startedAfter?: number;
  readonly startedBefore?: number;
  /** A state the execution entered (its history has `…StateEntered` with this name). */
  readonly stateReached?: string;
  /** JSONata predicates over the execution's input / output (`$` is the document). */
  readonly inputMatches?: string;
  readonly outputMatches?: string;
  /** Only these executions (the console's selection among what the rest matched). */
  readonly executionArns?: readonly string[];
}

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

const invalid = (message: string): ServiceError => new ServiceError('ValidationException', message);

function strings(name: string, v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string') || v.length === 0)
    throw invalid(`filter.${name} must be a non-empty list of strings`);
  return v as string[];
}

function text(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw invalid(`filter.${name} must be a non-empty string`);
  return v;
}

/** Epoch seconds (as the AWS API's timestamps) or an ISO 8601 string, to epoch ms. */
function time(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalid(`filter.${name} must be epoch seconds or an ISO 8601 time`);
  return ms;
}

function predicate(name: string, v: unknown): string | undefined {
  const expr = text(name, v);
  if (expr === undefined) return undefined;
  try {
    jsonata(expr);
  } catch (e) {
    throw invalid(`filter.${name} is not a JSONata expression: ${(e as Error).message}`);
  }
  return expr;
}

/** The filter of a request, checked: a bad member is a ValidationException naming it. */
export function parseFilter(value: unknown): BulkFilter {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid('filter must be an object');
  const v = value as Record<string, unknown>;
  const known = [
    'stateMachineArn',
    'statuses',
    'errorNames',
    'startedAfter',
    'startedBefore',
    'stateReached',
    'inputMatches',
    'outputMatches',
    'executionArns',
  ];
  const unknown = Object.keys(v).find((k) => !known.includes(k));
  if (unknown) throw invalid(`filter.${unknown} is not a filter member (${known.join(', ')})`);
  const statuses = strings('statuses', v['statuses']);
  const wrong = statuses?.find((s) => !STATUSES.includes(s));
  if (wrong) throw invalid(`filter.statuses: '${wrong}' is not one of ${STATUSES.join(', ')}`);
  const out: Record<string, unknown> = {
    stateMachineArn: text('stateMachineArn', v['stateMachineArn']),
    statuses,
    errorNames: strings('errorNames', v['errorNames']),
    startedAfter: time('startedAfter', v['startedAfter']),
    startedBefore: time('startedBefore', v['startedBefore']),
    stateReached: text('stateReached', v['stateReached']),
    inputMatches: predicate('inputMatches', v['inputMatches']),
    outputMatches: predicate('outputMatches', v['outputMatches']),
    executionArns: strings('executionArns', v['executionArns']),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
