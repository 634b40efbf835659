import type { Machine, State } from '../../asl/index.ts';
import type { HistoryEvent } from './event.ts';

const CLOSING = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/** Where a fork continues: the events it copies and, when it edits, the state it edits. */
export interface ForkCut {
  readonly copied: readonly HistoryEvent[];
  /** The copied events and, when edited, the state entry the fork makes again: what a new definition must fit. */
  readonly replayed: readonly HistoryEvent[];
  /** The StateEntered event the edit replaces (it is not copied), with its state's name. */
  readonly edited?: { readonly afterEventId: number; readonly stateName: string };
}

function stateName(e: HistoryEvent): string | undefined {
  const name = e['stateEnteredEventDetails']?.['name'];
  return typeof name === 'string' ? name : undefined;
}

/**
 * The events a fork from event `eventId` copies: those up to it, or, when the fork edits the
 * input or variables of the state that event enters, those before it (the state is entered
 * again, live, with the edit). A string is why the fork cannot be made there.
 */
export function forkCut(
  events: readonly HistoryEvent[],
  eventId: number,
  editing: boolean,
): ForkCut | string {
  const point = events.find((e) => e.id === eventId);
  if (!point) return `Event ${eventId} is not in the execution's history (events 1 to ${events.length})`;
  const before = events.filter((e) => e.id < eventId || (!editing && e.id === eventId));
  // A distributed Map's children are executions of their own, which a fork cannot share.
  if (before.some((e) => e.type === 'MapRunStarted')) {
    return `Event ${eventId} follows a distributed Map's run (MapRunStarted): forking past one is not supported`;
  }
  // Ids stay contiguous (a redriven source's earlier closings stay, as a redrive keeps them): only
  // a closing the cut ends on is left out, and the fork closes anew.
  const copied = [...before];
  while (copied.length && CLOSING.has(copied.at(-1)!.type)) copied.pop();
  if (!editing || point.type === 'ExecutionStarted') return { copied, replayed: copied };
  const name = stateName(point);
  if (!point.type.endsWith('StateEntered') || name === undefined) {
    return `Event ${eventId} is a ${point.type}: an input or variables can be edited only at a state's entry (a …StateEntered event) or at ExecutionStarted`;
  }
  return {
    copied,
    replayed: [...copied, point],
    edited: { afterEventId: point.previousEventId, stateName: name },
  };
}

/**
 * The event a fork "from a state" starts at: where the state `name` was last entered, or, without
 * a name, where the first state was entered; undefined if the history has no such entry.
 */
export function stateEntryEventId(events: readonly HistoryEvent[], name?: string): number | undefined {
  const entries = events.filter((e) => e.type.endsWith('StateEntered') && stateName(e) !== undefined);
  const entry = name === undefined ? entries[0] : entries.findLast((e) => stateName(e) === name);
  return entry?.id;
}

/** Every state of a machine, its branches' and processors' included, by name (names are unique). */
function allStates(machine: Machine, out = new Map<string, State>()): Map<string, State> {
  for (const [name, state] of machine.states) {
    out.set(name, state);
    if (state.type === 'Parallel') for (const b of state.branches) allStates(b, out);
    if (state.type === 'Map') allStates(state.processor, out);
  }
  return out;
}

/**
 * Why the copied events cannot be replayed on `machine` (a fork onto another revision or
 * version), or undefined if they can: each state they enter must exist there with the same type,
 * a Parallel with as many branches, a Map in the same mode.
 */
export function forkIncompatibility(copied: readonly HistoryEvent[], machine: Machine): string | undefined {
  const states = allStates(machine);
  for (const e of copied) {
    const name = stateName(e);
    if (name === undefined || !e.type.endsWith('StateEntered')) continue;
    const type = e.type.slice(0, -'StateEntered'.length);
    const state = states.get(name);
    if (!state) return `State '${name}' (entered at event ${e.id}) does not exist in the new definition`;
    if (state.type !== type) {
      return `State '${name}' (entered at event ${e.id}) is a ${type} state in the execution and a ${state.type} state in the new definition`;
    }
    // A distributed Map's run is refused in the copied events (forkCut): this one ran inline.
    if (state.type === 'Map' && state.mode === 'DISTRIBUTED') {
      return `Map state '${name}' (entered at event ${e.id}) runs inline in the execution and distributed in the new definition`;
    }
    const was = copied.find((c) => c.previousEventId === e.id && c.type === 'ParallelStateStarted');
    if (state.type === 'Parallel' && was) {
      const branches = new Set(
        copied.filter((c) => c.previousEventId === was.id && c.type.endsWith('StateEntered')).map(stateName),
      );
      for (const first of branches) {
        if (!state.branches.some((b) => b.startAt === first)) {
          return `Parallel state '${name}' (entered at event ${e.id}) has no branch starting at '${String(first)}' in the new definition`;
        }
      }
    }
  }
  return undefined;
}
