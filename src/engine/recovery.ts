import type { ExecutionRow, Store, TimerRow } from '../store/index.ts';
import type { Registered, StateMachineRecord, StateMachines } from './catalog/index.ts';
import { compileStored, loadCatalog, parseQualifiedArn, reloadResource } from './catalog/index.ts';
import type { Clock } from './clock.ts';
import type { ExecutionRecord } from './execution.ts';
import type { StoredExecution } from './executions/index.ts';
import type { KnownExecutions, Launcher } from './executions/index.ts';
import { flushed } from './flushed.ts';
import type { ExecutionLeases } from './execution-leases.ts';
import type { MessageInbox } from './messages/message-inbox.ts';
import type { GroupCommit } from './group-commit.ts';
import type { HistoryEvent } from './history/event.ts';
import type { MapRunRegistry } from './map-runs.ts';
import type { Parked } from './timers/parked-executions.ts';
import { HISTORY_FORMAT, unknownHistoryFormat } from './history/format.ts';
import { redriveReplay } from './history/redrive.ts';
import { processorOf } from './map-child.ts';

/** Timers read at once at a restart: a page's rows are garbage before the next is read. */
const TIMERS_PAGE = 10_000;

export interface RecoveryDeps {
  readonly store: Store | undefined;
  readonly journal: GroupCommit | undefined;
  readonly clock: Clock;
  readonly machines: StateMachines;
  readonly known: KnownExecutions;
  readonly launcher: Launcher;
  readonly mapRuns: MapRunRegistry;
  /** On a store servers share: this server runs only the executions it leases. */
  readonly leases: ExecutionLeases | undefined;
  /** With leases: the calls other servers left in the store for the executions held here. */
  readonly inbox: MessageInbox | undefined;
}

/** What the server asks the engine to place a call about an execution (server/cluster/). */
export type Placement = Pick<
  Recovery,
  'drives' | 'remember' | 'rememberAll' | 'rememberMapRun' | 'refreshMachine' | 'refreshCatalog'
>;

/**
 * Resumes open executions by replaying their histories (DESIGN.md decision 2): every one after a
 * restart or a lease change, and a parked one when its timer fires.
 */
export class Recovery {
  readonly #deps: RecoveryDeps;
  /** The revisions executions run, compiled once. */
  readonly #revisions = new Map<string, Registered>();
  #draining = false;
  /** Parked executions being read from the store (load). */
  readonly #loading = new Map<string, Promise<Parked<Registered> | undefined>>();

  constructor(deps: RecoveryDeps) {
    this.#deps = deps;
  }

  /**
   * Loads the state machines and executions of the store and resumes every open execution. Call
   * once, before serving. Returns how many open executions it resumed.
   */
  async recover(): Promise<number> {
    const { store, known, leases } = this.#deps;
    if (!store) return 0;
    if (leases) return this.#recoverLeased(leases);
    this.#deps.mapRuns.restore(await store.listDocuments('mapRun'));
    await this.loadCatalog();
    // Closed executions are not read (below): a store with state machines may have some.
    // (One whose machines were all deleted is taken as new.)
    if (this.#deps.machines.list().length > 0) known.closed.incomplete();
    const now = this.#deps.clock.now();
    // Every open execution is known before any runs again: a resumed parent re-running its
    // states:startExecution task must find its running child, not start it a second time (a
    // closed child is read from the store when it asks: KnownExecutions.ensure).
    // Those still asleep are not read: only their timers are kept, their rows are read when
    // they fall due or a call asks about them (load), and closed ones are not read at all, so a
    // restart is quick whatever their number.
    const listed = new Set<string>();
    const resumes: (() => void)[] = [];
    for (const row of await store.listExecutions({ status: 'RUNNING', awakeBy: now })) {
      listed.add(row.arn);
      const { record, registered, open } = await this.#register(store, row);
      if (!open) continue;
      if (record.mapRunArn) {
        // A Map Run's child: its parent resumes it when its Map Run reaches it again.
        known.waiting.set(record.executionArn, record);
        continue;
      }
      const recorded = (await store.getHistory(record.executionArn)).map(
        (e) => e.data as unknown as HistoryEvent,
      );
      resumes.push(() => this.#resume({ ...record }, registered, recorded));
    }
    let page: TimerRow[] = [];
    do {
      page = await store.timersAfter(page.at(-1)?.executionArn, TIMERS_PAGE);
      for (const timer of page) {
        if (timer.fireAt > now && !listed.has(timer.executionArn))
          known.parked.index(timer.executionArn, timer.fireAt);
      }
    } while (page.length === TIMERS_PAGE);
    return this.#deps.launcher.deferring(() => {
      for (const resume of resumes) resume();
    });
  }

