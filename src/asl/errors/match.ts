import { StatesErrors } from './names.ts';

// States.ALL cannot catch the terminal errors (AWS guide, "Handling errors": States.ALL
// "can't catch the States.DataLimitExceeded terminal error or the States.Runtime error").
const TERMINAL = new Set<string>([StatesErrors.Runtime, StatesErrors.DataLimitExceeded]);

/**
 * Whether a Retrier's or Catcher's ErrorEquals list matches an error name. A missed heartbeat is
 * reported as States.Timeout ("ran longer than TimeoutSeconds, or failed to send a heartbeat for
 * longer than HeartbeatSeconds", AWS guide, "Handling errors"; TaskTimedOut and ExecutionFailed
 * carry States.Timeout in AWS-recorded histories), and States.HeartbeatTimeout, which "is only
 * available inside the Catch and Retry fields", matches it alone.
 */
export function errorMatches(errorEquals: readonly string[], error: string, heartbeat = false): boolean {
  // Histories recorded before heartbeats were reported as States.Timeout name the error itself.
  const missedBeat = heartbeat || error === StatesErrors.HeartbeatTimeout;
  const timeout = missedBeat || error === StatesErrors.Timeout;
  for (const name of errorEquals) {
    if (name === error) return true;
    if (TERMINAL.has(error)) continue;
    if (name === StatesErrors.ALL) return true;
    if (name === StatesErrors.Timeout && timeout) return true;
    if (name === StatesErrors.HeartbeatTimeout && missedBeat) return true;
    // States.TaskFailed is a wildcard for every error except the timeouts (AWS guide).
    if (name === StatesErrors.TaskFailed && !timeout) return true;
  }
  return false;
}
