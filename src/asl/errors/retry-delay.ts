import type { Retrier } from '../definition/recovery.ts';

/**
 * Milliseconds before retry number `attempt` (0 for the first retry): IntervalSeconds ×
 * BackoffRate^attempt, capped by MaxDelaySeconds; JitterStrategy FULL draws uniformly below it.
 */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number {
  let seconds = retrier.intervalSeconds * Math.pow(retrier.backoffRate, attempt);
  if (retrier.maxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.maxDelaySeconds);
  const ms = seconds * 1000;
  return retrier.jitter === 'FULL' ? Math.floor(random() * ms) : Math.round(ms);
}
