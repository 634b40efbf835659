import type { Json, Machine } from '../../asl/index.ts';
import type { TaskRunner } from '../../integrations/index.ts';
import type { Doc } from '../../store/index.ts';
import type { Arns } from '../arns.ts';
import type { Registered } from '../catalog/index.ts';
import type { Clock, Entropy } from '../clock.ts';
import type { ExecutionOptions, ExecutionOwner, ExecutionRecord } from '../execution.ts';
import { Execution } from '../execution.ts';
import type { GroupCommit } from '../group-commit.ts';
import type { HistoryEvent } from '../history/event.ts';
import {
  durationLimited,
  EXPRESS_MAX_SECONDS,
  MAX_HISTORY_EVENTS,
  MAX_PAYLOAD_BYTES,
  MAX_STANDARD_SECONDS,
} from '../limits.ts';
import type { ChildEnd, ChildRequest } from '../map-child.ts';
import type { MapRunHandle, MapRunRegistry, MapRunSettings, RedrivenRun } from '../map-runs.ts';
import type { ExecutionObservers } from '../observers.ts';
import type { Following } from '../following.ts';
import { executionRow } from './execution-row.ts';
import type { KnownExecutions } from './known.ts';
import { Pacer } from '../runner/pacer.ts';

const PARK_AFTER_MS = 60_000;
const NOTHING_COPIED: readonly HistoryEvent[] = Object.freeze([]);

export interface LauncherDeps {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly tasks: TaskRunner;
  readonly region: string;
  readonly arns: Arns;
  readonly payloadLimitBytes: number | undefined;
  readonly historyLimit: number | undefined;
  readonly parkAfterMs: number | undefined;
  readonly journal: GroupCommit | undefined;
  readonly known: KnownExecutions;
  readonly mapRuns: MapRunRegistry;
  readonly observers: ExecutionObservers;
  /** Runs a Map Run's child for an execution of `parent` (map-children.ts, made after this). */
  readonly runChild: (
    parent: Registered,
    record: ExecutionRecord,
    request: ChildRequest,
  ) => Promise<ChildEnd>;
}

/** How a Standard execution starts running: new, resumed over its history, or redriven. */
export interface Replay {
  /** Its recorded events (replayed, not written again). */
  readonly recorded?: readonly HistoryEvent[];
  /** The whole history when more than `recorded` (a redriven execution's failed attempts). */
  readonly shown?: readonly HistoryEvent[];
  /** A new execution's input already parsed (see Execution's `input`). */
  readonly input?: Json;
  /** A new execution is only started here (ExecutionStarted), for another server to run it. */
  readonly startOnly?: boolean;
}

/**
 * Makes executions and runs them; it is their owner (ExecutionOwner): it queues what they write
 * for the group commit and moves them to the closed or parked ones of KnownExecutions.
 */
export class Launcher implements ExecutionOwner {
  private readonly deps: LauncherDeps;
  /** While recovery registers the executions it resumes, they wait here to run. */
  private deferred: Execution[] | undefined;
  /** What each Standard execution runs: its row names the revision. */
  private readonly registered = new WeakMap<Execution, Registered>();
  /** Express executions are not recorded as map runs nor written. */
  private readonly expressLauncher: ExecutionOwner;
  /** Without a store, executions are recorded as map runs but not written. */
  private readonly inMemory: ExecutionOwner;

  /** One for all the engine's executions: their runs pause together. */
  private readonly pacer: Pacer;

  constructor(deps: LauncherDeps) {
    this.deps = deps;
    this.pacer = new Pacer(deps.clock);
    const closed = (execution: Execution): void => this.closedHere(execution);
    this.expressLauncher = { mapRunArn: this.mapRunArn, closed };
    this.inMemory = {
      mapRunArn: this.mapRunArn,
      openMapRun: this.openMapRun,
      redriveMapRun: this.redriveMapRun,
      runChild: this.runChild,
      closed: (execution: Execution) => {
        this.keep(execution);
        closed(execution);
      },
    };
  }

