import type { HistoryEvent } from './event.ts';

/** One visit of a state in a history: where it ran, what it got and gave. */
export interface StateVisit {
  /** The thread: '' at the top level, then `/Parallel:FirstState` per branch, `/Map[index]` per iteration. */
  readonly thread: string;
  readonly name: string;
  readonly type: string;
  readonly enteredEventId: number;
  readonly input: string | undefined;
  output: string | undefined;
  /** The last error recorded inside the visit (a task's failure, a caught error). */
  error: string | undefined;
}

/** A row of the comparison: the same visit in both executions, or a visit only one made. */
export interface ComparedRow {
  readonly left: StateVisit | undefined;
  readonly right: StateVisit | undefined;
  /** Undefined when the visits are alike. */
  readonly difference: 'path' | 'input' | 'output' | 'error' | undefined;
}

export interface Comparison {
  readonly rows: readonly ComparedRow[];
  /** The index in `rows` of the first difference, if any. */
  readonly firstDivergence: number | undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function detailsOf(e: HistoryEvent): Record<string, unknown> | undefined {
  for (const key in e) if (key.endsWith('EventDetails')) return e[key as `${string}EventDetails`];
  return undefined;
}

const JOIN = /^(Parallel|Map)State(Succeeded|Failed|Aborted)$/;

/** Up from `thread` to the one whose open visit is the container (by name when given). */
function containerThread(
  thread: string,
  open: ReadonlyMap<string, StateVisit>,
  name: string | undefined,
): string {
  let t = thread;
  for (;;) {
    const visit = open.get(t);
    const found =
      name === undefined
        ? visit !== undefined &&
          (visit.type === 'Parallel' || visit.type === 'Map') &&
          visit.output === undefined
        : visit?.name === name;
    if (found || t === '') return t;
    t = t.slice(0, t.lastIndexOf('/'));
  }
}

/** Each state visited, in the order of entry, with the thread it ran in. */
export function stateVisits(events: readonly HistoryEvent[]): StateVisit[] {
  const threadOf = new Map<number, string>([[0, '']]);
  const parallelName = new Map<number, string>();
  /** The open visit of each thread. */
  const open = new Map<string, StateVisit>();
  const visits: StateVisit[] = [];
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    const details = detailsOf(e);
    const before = threadOf.get(e.previousEventId) ?? '';
    let thread = before;
    const parallel = parallelName.get(e.previousEventId);
    if (parallel !== undefined && e.type.endsWith('StateEntered')) {
      thread = `${before}/${parallel}:${text(details?.['name']) ?? ''}`;
    } else if (e.type === 'MapIterationStarted') {
      thread = `${before}/${text(details?.['name']) ?? ''}[${String(details?.['index'])}]`;
    }
    // A container's join and exit chain from a branch's or iteration's last event: they belong
    // to the thread the Parallel or Map was entered in.
    if (JOIN.test(e.type)) thread = containerThread(thread, open, undefined);
    else if (e.type.endsWith('StateExited')) thread = containerThread(thread, open, text(details?.['name']));
    threadOf.set(e.id, thread);
    if (e.type.endsWith('StateEntered')) {
      const visit: StateVisit = {
        thread,
        name: text(details?.['name']) ?? '',
        type: e.type.slice(0, -'StateEntered'.length),
        enteredEventId: e.id,
        input: text(details?.['input']),
        output: undefined,
        error: undefined,
      };
      visits.push(visit);
      open.set(thread, visit);
    } else if (e.type === 'ParallelStateStarted') {
      const entered = open.get(thread);
      if (entered) parallelName.set(e.id, entered.name);
    } else if (e.type.endsWith('StateExited')) {
      const visit = open.get(thread);
      if (visit) visit.output = text(details?.['output']);
    } else if (typeof details?.['error'] === 'string' && !e.type.startsWith('Execution')) {
      const visit = open.get(thread);
      if (visit) visit.error = details['error'];
    }
  }
  return visits;
}

/** Visits are paired by thread, state and the how-manieth visit of that state in its thread. */
function keysOf(visits: readonly StateVisit[]): string[] {
  const seen = new Map<string, number>();
  return visits.map((v) => {
    const base = `${v.thread}\u0000${v.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}\u0000${n}`;
  });
}

function differenceOf(left: StateVisit, right: StateVisit): ComparedRow['difference'] {
  if (left.input !== right.input) return 'input';
  if (left.output !== right.output) return 'output';
  if (left.error !== right.error) return 'error';
  return undefined;
}

/**
 * Compares two executions' histories (same or different revisions): the states each visited,
 * paired in order, with the first difference of path, input, output or error.
 */
export function compareHistories(left: readonly HistoryEvent[], right: readonly HistoryEvent[]): Comparison {
  const a = stateVisits(left);
  const b = stateVisits(right);
  const ka = keysOf(a);
  const kb = keysOf(b);
  const inB = new Map(kb.map((k, i) => [k, i]));
  const rows: ComparedRow[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const at = inB.get(ka[i]!);
    if (at === undefined || at < j) {
      rows.push({ left: a[i], right: undefined, difference: 'path' });
      continue;
    }
    // Visits only the right one made, before this shared one.
    for (; j < at; j++) rows.push({ left: undefined, right: b[j], difference: 'path' });
    rows.push({ left: a[i], right: b[at], difference: differenceOf(a[i]!, b[at]!) });
    j = at + 1;
  }
  for (; j < b.length; j++) rows.push({ left: undefined, right: b[j], difference: 'path' });
  const first = rows.findIndex((r) => r.difference !== undefined);
  return { rows, firstDivergence: first < 0 ? undefined : first };
}
