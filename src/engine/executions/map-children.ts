import type { Machine } from '../../asl/index.ts';
import type { Batch, Store } from '../../store/index.ts';
import { halted } from '../abort.ts';
import type { Registered } from '../catalog/index.ts';
import type { Clock, Entropy } from '../clock.ts';
import type { ExecutionLeases } from '../execution-leases.ts';
import type { ExecutionRecord } from '../execution.ts';
import { flat } from '../flat.ts';
import { flushed } from '../flushed.ts';
import type { GroupCommit } from '../group-commit.ts';
import type { HistoryEvent } from '../history/event.ts';
import { redriveReplay } from '../history/redrive.ts';
import type { ChildEnd, ChildRequest } from '../map-child.ts';
import type { ToOwner } from '../messages/to-owner.ts';
import { childName, childParts } from '../map-child.ts';
import { ChildEndReads } from './child-end-reads.ts';
import type { StoredExecution } from './execution-row.ts';
import type { KnownExecutions } from './known.ts';
import type { Launcher } from './launcher.ts';
import { redriveExecution } from './redrive.ts';

/** A child the Map Run's signal stops: an Express child's execution, a Standard one by its ARN. */
interface Stoppable {
  stop(error: undefined, cause: undefined): void;
  /** Stopped when its parent halts too: an Express child, kept nowhere, runs again with it. */
  readonly halts?: boolean;
}

interface RunParts {
  readonly mapRunArn: string;
  readonly parent: Registered;
  readonly processor: Machine;
  readonly machinePath: string;
  readonly prefix: string;
  readonly stateMachineArn: string;
  readonly registered: Registered;
}

export interface MapChildrenDeps {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly store: Store | undefined;
  readonly journal: GroupCommit | undefined;
  readonly known: KnownExecutions;
  readonly launcher: Launcher;
  /** Scaled out: a child may be handed to whichever server claims it (execution-leases.ts). */
  readonly leases: ExecutionLeases | undefined;
  /** Scaled out: how a stop of the Map Run reaches a child another server drives (messages/). */
  readonly toOwner?: ToOwner | undefined;
  /** Scaled out with LISTEN: the ends of children driven elsewhere are told (`ended`). */
  readonly notified?: boolean;
}

/** How long a stopped Map Run waits for a child stopped on another server to end there. */
const STOP_WAIT_MS = 10_000;

const endOf = (r: ExecutionRecord): ChildEnd => ({
  executionArn: r.executionArn,
  name: r.name,
  status: r.status,
  output: r.output,
  error: r.error,
  cause: r.cause,
  startDate: r.startDate,
  stopDate: r.stopDate,
  redriveCount: r.redriveCount ?? 0,
});

/** A child a halted parent stops waiting for: it goes on, and the parent resumed finds it. */
const goesOn = (executionArn: string, name: string, startDate: number): ChildEnd => ({
  executionArn,
  name,
  status: 'RUNNING',
  startDate,
  redriveCount: 0,
});

/**
 * The child workflow executions of distributed Maps (AWS guide, "Distributed mode"): each item
 * or batch runs as an execution of the Map's ItemProcessor. STANDARD children are executions like
 * any other (stored, listed by their Map Run, with their own history); EXPRESS ones run in memory
 * and are kept nowhere. A child's ARN follows from its Map Run and index, so a Map Run that runs
 * again after a restart or a redrive finds the children it started: a finished child is not run
 * again, an open one is resumed, a failed one is redriven only by a redrive.
 */
export class MapChildren {
  readonly #deps: MapChildrenDeps;
  /** The children running under each Map Run's signal, stopped together when it aborts. */
  readonly #stops = new WeakMap<AbortSignal, Set<Stoppable>>();

  readonly #ends: ChildEndReads;

  constructor(deps: MapChildrenDeps) {
    this.#deps = deps;
    this.#ends = new ChildEndReads(deps);
  }

  /**
   * What the children of one Map Run share (their ARN prefix, state machine, registration),
   * worked out once per run rather than for each child.
   */
  #run: RunParts | undefined;

