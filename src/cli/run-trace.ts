import type { HistoryEvent } from '../server/index.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** One line of `stepwise run --trace` for an event, or undefined for events it leaves out. */
export function traceLine(e: HistoryEvent): string | undefined {
  const entered = e['stateEnteredEventDetails'];
  if (entered) {
    const waits = e.type === 'WaitStateEntered' ? '  (waiting)' : '';
    return `→ ${text(entered['name'])}  input: ${text(entered['input'])}${waits}`;
  }
  const exited = e['stateExitedEventDetails'];
  if (exited) return `← ${text(exited['name'])}  output: ${text(exited['output'])}`;
  for (const [key, value] of Object.entries(e) as [string, Record<string, unknown> | undefined][]) {
    if (key.endsWith('EventDetails') && value && 'error' in value) {
      return `✗ ${e.type}  ${text(value['error'])}${value['cause'] ? `: ${text(value['cause'])}` : ''}`;
    }
  }
  return undefined;
}
