import type { ExecutionRecord, HistoryEvent } from '../../engine/index.ts';
import { TransitionCount } from './billed-transitions.ts';
import type { PriceList } from './prices.ts';
import { standardCost } from './prices.ts';

/**
 * How a state fared in one execution: it passed; it failed and the failure was retried or caught
 * (`recovered`); the execution failed in it; it is still under way; or the execution was stopped
 * or timed out in it.
 */
export type StateOutcome = 'succeeded' | 'recovered' | 'failed' | 'running' | 'stopped';

/** One cell of the cross-execution grid: a state in one execution. */
export interface StateCell {
  readonly outcome: StateOutcome;
  /** From its first entry to its last exit (or the execution's end), in ms. */
  readonly durationMs: number;
  /** Times entered (loops and retries of a whole Parallel or Map enter it again). */
  readonly visits: number;
  /** The first error recorded in it. */
  readonly error?: string;
}

/** An execution as the Monitoring tab shows it. */
export interface ExecutionSummary {
  readonly executionArn: string;
  readonly name: string;
  readonly status: ExecutionRecord['status'];
  readonly startDate: number;
  readonly stopDate?: number;
  readonly durationMs?: number;
  readonly error?: string;
  readonly billedTransitions: number;
  readonly estimatedCostUsd: number;
  readonly states: Readonly<Record<string, StateCell>>;
}

interface Visit {
  first: number;
  last?: number;
  visits: number;
  open: boolean;
  error?: string;
}

const FAILURE = /(Failed|TimedOut|Aborted)$/;

/**
 * Folds a Standard execution's history into its billed transitions, estimated price and per-state
 * cells. An event belongs to the state whose `…StateEntered` its `previousEventId` chain leads
 * back to (a branch's events to the branch's own states).
 */
export function summarize(
  record: ExecutionRecord,
  events: readonly HistoryEvent[],
  prices: PriceList,
): ExecutionSummary {
  const count = new TransitionCount();
  const owner = new Map<number, string>();
  const states = new Map<string, Visit>();
  for (const event of events) {
    count.add(event);
    const type = event.type;
    let name = owner.get(event.previousEventId);
    if (type.endsWith('StateEntered')) {
      name = detail(event, 'stateEnteredEventDetails', 'name') ?? type;
      const visit = states.get(name);
      if (visit) {
        visit.visits++;
        visit.open = true;
      } else states.set(name, { first: event.timestamp, visits: 1, open: true });
    } else if (type.endsWith('StateExited')) {
      name = detail(event, 'stateExitedEventDetails', 'name') ?? name;
      const visit = name === undefined ? undefined : states.get(name);
      if (visit) Object.assign(visit, { last: event.timestamp, open: false });
    } else if (name !== undefined && FAILURE.test(type) && !type.startsWith('Execution')) {
      const visit = states.get(name);
      if (visit) visit.error ??= errorOf(event);
    }
    if (name !== undefined) owner.set(event.id, name);
  }
  const end = record.stopDate ?? Date.now();
  const cells: Record<string, StateCell> = {};
  for (const [name, v] of states) {
    const outcome: StateOutcome = !v.open
      ? v.error === undefined
        ? 'succeeded'
        : 'recovered'
      : record.status === 'RUNNING'
        ? 'running'
        : record.status === 'FAILED'
          ? 'failed'
          : 'stopped';
    cells[name] = {
      outcome,
      durationMs: (v.open ? end : (v.last ?? end)) - v.first,
      visits: v.visits,
      ...(v.error === undefined ? {} : { error: v.error }),
    };
  }
  const transitions = count.total;
  return {
    executionArn: record.executionArn,
    name: record.name,
    status: record.status,
    startDate: record.startDate,
    ...(record.stopDate === undefined
      ? {}
      : { stopDate: record.stopDate, durationMs: record.stopDate - record.startDate }),
    ...(record.error === undefined ? {} : { error: record.error }),
    billedTransitions: transitions,
    estimatedCostUsd: standardCost(transitions, prices),
    states: cells,
  };
}

function detail(event: HistoryEvent, member: `${string}EventDetails`, key: string): string | undefined {
  const value = event[member]?.[key];
  return typeof value === 'string' ? value : undefined;
}

function errorOf(event: HistoryEvent): string {
  for (const key in event) {
    if (!key.endsWith('EventDetails')) continue;
    const error = event[key as `${string}EventDetails`]?.['error'];
    if (typeof error === 'string') return error;
  }
  return event.type;
}