  #parts(parent: Registered, request: ChildRequest): RunParts {
    const last = this.#run;
    if (
      last?.mapRunArn === request.mapRunArn &&
      last.parent === parent &&
      last.processor === request.processor
    )
      return last;
    const { machinePath, prefix } = childParts(request.mapRunArn);
    return (this.#run = {
      mapRunArn: request.mapRunArn,
      parent,
      processor: request.processor,
      machinePath,
      prefix,
      stateMachineArn: flat(`${prefix}:stateMachine:${machinePath}`),
      registered: { record: parent.record, machine: request.processor },
    });
  }

  #record(parts: RunParts, parentRecord: ExecutionRecord, request: ChildRequest, arn: string, name: string) {
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: parts.stateMachineArn,
      name,
      input: JSON.stringify(request.input),
      startDate: this.#deps.clock.now(),
      roleArn: parentRecord.roleArn,
      mapRunArn: request.mapRunArn,
      status: 'RUNNING',
    };
    return record;
  }

  /** Runs (or finds, resumes, redrives) the child of `request` for the execution `parent`. */
  run(parent: Registered, parentRecord: ExecutionRecord, request: ChildRequest): Promise<ChildEnd> {
    const parts = this.#parts(parent, request);
    return request.express
      ? this.#express(parts, parentRecord, request)
      : this.#standard(parts, parentRecord, request);
  }

  /**
   * An EXPRESS child: kept nowhere, so never found again (a fresh id, as for any Express start).
   * The commonest child of a large Map Run, so it is a plain chain of promises, no async frame.
   */
  #express(parts: RunParts, parentRecord: ExecutionRecord, request: ChildRequest): Promise<ChildEnd> {
    const id = this.#deps.entropy.uuid();
    const arn = `${parts.prefix}:express:${parts.machinePath}:${id}:${id}`;
    const execution = this.#deps.launcher.express(
      this.#record(parts, parentRecord, request, arn, id),
      parts.registered,
      request.input,
    );
    const child: Stoppable = { stop: (e, c) => execution.stop(e, c), halts: true };
    const stops = this.#follow(request.signal, child);
    return execution.done.then(() => {
      stops.delete(child);
      return endOf(execution.record);
    });
  }

  async #standard(parts: RunParts, parentRecord: ExecutionRecord, request: ChildRequest): Promise<ChildEnd> {
    const { machinePath, prefix, registered } = parts;
    const name = childName(request.mapRunArn, request.index);
    const arn = flat(`${prefix}:execution:${machinePath}:${name}`);
    const known = this.#deps.known;
    const parentArn = parentRecord.executionArn;
    const signal = request.signal;
    // Parked with its record only in the store (a restart): read, not started again.
    await known.ensure(arn);
    // Halted meanwhile (a shutdown, its lease lost): nothing more is started for it.
    if (halted(signal)) return goesOn(arn, name, this.#deps.clock.now());
    // Closed: its record in `closed` (its history in the store, or packed in memory without one).
    const found = known.current(arn);
    const closed = found?.status === 'RUNNING' ? undefined : found;
    const waiting = known.waiting.get(arn);
    if (closed && (closed.status === 'SUCCEEDED' || !request.redrive)) return endOf(closed);
    if (closed) await redriveExecution(this.#deps, arn, undefined, request.processor);
    else if (waiting) await this.#resume(waiting, registered);
    else if (!found) {
      // Scaled out, a parent resumed here after its server died finds its children where they
      // are: driven by another server (which claimed them) or closed there.
      if (
        this.#deps.journal?.leased === true &&
        (await this.#deps.store?.getExecution(arn)) &&
        !known.current(arn)
      )
        return this.#elsewhere(arn, parentRecord, signal);
      if (halted(signal)) return goesOn(arn, name, this.#deps.clock.now());
      if (!known.current(arn)) {
        known.sources.set(arn, { record: parts.parent.record });
        const record = this.#record(parts, parentRecord, request, arn, name);
        // Scaled out, a server that holds its share already starts the child for any server to
        // claim and run: the children of one Map spread over the live servers from the start.
        const leases = this.#deps.leases;
        // Its start is fenced by the parent's lease too: a stale copy of the parent starts none.
        leases?.fenceWith(arn, parentArn);
        if (leases?.offers()) {
          this.#deps.launcher.run(record, registered, { input: request.input, startOnly: true });
          try {
            await flushed(this.#deps.journal);
            await leases.handOver(arn);
          } catch {
            // The store is away: once its start is written, the next renewal finds the lease
            // held with nothing here driving it, and resumes the child here.
            leases.unheld(arn);
          }
          return this.#elsewhere(arn, parentRecord, signal);
        }
        this.#deps.launcher.run(record, registered, { input: request.input });
      }
    }
    await this.#waitFor(arn, parentArn, signal);
    const current = known.current(arn);
    // Parked, then handed to another server (this one held more than its share): it ends there.
    if (!current && this.#deps.journal?.leased === true) return this.#elsewhere(arn, parentRecord, signal);
    if (!current) throw new Error(`the child ${arn} is not known`);
    // Dropped here (another server claimed it meanwhile): it ends there.
    if (this.#deps.journal?.leased === true && current.status === 'RUNNING' && !signal.aborted)
      return this.#elsewhere(arn, parentRecord, signal);
    return endOf(current);
  }

  /**
   * A child another server drives: its end is read from the store (it may also be claimed here
   * meanwhile). A stop of the Map Run reaches it there as a StopExecution left in the store for
   * its owner, and its end (ABORTED) is awaited for a while, as a child stopped here is.
   */
  async #elsewhere(arn: string, parent: ExecutionRecord, signal: AbortSignal): Promise<ChildEnd> {
    const { known, clock } = this.#deps;
    let stopping: Promise<unknown> | undefined;
    let stopDeadline = 0;
    const ends = this.#ends;
    let wake: AbortController | undefined;
    try {
      for (;;) {
        // Listening before the read: an end told while the store is read is not missed.
        wake?.abort();
        wake = ends.listen(arn, signal);
        const here = known.current(arn);
        if (here && here.status !== 'RUNNING') return endOf(here);
        if (here && known.running.has(arn)) {
          await this.#waitFor(arn, parent.executionArn, signal);
          const now = known.current(arn);
          if (now && (now.status !== 'RUNNING' || signal.aborted)) return endOf(now);
        }
        const row = await ends.read(arn);
        if (!row) throw new Error(`the child ${arn} is not known`);
        const { revision: _, ...stored } = row.data as unknown as StoredExecution;
        // A halted parent stops no child: the copy of it that resumes finds them running.
        if (row.status !== 'RUNNING' || halted(signal)) return endOf(stored);
        if (signal.aborted) {
          const toOwner = this.#deps.toOwner;
          if (!toOwner || (stopping && clock.now() > stopDeadline)) return endOf(stored);
          if (!stopping) {
            stopping = this.#stopFence(parent)
              .then((fence) => fence && toOwner.stop(arn, undefined, undefined, fence))
              .catch(() => undefined);
            stopDeadline = clock.now() + STOP_WAIT_MS;
          }
          await stopping;
        }
        await ends.pause(wake.signal, signal.aborted);
      }
    } finally {
      // No longer awaited: forgotten (its listener on the Map's signal too).
      wake?.abort();
    }
  }

  /**
   * Children closed on some server (a notification): a wait for one of them reads its end now.
   * Undefined: notifications may have been missed, every wait reads again.
   */
  ended(executionArns: readonly string[] | undefined): void {
    this.#ends.ended(executionArns);
  }

  /**
   * What fences a stop the parent sends a child another server drives: the parent's lease while
   * it runs (a stale copy, whose lease moved on, stops none), its close once durable (a stop of
   * the parent, which ends its lease). Undefined: this copy is stale, it sends none.
   */
  async #stopFence(parent: ExecutionRecord): Promise<Pick<Batch, 'fences' | 'closedRows'> | undefined> {
    const arn = parent.executionArn;
    if (parent.status === 'RUNNING') {
      const lease = this.#deps.leases?.fenceOf(arn);
      return lease && { fences: [lease] };
    }
    await flushed(this.#deps.journal);
    return { closedRows: [arn] };
  }

  /**
   * Waits for the child `arn` to end here; the Map Run's signal stops it (fenced by the parent's
   * lease: a stale copy of the parent stops none). A halted parent waits no more.
   */
  async #waitFor(arn: string, parentArn: string, signal: AbortSignal): Promise<void> {
    const { known, leases } = this.#deps;
    const stopping = {
      stop: () => {
        leases?.fenceWith(arn, parentArn);
        known.stop(arn);
      },
    };
    const stops = this.#follow(signal, stopping);
    let onHalt = (): void => {};
    const halt = new Promise<void>((resolve) => {
      onHalt = () => {
        if (halted(signal)) resolve();
      };
    });
    signal.addEventListener('abort', onHalt);
    try {
      // Scaled out, it may leave this server while awaited (parked, then handed back above this
      // server's share): the caller then reads its end from the store.
      const ends = known.wait(arn).catch((e: unknown) => {
        if (this.#deps.journal?.leased !== true) throw e;
      });
      if (!halted(signal)) await Promise.race([ends, halt]);
    } finally {
      signal.removeEventListener('abort', onHalt);
      stops.delete(stopping);
    }
  }

  /** An open child found in the store at start: it runs again over its recorded history. */
  async #resume(waiting: ExecutionRecord, registered: Registered): Promise<void> {
    const { known, store, journal, launcher } = this.#deps;
    const arn = waiting.executionArn;
    const recorded = store ? (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent) : [];
    // Taken by another call meanwhile (the same Map Run cannot ask twice, but be sure).
    if (known.waiting.get(arn) !== waiting) return;
    known.waiting.delete(arn);
    journal?.clearTimer(arn);
    const replay = waiting.redriveCount
      ? { recorded: redriveReplay(recorded), shown: recorded }
      : { recorded };
    launcher.run({ ...waiting }, registered, replay);
  }

  /**
   * Stops the child when the Map Run's signal aborts (at once if it has): the set of the run's
   * children, from which the caller removes the child once it has ended.
   */
  #follow(signal: AbortSignal, child: Stoppable): Set<Stoppable> {
    let stops = this.#stops.get(signal);
    if (!stops) {
      const all = (stops = new Set());
      this.#stops.set(signal, all);
      signal.addEventListener('abort', () => {
        // Halted, the parent stops being driven here: its children go on (they are not its to stop).
        const halting = halted(signal);
        for (const s of [...all]) if (!halting || s.halts) s.stop(undefined, undefined);
      });
    }
    if (!signal.aborted) stops.add(child);
    else if (!halted(signal) || child.halts) child.stop(undefined, undefined);
    return stops;
  }
}
