import { createInterface } from 'node:readline/promises';
import type { Engine, HistoryEvent, Integrations } from '../server/index.ts';
import { parseTaskToken } from '../server/index.ts';

/** A task that waits for an answer `run` has no API to receive: a callback or an activity. */
export interface TokenWait {
  readonly state: string;
  readonly kind: 'callback' | 'activity';
  readonly token: string;
  /** What the task was given (the activity input or the callback's parameters). */
  readonly input: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? null));

/** The name of the state whose visit began with event `id`. */
function stateOf(events: readonly HistoryEvent[], id: number): string {
  return str(events[id - 1]?.['stateEnteredEventDetails']?.['name'] ?? '?');
}

/**
 * The waits a new event starts: a `.waitForTaskToken` task once submitted (its token is waiting in
 * the integrations), an activity once scheduled (taken here as a worker would).
 */
export async function waitsStartedBy(
  e: HistoryEvent,
  events: readonly HistoryEvent[],
  executionArn: string,
  engine: Engine,
  integrations: Integrations,
  answered: Set<string>,
): Promise<TokenWait[]> {
  const submitted = e['taskSubmittedEventDetails'];
  if (e.type === 'TaskSubmitted' && str(submitted?.['resource']).endsWith('.waitForTaskToken')) {
    const out: TokenWait[] = [];
    for (const token of integrations.callbacks.waitingTokens()) {
      const parts = parseTaskToken(token);
      if (answered.has(token) || parts?.executionArn !== executionArn) continue;
      const scheduled = events.find(
        (ev) => ev.type === 'TaskScheduled' && ev.previousEventId === parts.enteredEventId,
      );
      out.push({
        state: stateOf(events, parts.enteredEventId),
        kind: 'callback',
        token,
        input: str(scheduled?.['taskScheduledEventDetails']?.['parameters'] ?? null),
      });
    }
    return out;
  }
  const scheduled = e['activityScheduledEventDetails'];
  if (e.type === 'ActivityScheduled' && scheduled) {
    const task = await engine.taskControl.getActivityTask(
      str(scheduled['resource']),
      'stepwise run',
      new AbortController().signal,
      1000,
    );
    if (!task) return [];
    const parts = parseTaskToken(task.taskToken);
    return [
      {
        state: parts ? stateOf(events, parts.enteredEventId) : '?',
        kind: 'activity',
        token: task.taskToken,
        input: task.input,
      },
    ];
  }
  return [];
}

export type Answer = { readonly output: string } | { readonly error: string; readonly cause?: string };

/** Asks on the terminal: JSON is the task's output, `fail ERROR [CAUSE]` fails it. */
export async function askAnswer(wait: TokenWait): Promise<Answer> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    process.stderr.write(
      `\nState '${wait.state}' waits for its task token (${wait.kind}); it was given ${wait.input}\n` +
        `  token: ${wait.token}\n`,
    );
    for (;;) {
      const line = (
        await rl.question("Answer with the task's output as JSON, or: fail ERROR [CAUSE]\n> ")
      ).trim();
      const failure = /^fail\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (failure) return { error: failure[1]!, ...(failure[2] ? { cause: failure[2] } : {}) };
      try {
        JSON.parse(line);
        return { output: line };
      } catch {
        process.stderr.write('That is not JSON.\n');
      }
    }
  } finally {
    rl.close();
  }
}
