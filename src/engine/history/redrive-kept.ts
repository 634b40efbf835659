import type { HistoryEvent } from './event.ts';

/** The Started event each container records once per attempt of its own. */
const STARTED: Readonly<Record<string, string>> = {
  ParallelStateEntered: 'ParallelStateStarted',
  MapStateEntered: 'MapStateStarted',
};

function nameOf(e: HistoryEvent): string | undefined {
  const details =
    e['stateEnteredEventDetails'] ?? e['stateExitedEventDetails'] ?? e['mapIterationStartedEventDetails'];
  const name = details?.['name'];
  return typeof name === 'string' ? name : undefined;
}

/** One closed attempt's events, indexed to walk its threads (the top level, branches, iterations). */
class Attempt {
  readonly #children = new Map<number, HistoryEvent[]>();
  /** The StateExited of each StateEntered that has one, by the entered event's id. */
  readonly #exits = new Map<number, HistoryEvent>();

  constructor(events: readonly HistoryEvent[]) {
    const byId = new Map<number, HistoryEvent>();
    for (const e of events) {
      byId.set(e.id, e);
      const list = this.#children.get(e.previousEventId);
      if (list) list.push(e);
      else this.#children.set(e.previousEventId, [e]);
    }
    // Each exit closes the nearest entry of the same state up its chain (names are unique in a
    // machine, so a branch walked through on the way holds no state of that name).
    for (const e of events) {
      if (!e.type.endsWith('StateExited')) continue;
      const name = nameOf(e);
      for (let up = byId.get(e.previousEventId); up; up = byId.get(up.previousEventId)) {
        if (up.type.endsWith('StateEntered') && nameOf(up) === name) {
          this.#exits.set(up.id, e);
          break;
        }
      }
    }
  }

  children(e: HistoryEvent): readonly HistoryEvent[] {
    return this.#children.get(e.id) ?? [];
  }

  exitOf(entered: HistoryEvent): HistoryEvent | undefined {
    return this.#exits.get(entered.id);
  }

  /** The state entered after `e` in its thread (the latest, should a replay have diverged). */
  nextState(e: HistoryEvent): HistoryEvent | undefined {
    return this.children(e).findLast((c) => c.type.endsWith('StateEntered'));
  }

  /** `from` and every event chained after it, up to `until` (an id) if given. */
  *descendants(from: HistoryEvent, until = Infinity): Generator<HistoryEvent> {
    const todo = [from];
    for (let e = todo.pop(); e; e = todo.pop()) {
      yield e;
      for (const c of this.children(e)) if (c.id <= until) todo.push(c);
    }
  }
}

/**
 * What a redrive keeps of a closed attempt (its events without its closing): the states that
 * exited, whole, and nothing of the state each thread failed in, which runs again live — except
 * a failed Parallel or inline Map, which is kept open (its Entered and Started events) with what
 * its branches or iterations finished, so that only the failed or aborted ones run again (AWS
 * RedriveExecution API reference). Its failure markers (ParallelStateFailed, MapStateFailed,
 * MapIterationFailed/Aborted, EvaluationFailed after the join) are not kept: the live run records
 * fresh ones. AWS redrives states "if there's no <stateType>Exited event corresponding to the
 * <stateType>Entered event" (Redriving Map Runs, Step Functions developer guide).
 */
export function keptOnRedrive(events: readonly HistoryEvent[]): HistoryEvent[] {
  const attempt = new Attempt(events);
  const kept = new Set<number>();
  const started = events.find((e) => e.type === 'ExecutionStarted');
  if (started) {
    kept.add(started.id);
    keepStates(attempt.nextState(started), attempt, kept);
  }
  return events.filter((e) => kept.has(e.id));
}

/**
 * Keeps a thread's states from `first` on while they exited, then what the failed one allows.
 * Returns the last exit when every state exited (the thread ended, or was aborted between states),
 * `null` when the thread has no state, undefined when a state did not exit.
 */
function keepStates(
  first: HistoryEvent | undefined,
  attempt: Attempt,
  kept: Set<number>,
): HistoryEvent | null | undefined {
  let last: HistoryEvent | null = null;
  for (let entered = first; entered; entered = attempt.nextState(last)) {
    const exit = attempt.exitOf(entered);
    if (!exit) {
      keepFailedContainer(entered, attempt, kept);
      return undefined;
    }
    // A state that exited stands as recorded, failures caught or tolerated inside it included.
    for (const e of attempt.descendants(entered, exit.id)) kept.add(e.id);
    last = exit;
  }
  return last;
}

/** Keeps a failed Parallel or inline Map open with its finished branches or iterations. */
function keepFailedContainer(entered: HistoryEvent, attempt: Attempt, kept: Set<number>): void {
  const started = redrivableStart(entered, attempt);
  if (!started) return;
  kept.add(entered.id);
  kept.add(started.id);
  for (const child of attempt.children(started)) {
    // A distributed Map's run is redriven, not started anew: the replay adopts its MapRunStarted
    // (and so its ARN), then the run records MapRunRedriven and runs the children that did not
    // succeed (AWS guide, "Redriving Map Runs"). A MapRunRedriven of an earlier redrive is not
    // kept: each redrive records its own.
    if (child.type === 'MapRunStarted') kept.add(child.id);
    else if (child.type === 'MapIterationStarted') keepIteration(child, attempt, kept);
    else if (child.type.endsWith('StateEntered')) keepStates(child, attempt, kept);
  }
}

/** An iteration keeps its start, its states as a thread does, and its end if it succeeded. */
function keepIteration(started: HistoryEvent, attempt: Attempt, kept: Set<number>): void {
  kept.add(started.id);
  const last = keepStates(attempt.nextState(started), attempt, kept);
  if (last === undefined) return;
  const succeeded = attempt.children(last ?? started).find((e) => e.type === 'MapIterationSucceeded');
  if (succeeded) kept.add(succeeded.id);
}

/**
 * The Started event of a failed Parallel or inline Map whose branches or iterations can be
 * redriven one by one; undefined when the state runs again whole:
 * - a state its own Retry started more than once: each attempt chains after the previous one's
 *   join, so keeping the last would replay the earlier failures and spend their retries again,
 *   and AWS does not document which attempt's branches it would keep;
 * - a state that failed before it started (an EvaluationFailed, an invalid ItemsPath).
 */
function redrivableStart(entered: HistoryEvent, attempt: Attempt): HistoryEvent | undefined {
  const type = STARTED[entered.type];
  const started = type && attempt.children(entered).find((e) => e.type === type);
  if (!type || !started) return undefined;
  if (attempt.children(started).some((e) => e.type === 'MapRunStarted')) {
    // A distributed Map's children are not in the history: any later start is a retry.
    for (const e of attempt.descendants(started)) if (e !== started && e.type === type) return undefined;
    return started;
  }
  // A later start of the same state starts threads of the same names: the first states of the
  // branches (names are unique in a machine), or iterations named after the Map.
  const threads = new Set(attempt.children(started).map(nameOf));
  threads.delete(undefined);
  for (const e of attempt.descendants(started)) {
    if (e !== started && e.type === type && attempt.children(e).some((c) => threads.has(nameOf(c)))) {
      return undefined;
    }
  }
  return started;
}
