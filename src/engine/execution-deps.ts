// What an execution is given: the engine's shared parts, its owner, and its per-run options.
import type { Json } from '../asl/index.ts';
import type { TaskRunner } from '../integrations/index.ts';
import type { Clock } from './clock.ts';
import type { ExecutionRecord } from './execution-record.ts';
import type { HistoryEvent } from './history/event.ts';
import type { HistoryPacker } from './history/packed-history.ts';
import type { History } from './history/thread.ts';
import type { ChildEnd, ChildRequest } from './map-child.ts';
import type { MapRunHandle, MapRunSettings, RedrivenRun } from './map-runs.ts';
import type { Following } from './following.ts';
import type { Pacer } from './runner/pacer.ts';

export interface ExecutionDeps {
  readonly clock: Clock;
  /** The engine's entropy (`$$`-free intrinsics: States.UUID, States.MathRandom). */
  readonly random: () => number;
  readonly uuid: () => string;
  readonly tasks: TaskRunner;
  readonly stateMachineName: string;
  readonly region: string;
  /** AWS's 256 KiB unless a harness raises it (benchmarks with oversized workloads). */
  readonly payloadLimitBytes: number;
  /** The part that runs the execution (executions/launcher.ts), told what happens to it. */
  readonly owner: ExecutionOwner;
  /** The record's input already parsed by the starter, when the record's text is its JSON.stringify. */
  readonly input?: Json;
  /** The recorded events of an execution that resumes after a restart (replayed, not rewritten). */
  readonly recorded?: readonly HistoryEvent[];
  /** The whole history when more than `recorded` (a redriven execution's failed attempts). */
  readonly shown?: readonly HistoryEvent[];
  /** Standard executions: AWS's 25,000 events; absent for Express (no history quota). */
  readonly historyLimit?: number;
  /**
   * Durable timers (DESIGN.md decision 4): when every thread of the execution sleeps on a Wait or
   * a Retry interval of at least this long, the execution halts and its owner's `parked` is told
   * the time it must resume at (by replay). Absent, waits are slept in memory (Express, no store).
   */
  readonly parkAfterMs?: number;
  /** Runs `work` once the current turn of the event loop is over (absent: at once). */
  readonly afterTurn?: (work: () => void) => void;
  /** The engine's pauses of runs of states that never wait (runner/pacer.ts). */
  readonly pacer: Pacer;
  /**
   * The execution's observers (observers.ts), given its history and told each event it records
   * when some watch asks; absent: none listen. Dropped when its run ends (this object is its own).
   */
  following?: Following | undefined;
  /** Express: no history is kept (DESIGN.md decision 5); the run records no events at all. */
  readonly silent?: boolean;
  /** The format of a resumed history written by an earlier version (absent: HISTORY_FORMAT). */
  readonly historyFormat?: number;
  /**
   * Packs its history as it is written (history/thread.ts): an engine without a store, which keeps
   * closed histories packed (executions/closed-histories.ts).
   */
  readonly packer?: HistoryPacker | undefined;
}

/**
 * What an execution tells the part that runs it (executions/launcher.ts): one object for many
 * executions, each call naming its execution. The optional ones are absent where nothing listens
 * (Express, an engine without a store, harnesses).
 */
export interface ExecutionOwner {
  /** The ARN of a new distributed Map run. */
  /** `id`: the run's id when pinned (MapData's `mapRunId`); otherwise a fresh one. */
  mapRunArn(stateMachineName: string, stateName: string, id?: string): string;
  /** Records a distributed Map run for the Map Run API. */
  openMapRun?(execution: ExecutionRecord, mapRunArn: string, settings: MapRunSettings): MapRunHandle;
  /** The recorded run `mapRunArn` again, when a redrive of the execution reaches its Map. */
  redriveMapRun?(mapRunArn: string): RedrivenRun | undefined;
  /** Runs a distributed Map's item as a child workflow execution (map-children.ts). */
  runChild?(parent: ExecutionRecord, request: ChildRequest): Promise<ChildEnd>;
  /** Each new event (the durable engine queues it for the next group commit). */
  written?(execution: ExecutionRecord, event: HistoryEvent): void;
  /** Once when the execution closes, after its closing event. */
  closed?(execution: OwnedExecution): void;
  /** Every thread sleeps at least `parkAfterMs`: the execution halted and resumes at `fireAt`. */
  parked?(execution: OwnedExecution, fireAt: number): void;
}

/** What the engine chooses per execution (the rest of ExecutionDeps is the same for all). */
export type ExecutionOptions = Pick<
  ExecutionDeps,
  | 'input'
  | 'recorded'
  | 'shown'
  | 'owner'
  | 'following'
  | 'historyLimit'
  | 'parkAfterMs'
  | 'silent'
  | 'historyFormat'
  | 'packer'
>;

/** An execution as its owner sees it (execution.ts's Execution, which owners may take as such). */
export interface OwnedExecution {
  readonly record: ExecutionRecord;
  readonly history: History;
  /** Its observers, when any follow it. */
  readonly following: Following | undefined;
}
