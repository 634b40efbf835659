import type { Store } from '../store/index.ts';
import type { Registered, StateMachineRecord, StateMachines } from './catalog/index.ts';
import { compileStored, loadCatalog } from './catalog/index.ts';
import type { Clock } from './clock.ts';
import type { ExecutionRecord } from './execution.ts';
import type { StoredExecution } from './executions/index.ts';
import type { KnownExecutions, Launcher } from './executions/index.ts';
import { flushed } from './flushed.ts';
import type { GroupCommit } from './group-commit.ts';
import type { HistoryEvent } from './history/event.ts';
import { HISTORY_FORMAT, unknownHistoryFormat } from './history/format.ts';
import { redriveReplay } from './history/redrive.ts';

export interface RecoveryDeps {
  readonly store: Store | undefined;
  readonly journal: GroupCommit | undefined;
  readonly clock: Clock;
  readonly machines: StateMachines;
  readonly known: KnownExecutions;
  readonly launcher: Launcher;
}

/**
 * Resumes open executions by replaying their histories (DESIGN.md decision 2): every one after a
 * restart or a lease change, and a parked one when its timer fires.
 */
export class Recovery {
  readonly #deps: RecoveryDeps;

  constructor(deps: RecoveryDeps) {
    this.#deps = deps;
  }

  /**
   * Loads the state machines and executions of the store and resumes every open execution. Call
   * once, before serving. Returns how many open executions it resumed.
   */
  async recover(): Promise<number> {
    const { store, journal, known } = this.#deps;
    if (!store) return 0;
    if (journal) await loadCatalog(store, this.#deps.machines, journal);
    const revisions = new Map<string, Registered>();
    const timers = new Map(
      (await store.dueTimers(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).map((t) => [
        t.executionArn,
        t,
      ]),
    );
    const now = this.#deps.clock.now();
    // Every execution is known before any runs again: a resumed parent re-running its
    // states:startExecution task must find its running child, not start it a second time.
    const resumes: (() => void)[] = [];
    for (const row of await store.listExecutions()) {
      const { revision, ...record } = row.data as unknown as StoredExecution;
      let registered = revisions.get(revision);
      if (!registered) {
        const doc = await store.getDocument('stateMachineRevision', revision);
        if (!doc) throw new Error(`revision ${revision} of ${record.executionArn} is missing from the store`);
        const sm = doc.data as unknown as StateMachineRecord;
        registered = { record: sm, machine: compileStored(sm.definition) };
        revisions.set(revision, registered);
      }
      known.sources.set(record.executionArn, {
        record: registered.record,
        stateMachineVersionArn: record.stateMachineVersionArn,
        stateMachineAliasArn: record.stateMachineAliasArn,
      });
      // Closed ones too: a redrive goes on in the format the history was started in.
      if (row.historyFormat < HISTORY_FORMAT) known.formats.set(row.arn, row.historyFormat);
      const refused = record.status === 'RUNNING' && unknownHistoryFormat(row.arn, row.historyFormat);
      if (refused) console.error(refused);
      if (record.status !== 'RUNNING' || refused) {
        known.closed.set(record.executionArn, record);
        continue;
      }
      if (record.mapRunArn) {
        // A Map Run's child: its parent resumes it when its Map Run reaches it again.
        known.waiting.set(record.executionArn, record);
        continue;
      }
      const timer = timers.get(record.executionArn);
      if (timer && timer.fireAt > now) {
        // Still asleep: it stays a row until its timer fires; its history is read only then.
        const lastId = await store.lastEventId(record.executionArn);
        known.parked.park({ ...record }, registered, lastId, timer.fireAt);
        continue;
      }
      const recorded = (await store.getHistory(record.executionArn)).map(
        (e) => e.data as unknown as HistoryEvent,
      );
      const open = registered;
      resumes.push(() => this.#resume({ ...record }, open, recorded));
    }
    return this.#deps.launcher.deferring(() => {
      for (const resume of resumes) resume();
    });
  }

  /** Runs an open execution again over its recorded history. */
  #resume(record: ExecutionRecord, registered: Registered, recorded: readonly HistoryEvent[]): void {
    this.#deps.journal?.clearTimer(record.executionArn);
    // A redriven execution replays what its redrives kept of its failed attempts (redriveReplay).
    const replay = record.redriveCount
      ? { recorded: redriveReplay(recorded), shown: recorded }
      : { recorded };
    this.#deps.launcher.run(record, registered, replay);
  }

  /** The timer of a parked execution fired: it resumes from its stored history. */
  async wake(arn: string): Promise<void> {
    const { store, known } = this.#deps;
    const parked = known.parked.get(arn);
    if (!parked || !store) return;
    let recorded: HistoryEvent[];
    try {
      await flushed(this.#deps.journal);
      recorded = (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent);
    } catch (e) {
      console.error(`stepwise: cannot resume ${arn} yet, retrying`, e);
      known.parked.retry(arn, this.#deps.clock.now() + 1000);
      return;
    }
    // StopExecution may have closed it meanwhile.
    if (known.parked.take(parked)) this.#resume(parked.record, parked.source, recorded);
  }
}
