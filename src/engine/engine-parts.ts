import type { ActivityService, TaskCallbacks, TaskRunner } from '../integrations/index.ts';
import type { Store } from '../store/index.ts';
import { Arns } from './arns.ts';
import { Published, StateMachines, Tagging } from './catalog/index.ts';
import type { Clock, Entropy } from './clock.ts';
import type { ForkDeps } from './executions/index.ts';
import { KnownExecutions, Launcher, MapChildren, refusedWrites, Starts } from './executions/index.ts';
import { durableJournal, type LeaseSettings } from './durable-journal.ts';
import type { GroupCommit } from './group-commit.ts';
import { MapRunRegistry } from './map-runs.ts';
import { MessageInbox } from './messages/message-inbox.ts';
import { ToOwner } from './messages/to-owner.ts';
import { RecordInStore } from './errors.ts';
import type { ExecutionObservers } from './observers.ts';
import { Recovery } from './recovery.ts';
import { TaskControl } from './task-control.ts';

export interface EngineDeps {
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly tasks: TaskRunner;
  readonly region: string;
  readonly account: string;
  /** Defaults to AWS's quota (256 KiB); only benchmark harnesses raise it. */
  readonly payloadLimitBytes?: number;
  /** Activities (CreateActivity … GetActivityTask). */
  readonly activities?: ActivityService;
  /** Answers to task tokens (SendTaskSuccess/Failure/Heartbeat). */
  readonly callbacks?: TaskCallbacks;
  /**
   * Where Standard executions are kept durably. Without one everything lives in memory (the
   * in-process benchmark, `stepwise run`, unit tests).
   */
  readonly store?: Store;
  /** AWS's 25,000 history events per Standard execution unless a harness lowers it. */
  readonly historyLimit?: number;
  /**
   * With a store, an execution whose threads all wait at least this long (a Wait state, a Retry
   * interval) is parked: a timer row instead of memory. One minute unless a test lowers it.
   */
  readonly parkAfterMs?: number;
  /** On a store servers share: each drives the executions it leases (execution-leases.ts). */
  readonly leases?: LeaseSettings;
}

/** The parts of the engine, each with one job; `Engine` (engine.ts) is the facade over them. */
export interface EngineParts {
  readonly arns: Arns;
  readonly taskControl: TaskControl;
  readonly journal: GroupCommit | undefined;
  readonly mapRuns: MapRunRegistry;
  readonly machines: StateMachines;
  readonly published: Published;
  readonly tagging: Tagging;
  readonly known: KnownExecutions;
  readonly launcher: Launcher;
  readonly starts: Starts;
  readonly forks: ForkDeps;
  readonly recovery: Recovery;
  /** With leases: calls about executions another server drives go to it through the store. */
  readonly toOwner: ToOwner | undefined;
}

/** Wires the parts once. Some call each other back; those calls go through `late`, set last. */
export function engineParts(deps: EngineDeps, observers: ExecutionObservers): EngineParts {
  const { clock, entropy, store } = deps;
  const late: { recovery?: Recovery; children?: MapChildren } = {};
  const recovery = (): Recovery => late.recovery!;
  const arns = new Arns(deps.region, deps.account);
  const toOwner = store && deps.leases ? new ToOwner({ store, clock, entropy }) : undefined;
  const taskControl = new TaskControl(
    deps.activities,
    deps.callbacks,
    toOwner && { toOwner, drives: (arn) => recovery().drives(arn) },
  );
  const durable = durableJournal(store, clock, deps.leases, {
    // The store refused an owner's writes for good (executions/refused.ts).
    refused: (owner, error) =>
      refusedWrites({ ...deps, store, journal, catalog: machines, known, observers }, owner, error),
    claimed: (arn) => recovery().claimed(arn),
    lost: (arn) => recovery().drop(arn),
    spare: (count) => recovery().spare(count),
  });
  const journal = durable?.journal;
  const mapRuns = new MapRunRegistry(journal);
  const machines = new StateMachines({
    clock,
    entropy,
    arns,
    activities: deps.activities,
    writer: journal,
    recognizes: deps.tasks.recognizes && ((resource: string) => deps.tasks.recognizes!(resource)),
  });
  const published = new Published(machines);
  const tagging = new Tagging(machines, taskControl);
  const known = new KnownExecutions({
    clock,
    store,
    journal,
    due: (arn) => void recovery().wake(arn),
    observers,
    load: (arn) => recovery().load(arn),
    remember: (arn) => recovery().remember(arn),
  });
  const launcher = new Launcher({
    clock,
    entropy,
    tasks: deps.tasks,
    region: deps.region,
    arns,
    payloadLimitBytes: deps.payloadLimitBytes,
    historyLimit: deps.historyLimit,
    parkAfterMs: deps.parkAfterMs,
    journal,
    known,
    mapRuns,
    observers,
    runChild: (parent, record, request) => late.children!.run(parent, record, request),
  });
  late.children = new MapChildren({
    clock,
    entropy,
    store,
    journal,
    known,
    launcher,
    leases: durable?.leases,
    toOwner,
    notified: store?.wakeUps !== undefined && deps.leases?.notify !== false,
  });
  const starts = new Starts({ clock, entropy, tasks: deps.tasks, arns, machines, known, launcher });
  const forks = { clock, entropy, arns, machines, journal, known, launcher, observers };
  const leases = durable?.leases;
  const inbox =
    store && journal && leases
      ? new MessageInbox({
          store,
          clock,
          owner: leases.owner,
          callbacks: deps.callbacks,
          drives: (arn) => recovery().drives(arn),
          stop: async (arn, error, cause) => {
            try {
              known.stop(arn, error, cause);
            } catch (e) {
              if (!(e instanceof RecordInStore)) throw e;
              await known.ensure(arn);
              known.stop(arn, error, cause);
            }
          },
          flushed: () => journal.flushed(),
          claimNow: () => leases.claimNow(),
          ended: (arns) => late.children?.ended(arns),
          notify: deps.leases?.notify,
        })
      : undefined;
  late.recovery = new Recovery({
    store,
    journal,
    clock,
    machines,
    known,
    launcher,
    mapRuns,
    leases,
    inbox,
  });
  return {
    arns,
    taskControl,
    journal,
    mapRuns,
    machines,
    published,
    tagging,
    known,
    launcher,
    starts,
    forks,
    recovery: late.recovery,
    toOwner,
  };
}
