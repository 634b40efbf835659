let lastMs = Number.NaN;
let lastText = '';

/**
 * The ISO 8601 text of an epoch-ms time, as the context object shows it (`$$.Execution.StartTime`,
 * `$$.State.EnteredTime`). Formatting costs more than a whole Pass state visit, and consecutive
 * visits mostly fall in the same millisecond, so the last text is kept.
 */
export function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}