  /**
   * Makes a stored execution known (its source, its format; a closed one's record). `open` says
   * whether it is to run: RUNNING, in a history format this engine knows.
   */
  async #register(
    store: Store,
    row: ExecutionRow,
  ): Promise<{ record: ExecutionRecord; registered: Registered; open: boolean }> {
    const { known } = this.#deps;
    const { revision, ...record } = row.data as unknown as StoredExecution;
    let registered = this.#revisions.get(revision);
    if (!registered) {
      const doc = await store.getDocument('stateMachineRevision', revision);
      if (!doc) throw new Error(`revision ${revision} of ${record.executionArn} is missing from the store`);
      const sm = doc.data as unknown as StateMachineRecord;
      registered = { record: sm, machine: compileStored(sm.definition) };
      this.#revisions.set(revision, registered);
    }
    this.#source(record, registered);
    // Closed ones too: a redrive goes on in the format the history was started in.
    if (row.historyFormat < HISTORY_FORMAT) known.formats.set(row.arn, row.historyFormat);
    const refused = record.status === 'RUNNING' && unknownHistoryFormat(row.arn, row.historyFormat);
    if (refused) console.error(refused);
    const open = record.status === 'RUNNING' && !refused;
    known.elsewhere.delete(record.executionArn);
    if (!open) known.closed.set(record.executionArn, record);
    return { record, registered, open };
  }

  /** What the execution runs, for DescribeStateMachineForExecution. */
  #source(record: ExecutionRecord, registered: Registered): void {
    this.#deps.known.sources.set(record.executionArn, {
      record: registered.record,
      stateMachineVersionArn: record.stateMachineVersionArn,
      stateMachineAliasArn: record.stateMachineAliasArn,
    });
  }

  // ── placement: which server answers a call about an execution (server/cluster/) ──

  /** Whether this server drives the execution now (in memory or parked on its timer). */
  drives(arn: string): boolean {
    const { known } = this.#deps;
    return known.running.has(arn) || known.parked.has(arn);
  }

  /**
   * Reads a parked execution's record (and what it runs) from the store into memory, once even
   * if asked by several calls at the same time. A row that is not open any more leaves the parked.
   */
  load(arn: string): Promise<Parked<Registered> | undefined> {
    let loading = this.#loading.get(arn);
    if (!loading) {
      loading = this.#load(arn).finally(() => this.#loading.delete(arn));
      this.#loading.set(arn, loading);
    }
    return loading;
  }

  /** `lastId`: its last event's id when the caller read its history already (a wake). */
  async #load(arn: string, lastId?: number): Promise<Parked<Registered> | undefined> {
    const { store, known, journal } = this.#deps;
    const held = known.parked.get(arn);
    if (!store || !known.parked.has(arn) || held) return held;
    if (lastId === undefined) await flushed(journal);
    const row = await store.getExecution(arn);
    lastId ??= await store.lastEventId(arn);
    const registered = row && (await this.#register(store, row));
    if (registered?.open) return known.parked.hold({ ...registered.record }, registered.registered, lastId);
    if (known.parked.take(arn)) journal?.clearTimer(arn);
    return undefined;
  }

  /**
   * Makes the executions of a machine known here as the store has them: closed ones as closed,
   * open ones driven elsewhere for listing (ListExecutions on any server lists them all).
   */
  async rememberAll(stateMachineArn: string): Promise<void> {
    const { store, journal } = this.#deps;
    if (!store) return;
    const base = parseQualifiedArn(stateMachineArn).base;
    // What this server wrote is read back as it wrote it.
    await flushed(journal);
    for (const row of await store.listExecutions({ stateMachineArn: base })) {
      if (this.drives(row.arn)) continue;
      // Closed ones too: another server may have redriven one, or a fork named it its source.
      await this.#remember(store, row);
    }
  }

  /** Makes one stored execution known here, as the store has it now (false if it has none). */
  async remember(arn: string): Promise<boolean> {
    const { store, known, journal } = this.#deps;
    if (this.drives(arn)) return true;
    if (!store) return known.closed.has(arn);
    await flushed(journal);
    const row = await store.getExecution(arn);
    if (row) await this.#remember(store, row);
    return row !== undefined;
  }

  /** A Map Run read from the store (opened on another server): its execution's ARN, if stored. */
  async rememberMapRun(mapRunArn: string): Promise<string | undefined> {
    const { store, journal } = this.#deps;
    if (!store) return undefined;
    await flushed(journal);
    const row = await store.getDocument('mapRun', mapRunArn);
    if (row && !this.drives(row.parent)) this.#deps.mapRuns.restore([row]);
    return row?.parent;
  }

  async #remember(store: Store, row: ExecutionRow): Promise<void> {
    if (row.status === 'RUNNING') {
      const { revision: _, ...record } = row.data as unknown as StoredExecution;
      this.#deps.known.closed.delete(row.arn);
      this.#deps.known.elsewhere.set(row.arn, record);
    } else {
      await this.#register(store, row);
    }
  }

  /**
   * The whole catalog read again from the store, on a server that does not write it (catalog
   * writes go to the leader): machines and activities created or changed there appear here.
   */
  async refreshCatalog(): Promise<void> {
    await this.loadCatalog();
  }

  /** A machine created or changed on another server is read from the store (catalog writes go to one). */
  async refreshMachine(stateMachineArn: string): Promise<void> {
    const { store, journal, machines } = this.#deps;
    const base = parseQualifiedArn(stateMachineArn).base;
    if (store && journal) await reloadResource(store, machines, base);
  }

  /**
   * This server claimed the execution's lease (its server died or handed it back): it resumes
   * from the store by replay, a parked one too (its Wait is re-armed from its recorded start).
   */
  claimed(arn: string): void {
    const claim = this.#nextClaim(arn);
    this.#claimed(arn, claim)
      .finally(() => {
        if (this.#claims.get(arn) === claim) this.#claims.delete(arn);
      })
      .catch((e: unknown) => {
        console.error(`stepwise: could not resume ${arn}; it is tried again`, e);
        this.#deps.leases?.unheld(arn);
      });
  }

  /**
   * A claim's resume reads the store before it runs the execution; a drop or a newer claim of the
   * same execution meanwhile (the lease lost and taken again while this server was slow) makes
   * it stale, and it must not run: two copies would run under one lease.
   */
  readonly #claims = new Map<string, number>();

  #nextClaim(arn: string): number {
    const n = (this.#claims.get(arn) ?? 0) + 1;
    this.#claims.set(arn, n);
    return n;
  }

  async #claimed(arn: string, claim: number): Promise<void> {
    const { store, journal, known } = this.#deps;
    const current = (): boolean => this.#claims.get(arn) === claim;
    if (!store || !journal || this.#draining) return;
    // Its writes may have been dropped here when it was lost before; this lease is new.
    journal.release(arn);
    const row = await store.getExecution(arn);
    if (!row) return;
    this.#deps.mapRuns.restore(await store.listDocuments('mapRun', arn));
    await flushed(journal);
    const { record, registered, open } = await this.#register(store, row);
    if (!open) {
      // Closed, with a lease left behind (its close was written outside the group commit).
      journal.endLease(arn);
      return;
    }
    known.closed.delete(arn);
    const recorded = (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent);
    if (this.#draining || !current()) return;
    // A Map Run's child runs its Map's ItemProcessor, not its parent's whole definition.
    const processor = record.mapRunArn && processorOf(registered.machine, record.mapRunArn);
    const runs = processor ? { record: registered.record, machine: processor } : registered;
    this.#deps.launcher.deferring(() => this.#resume({ ...record }, runs, recorded));
    // Calls left for it while its server was dying are applied now that it runs here.
    void this.#deps.inbox?.kick();
  }

  /** Another server drives the execution now: this copy halts and is forgotten (writes nothing). */
  drop(arn: string): void {
    const { known } = this.#deps;
    console.error(`stepwise: ${arn} is driven by another server now; dropped here`);
    // A resume of it under way (claimed, reading the store) must not run it after all.
    if (this.#claims.has(arn)) this.#nextClaim(arn);
    const running = known.running.get(arn);
    if (running) {
      running.execution.halt();
      known.running.delete(arn);
    }
    known.parked.take(arn);
    known.closed.found(arn);
  }

  /**
   * Up to `count` executions this server lets go of, for another to claim (it holds more than
   * its share): parked ones only, which hold nothing in flight; returned once all they wrote is
   * durable. The claimer resumes each by replay, as after a failover.
   */
  async spare(count: number): Promise<string[]> {
    const { known, journal } = this.#deps;
    if (this.#draining) return [];
    const arns = known.parked.sleepiest(count).filter((arn) => known.parked.take(arn));
    for (const arn of arns) known.closed.found(arn);
    await flushed(journal);
    return arns;
  }

  /** Loads the store's state machines, versions, aliases, tags and activities. */
  async loadCatalog(): Promise<void> {
    const { store, journal } = this.#deps;
    if (store && journal) await loadCatalog(store, this.#deps.machines, journal);
  }

  /**
   * With leases, open executions are not all resumed here: each is claimed by lease, by this
   * server or another (execution-leases.ts). Returns 0: the claims come after.
   */
  async #recoverLeased(leases: ExecutionLeases): Promise<number> {
    // Other servers close executions in the store too.
    this.#deps.known.closed.incomplete();
    await this.loadCatalog();
    leases.start();
    this.#deps.inbox?.start();
    return 0;
  }

  /** Draining (SIGTERM): nothing more is claimed. */
  stopClaiming(): void {
    this.#draining = true;
    this.#deps.leases?.stopClaiming();
  }

  /**
   * Once `flushed` (the last writes committed), the leases are handed back: other servers claim
   * them at once, not after their expiry.
   */
  async handBack(flushed: Promise<void>): Promise<void> {
    try {
      await this.#deps.inbox?.close();
      await flushed;
      await this.#deps.leases?.handBack();
    } finally {
      await this.#deps.leases?.close();
    }
  }

  /** Renews and claims nothing more, hands nothing back (the leases expire). */
  stopLeasing(): void {
    this.#draining = true;
    void this.#deps.leases?.close();
    void this.#deps.inbox?.close();
  }

  /** Runs an open execution again over its recorded history. */
  #resume(record: ExecutionRecord, registered: Registered, recorded: readonly HistoryEvent[]): void {
    this.#deps.journal?.clearTimer(record.executionArn);
    // A redriven execution replays what its redrives kept of its failed attempts (redriveReplay).
    // A fork's copied events may hold its source's redrives (executions/fork.ts).
    const replay =
      record.redriveCount || record.forkedFrom
        ? { recorded: redriveReplay(recorded), shown: recorded }
        : { recorded };
    this.#deps.launcher.run(record, registered, replay);
  }

  /** The timer of a parked execution fired: it resumes from its stored history. */
  async wake(arn: string): Promise<void> {
    const { store, known } = this.#deps;
    if (!store || !known.parked.has(arn)) return;
    let parked: Parked<Registered> | undefined;
    let recorded: HistoryEvent[];
    try {
      await flushed(this.#deps.journal);
      recorded = (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent);
      // Its own copy, read once with its history: others read meanwhile may push it out of memory.
      parked = known.parked.get(arn) ?? (await this.#load(arn, recorded.at(-1)?.id ?? 0));
      if (!parked) return;
    } catch (e) {
      console.error(`stepwise: cannot resume ${arn} yet, retrying`, e);
      known.parked.retry(arn, this.#deps.clock.now() + 1000);
      return;
    }
    // StopExecution may have closed it meanwhile.
    if (!known.parked.take(arn, parked)) return;
    this.#source(parked.record, parked.source);
    this.#resume(parked.record, parked.source, recorded);
  }
}
