import type { Registered, StateMachineRecord, StateMachines } from '../catalog/index.ts';
import { compileStored } from '../catalog/index.ts';
import { executionDoesNotExist, ServiceError } from '../errors.ts';
import type { ExecutionRecord } from '../execution-record.ts';
import type { HistoryEvent } from '../history/event.ts';
import type { ExecutionObservers } from '../observers.ts';
import type { KnownExecutions } from './known.ts';

export interface ForkSourceDeps {
  readonly machines: StateMachines;
  readonly known: KnownExecutions;
  readonly observers: ExecutionObservers;
}

/** What a fork is made from: the source's events up to now, and what ran them. */
export interface ForkSource {
  readonly events: readonly HistoryEvent[];
  /** The execution input (its ExecutionStarted event's). */
  readonly input: string;
  /** A Standard source's record (kept by the engine; it lists its forks). Express ones are not kept. */
  readonly kept: ExecutionRecord | undefined;
  /**
   * The state machine the fork continues on by default: the revision a Standard source ran. An
   * Express source's log does not say which revision ran it: the machine's current one.
   */
  readonly ran: StateMachineRecord;
  /** `ran` compiled (only when the fork continues on it, not onto another version). */
  readonly registered: () => Registered;
}

const notForkable = (): ServiceError =>
  new ServiceError('ExecutionNotForkable', 'Execution is a child of a Map Run');

/**
 * A Standard execution's history, or an Express execution's events as its execution log holds
 * them (DESIGN.md decision 5: the log is an Express execution's only history).
 */
export async function forkSource(deps: ForkSourceDeps, executionArn: string): Promise<ForkSource> {
  const parts = executionArn.split(':');
  if (parts[5] === 'express') return expressSource(deps, executionArn, parts);
  const { known } = deps;
  await known.ensure(executionArn);
  const source = known.current(executionArn);
  const ran = known.sources.get(executionArn);
  if (!source || !ran) throw executionDoesNotExist(executionArn);
  if (source.mapRunArn) throw notForkable();
  return {
    events: await known.history(executionArn),
    input: source.input,
    kept: source,
    ran: ran.record,
    registered: () => ({ record: ran.record, machine: compileStored(ran.record.definition) }),
  };
}

/** `arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID`, its events read from its log. */
async function expressSource(
  deps: ForkSourceDeps,
  executionArn: string,
  parts: readonly string[],
): Promise<ForkSource> {
  const machine = parts[6] ?? '';
  if (parts.length !== 9 || machine === '') throw executionDoesNotExist(executionArn);
  // A Map Run's Express child is `…:express:MACHINE/MAP:ID:ID`.
  if (machine.includes('/')) throw notForkable();
  const registered = deps.machines.machines.get(`${parts.slice(0, 5).join(':')}:stateMachine:${machine}`);
  if (registered?.record.type !== 'EXPRESS') throw executionDoesNotExist(executionArn);
  const refuse = (why: string): ServiceError =>
    new ServiceError('ValidationException', `Cannot fork Express execution '${executionArn}': ${why}`);
  const logged = deps.observers.loggedEvents(registered.record, executionArn);
  if (!logged) throw refuse('this server keeps no execution logs, its only history');
  const events = await logged;
  if (typeof events === 'string') throw refuse(events);
  const why = incomplete(events);
  if (why) throw refuse(why);
  const input = events[0]?.['executionStartedEventDetails']?.['input'];
  if (typeof input !== 'string')
    throw refuse('its log holds no execution data (includeExecutionData is false)');
  return { events, input, kept: undefined, ran: registered.record, registered: () => registered };
}

/** Why logged events cannot be replayed: the log lost some (rotated away) or holds none. */
function incomplete(events: readonly HistoryEvent[]): string | undefined {
  const first = events[0];
  if (!first) return 'its log holds none of its events';
  if (first.id !== 1 || first.type !== 'ExecutionStarted') {
    return `its log holds its events from event ${first.id} on only: the earlier ones were rotated away`;
  }
  const gap = events.findIndex((e, i) => e.id !== i + 1);
  if (gap >= 0) return `its log lacks event ${gap + 1}`;
  return undefined;
}
