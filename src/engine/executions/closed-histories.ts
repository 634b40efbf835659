import type { HistoryEvent } from '../history/event.ts';
import type { History } from '../history/thread.ts';
import { HistoryPacker, type PackedHistory } from '../history/packed-history.ts';
import { writePayloads } from '../history/payloads.ts';

/**
 * The histories of closed executions of an engine without a store (`--store memory`, `stepwise
 * run`, the in-process benchmark), where nothing else has them: packed (history/packed-history.ts)
 * rather than kept as the closed execution with its objects, so that memory grows by a few hundred
 * bytes per execution run, not a few kilobytes (issue 18). The engine with a store keeps none.
 */
export class ClosedHistories {
  /** Its running executions' histories pack their events with it as they write them. */
  readonly packer = new HistoryPacker();
  private readonly histories = new Map<string, PackedHistory>();

  /** A closed execution's history: packed as it was written, or now. */
  keep(executionArn: string, history: History): void {
    this.histories.set(executionArn, history.packed() ?? this.packer.pack(history.appended));
  }

  /**
   * A fresh copy of the events each time (callers may keep or change it), payloads as texts (those
   * kept as values are written now: history/payloads.ts).
   */
  get(executionArn: string): HistoryEvent[] | undefined {
    const kept = this.histories.get(executionArn);
    if (!kept) return undefined;
    const events = this.packer.unpack(kept);
    writePayloads(events);
    return events;
  }

  /** It runs again (RedriveExecution): its running execution has the history now. */
  delete(executionArn: string): void {
    this.histories.delete(executionArn);
  }
}