  /**
   * Has the observers follow an execution about to run (telling them it started, unless it
   * resumes); undefined when nobody listens.
   */
  private follow(
    record: ExecutionRecord,
    registered: Registered,
    started: boolean,
    silent = false,
  ): Following | undefined {
    return this.deps.observers.follow({ record, stateMachine: registered.record }, started, silent);
  }

  /**
   * Without a store, a closed execution's record joins the closed ones and its history is packed
   * (executions/closed-histories.ts): the execution and its event objects are let go.
   */
  private keep(execution: Execution): void {
    const known = this.deps.known;
    const arn = execution.record.executionArn;
    if (known.running.get(arn)?.execution !== execution) return;
    known.running.delete(arn);
    known.closed.set(arn, execution.record);
    known.histories.keep(arn, execution.history);
  }

  private closedHere(execution: Execution): void {
    if (execution.following) this.deps.observers.closed(execution.following, execution.record);
  }

  /**
   * Runs an Express execution: in memory, not kept (DESIGN.md decision 5), and silent unless an
   * observer asks for its events (its execution log). A fork of one replays `copied` (its
   * source's logged events), which it records, and tells the observers as its own: its log is
   * then whole, as its source's was.
   */
  express(
    record: ExecutionRecord,
    registered: Registered,
    input: Json | undefined,
    copied: readonly HistoryEvent[] = NOTHING_COPIED,
  ): Execution {
    const recording = copied.length > 0 || this.deps.observers.wantExpressEvents(registered.record);
    const following = this.follow(record, registered, true, !recording);
    if (following) for (const event of copied) following.event(event);
    const execution = this.execution(
      record,
      registered.record.name,
      registered.machine,
      EXPRESS_MAX_SECONDS,
      {
        input,
        following,
        owner: this.expressLauncher,
        silent: !recording,
        recorded: copied.length > 0 ? copied : undefined,
      },
    );
    void execution.run();
    return execution;
  }

  /**
   * Runs a Standard execution: a new one, or one resumed from its recorded history. With a
   * store, its row and every event it writes are queued for the group commit.
   */
  run(record: ExecutionRecord, registered: Registered, replay: Replay = {}): Execution {
    const { journal, known } = this.deps;
    const arn = record.executionArn;
    const { recorded, shown } = replay;
    // A redriven execution's row changes (RUNNING again); a resumed one's does not.
    if (journal && (!recorded || shown)) journal.execution(executionRow(record, registered.record));
    const format = known.formats.get(arn);
    // A resumed execution started before the restart; a redriven one starts again.
    const following = this.follow(record, registered, !recorded || !!shown);
    const execution = this.execution(
      record,
      registered.record.name,
      registered.machine,
      MAX_STANDARD_SECONDS,
      {
        historyFormat: format,
        input: replay.input,
        recorded: replay.recorded,
        shown: replay.shown,
        following,
        owner: journal ? this : this.inMemory,
        packer: journal ? undefined : known.histories.packer,
        historyLimit: this.deps.historyLimit ?? MAX_HISTORY_EVENTS,
        parkAfterMs: journal ? (this.deps.parkAfterMs ?? PARK_AFTER_MS) : undefined,
      },
    );
    if (journal) this.registered.set(execution, registered);
    if (replay.startOnly) {
      execution.startOnly();
      // Followed (its start told) here; its end is told where it runs.
      if (following) this.deps.observers.drop(following);
      return execution;
    }
    known.running.set(arn, { execution, registered });
    if (this.deferred) this.deferred.push(execution);
    else void execution.run();
    return execution;
  }

  /** Runs `register` holding back the executions it runs; then starts them all (recovery.ts). */
  deferring(register: () => void): number {
    const ready: Execution[] = [];
    this.deferred = ready;
    try {
      register();
    } finally {
      this.deferred = undefined;
    }
    for (const execution of ready) void execution.run();
    return ready.length;
  }

