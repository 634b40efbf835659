import { StatesErrors } from './names.ts';

// States.ALL cannot catch the terminal errors (AWS guide, "Handling errors": States.ALL
// "can't catch the States.DataLimitExceeded terminal error or the States.Runtime error").
const TERMINAL = new Set<string>([StatesErrors.Runtime, StatesErrors.DataLimitExceeded]);

/** Whether a Retrier's or Catcher's ErrorEquals list matches an error name. */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (TERMINAL.has(error)) continue;
    if (name === StatesErrors.ALL) return true;
    // A missed heartbeat is also a States.Timeout ("ran longer than TimeoutSeconds, or failed to
    // send a heartbeat for longer than HeartbeatSeconds", AWS guide, "Handling errors").
    const timeout = error === StatesErrors.Timeout || error === StatesErrors.HeartbeatTimeout;
    if (name === StatesErrors.Timeout && timeout) return true;
    // States.TaskFailed is a wildcard for every error except the timeouts (AWS guide).
    if (name === StatesErrors.TaskFailed && !timeout) return true;
  }
  return false;
}
