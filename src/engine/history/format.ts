/**
 * The format of the histories this engine writes and replays (DESIGN.md key decision 2 and
 * style 10). Recovery resumes an open execution by replaying the interpreter against its recorded
 * events, so a recorded history must lead the engine that resumes it down the path the engine
 * that wrote it was on. The rule:
 * - Each execution's store row carries the format its history is written in, set when it starts
 *   and never changed afterwards (rows from before formats existed are format 1: the store's
 *   migration stamps them).
 * - A change that would make a recorded history resume differently (a `test/replay/` fixture
 *   diverges) bumps HISTORY_FORMAT, and keeps the old behaviour for executions of the older
 *   formats (a flag read from the recorded format, as Temporal's patches are) or migrates their
 *   histories. It never silently changes the path of an open execution.
 * - An engine never resumes a history in a format newer than its own (a later release wrote it
 *   to the same store, then an older one was started on it): it says so and leaves the
 *   execution untouched, for a server that knows the format.
 */
export const HISTORY_FORMAT = 1;

/** Why an execution's history cannot be resumed by this engine, or undefined if it can. */
export function unknownHistoryFormat(executionArn: string, format: number): string | undefined {
  if (Number.isInteger(format) && format >= 1 && format <= HISTORY_FORMAT) return undefined;
  return (
    `stepwise: ${executionArn} is not resumed: its history is in format ${format}, which this ` +
    `server (format ${HISTORY_FORMAT}) does not know; it is left as it is, for a newer server to resume`
  );
}