  private execution(
    record: ExecutionRecord,
    stateMachineName: string,
    machine: Machine,
    maxSeconds: number,
    options: ExecutionOptions,
  ): Execution {
    const deps = this.deps;
    // One literal of one shape for every execution (no spreads: a slow path of every start).
    return new Execution(record, durationLimited(machine, maxSeconds), {
      clock: deps.clock,
      random: this.random,
      uuid: this.uuid,
      tasks: deps.tasks,
      stateMachineName,
      region: deps.region,
      payloadLimitBytes: deps.payloadLimitBytes ?? MAX_PAYLOAD_BYTES,
      afterTurn: deps.clock.tick ? this.afterTurn : undefined,
      pacer: this.pacer,
      owner: options.owner,
      following: options.following,
      input: options.input,
      recorded: options.recorded,
      shown: options.shown,
      historyLimit: options.historyLimit,
      parkAfterMs: options.parkAfterMs,
      silent: options.silent,
      historyFormat: options.historyFormat,
      packer: options.packer,
    });
  }

  /** Work waiting for the end of the current turn of the event loop: one tick for all of it. */
  private turnWork: (() => void)[] = [];
  private readonly afterTurn = (work: () => void): void => {
    if (this.turnWork.push(work) > 1) return;
    void this.deps.clock.tick?.().then(() => {
      const due = this.turnWork;
      this.turnWork = [];
      for (const w of due) w();
    });
  };

  // Shared by every execution, rather than closures made for each one.
  private readonly random = (): number => this.deps.entropy.random();
  private readonly uuid = (): string => this.deps.entropy.uuid();

  readonly mapRunArn = (stateMachineName: string, stateName: string, id?: string): string =>
    this.deps.arns.mapRun(stateMachineName, stateName, id ?? this.deps.entropy.uuid());

  readonly openMapRun = (
    record: ExecutionRecord,
    mapRunArn: string,
    settings: MapRunSettings,
  ): MapRunHandle =>
    this.deps.mapRuns.open(
      { mapRunArn, executionArn: record.executionArn, stateMachineArn: record.stateMachineArn },
      settings,
      this.deps.clock.now(),
    );

  readonly redriveMapRun = (mapRunArn: string): RedrivenRun | undefined =>
    this.deps.mapRuns.redrive(mapRunArn, this.deps.clock.now());

  /** A distributed Map's item, as a child workflow execution of the Map's ItemProcessor. */
  readonly runChild = (parent: ExecutionRecord, request: ChildRequest): Promise<ChildEnd> => {
    const running = this.deps.known.running.get(parent.executionArn);
    if (!running) throw new Error(`a Map Run of ${parent.executionArn}, which is not running`);
    return this.deps.runChild(running.registered, parent, request);
  };

  written(record: ExecutionRecord, event: HistoryEvent): void {
    this.deps.journal?.event({
      executionArn: record.executionArn,
      id: event.id,
      data: event as unknown as Doc,
    });
  }

  closed(execution: Execution): void {
    const { journal, known } = this.deps;
    const arn = execution.record.executionArn;
    const registered = this.registered.get(execution);
    if (registered) journal?.execution(executionRow(execution.record, registered.record));
    // Its history is in the store now: only the record stays in memory.
    if (known.running.get(arn)?.execution === execution) {
      known.running.delete(arn);
      known.closed.set(arn, execution.record);
    }
    this.closedHere(execution);
  }

  parked(execution: Execution, fireAt: number): void {
    const known = this.deps.known;
    const arn = execution.record.executionArn;
    const running = known.running.get(arn);
    if (running?.execution !== execution) return;
    known.running.delete(arn);
    if (execution.following) this.deps.observers.drop(execution.following);
    known.parked.park(execution.record, running.registered, execution.history.lastId, fireAt);
  }
}
