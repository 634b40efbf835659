import type { Json } from '../../asl/index.ts';
import type { HistoryEvent } from '../history/event.ts';

/** One recorded answer of a task: its result, or its error (as a mocked `Return` or `Throw`). */
export type RecordedAnswer =
  { readonly Return: Json } | { readonly Throw: { readonly Error: string; readonly Cause?: string } };

/** The families of task events AWS writes: optimized/SDK tasks, Lambda ARNs, activities. */
const FAMILIES = ['Task', 'LambdaFunction', 'Activity'] as const;
const SCHEDULED = new Set(FAMILIES.map((f) => `${f}Scheduled`));
const OUTCOMES = ['Succeeded', 'Failed', 'TimedOut', 'StartFailed', 'SubmitFailed'] as const;

const detailsOf = (e: HistoryEvent): Record<string, Json> | undefined =>
  e[`${e.type[0]!.toLowerCase()}${e.type.slice(1)}EventDetails`];

function outcomeOf(e: HistoryEvent): RecordedAnswer | undefined {
  const family = FAMILIES.find((f) => e.type.startsWith(f));
  if (!family || !OUTCOMES.some((o) => e.type === `${family}${o}`)) return undefined;
  const details = detailsOf(e) ?? {};
  if (e.type.endsWith('Succeeded')) {
    const output = details['output'];
    return { Return: typeof output === 'string' ? (JSON.parse(output) as Json) : null };
  }
  const error = typeof details['error'] === 'string' ? details['error'] : undefined;
  const cause = typeof details['cause'] === 'string' ? details['cause'] : undefined;
  // A timeout is recorded without an error name; the state's Retry/Catch see States.Timeout.
  const name = error ?? (e.type.endsWith('TimedOut') ? 'States.Timeout' : 'States.TaskFailed');
  return { Throw: cause === undefined ? { Error: name } : { Error: name, Cause: cause } };
}

/**
 * Every task invocation of a history, by state name, in the order the tasks were scheduled (the
 * order in which Step Functions Local counts a state's invocations: retries and Map iterations
 * included), each with the answer it got. Found by walking `previousEventId` links: an outcome
 * back to its scheduling event, that one back to the state it was entered in.
 */
export function taskAnswers(events: readonly HistoryEvent[]): Map<string, RecordedAnswer[]> {
  const byId = new Map(events.map((e) => [e.id, e]));
  const stateOf = new Map<number, string>();
  const answerOf = new Map<number, RecordedAnswer>();
  const scheduledBefore = (e: HistoryEvent): HistoryEvent | undefined => {
    for (let at = byId.get(e.previousEventId); at; at = byId.get(at.previousEventId)) {
      if (SCHEDULED.has(at.type)) return at;
    }
    return undefined;
  };
  for (const e of events) {
    if (SCHEDULED.has(e.type)) {
      for (let at = byId.get(e.previousEventId); at; at = byId.get(at.previousEventId)) {
        const name = at.type.endsWith('StateEntered') ? at['stateEnteredEventDetails']?.['name'] : undefined;
        if (typeof name === 'string') {
          stateOf.set(e.id, name);
          break;
        }
      }
      continue;
    }
    const answer = outcomeOf(e);
    const scheduled = answer && scheduledBefore(e);
    if (scheduled && !answerOf.has(scheduled.id)) answerOf.set(scheduled.id, answer);
  }
  const out = new Map<string, RecordedAnswer[]>();
  for (const [id, state] of [...stateOf].sort((a, b) => a[0] - b[0])) {
    const answer = answerOf.get(id);
    // A task still running when the execution closed got no answer: nothing to replay for it.
    if (!answer) continue;
    const list = out.get(state) ?? [];
    list.push(answer);
    out.set(state, list);
  }
  return out;
}
