// The events a fork can start from, as the fork dialog lists them, and what each one may edit.
import type { HistoryEvent } from '../api/shapes.ts';

export interface ForkPoint {
  readonly id: number;
  readonly label: string;
  /** The input the state (or, at ExecutionStarted, the execution) got: editable there only. */
  readonly input: string | undefined;
  /** Variables can be edited only where a state is entered. */
  readonly variables: boolean;
}

const CLOSING = /^Execution(Succeeded|Failed|TimedOut|Aborted)$/;

function details(e: HistoryEvent): Record<string, unknown> | undefined {
  for (const [key, value] of Object.entries(e)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object')
      return value as Record<string, unknown>;
  }
  return undefined;
}

/** Every event but a closing one (a fork from it is a fork from the event before). */
export function forkPoints(events: readonly HistoryEvent[]): ForkPoint[] {
  return events
    .filter((e) => !CLOSING.test(e.type))
    .map((e) => {
      const d = details(e);
      const name = typeof d?.['name'] === 'string' ? d['name'] : undefined;
      const entered = e.type.endsWith('StateEntered');
      const input =
        (entered || e.type === 'ExecutionStarted') && typeof d?.['input'] === 'string'
          ? d['input']
          : undefined;
      return { id: e.id, label: `${e.id} · ${e.type}${name ? ` · ${name}` : ''}`, input, variables: entered };
    });
}

/** JSON text indented for editing (left as it is when it is not JSON). */
export function pretty(text: string | undefined): string {
  if (text === undefined) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
