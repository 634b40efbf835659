import type { Diagnostic } from '../asl/index.ts';
import type { Arns } from './arns.ts';
import type {
  AliasRecord,
  CreateStateMachineInput,
  ExecutionSource,
  Published,
  RoutingEntry,
  StateMachineRecord,
  StateMachines,
  StateMachineType,
  StateMachineVersion,
  Tag,
  Tagging,
  UpdateStateMachineInput,
} from './catalog/index.ts';
import { findStartTarget } from './catalog/index.ts';
import { RecordInStore, storeFailure } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus } from './execution.ts';
import type { ForkDeps, ForkInput, ListingPage, StartExecutionInput } from './executions/index.ts';
import type { KnownExecutions, Launcher, Starts } from './executions/index.ts';
import { checkFork, forkExecution, redriveExecution, redriveRefusal } from './executions/index.ts';
import { type EngineDeps, engineParts } from './engine-parts.ts';
import { flushed } from './flushed.ts';
import type { GroupCommit } from './group-commit.ts';
import type { HistoryEvent } from './history/event.ts';
import type { MapRunChange, MapRunRecord, MapRunRegistry } from './map-runs.ts';
import type { ExecutionObserver } from './execution-observer.ts';
import { ExecutionObservers } from './observers.ts';
import type { Placement, Recovery } from './recovery.ts';
import type { TaskControl } from './task-control.ts';
import type { ToOwner } from './messages/to-owner.ts';
import { type TestStateInput, type TestStateResult, testState } from './test-state.ts';

/** Without a store, everything is as durable as it gets at once. */
const NOTHING_TO_WAIT_FOR = (): undefined => undefined;

/**
 * The service behind the API: a facade over the parts of the engine — the catalog (catalog/), the
 * executions (executions/), recovery (recovery.ts), map runs, TestState and task control. With a
 * store, Standard executions are event-sourced and durable; the records are also kept in memory.
 */
export class Engine {
  private readonly deps: EngineDeps;
  readonly arns: Arns;
  private readonly journal: GroupCommit | undefined;
  private readonly machines: StateMachines;
  private readonly published: Published;
  private readonly tagging: Tagging;
  private readonly known: KnownExecutions;
  private readonly launcher: Launcher;
  private readonly starts: Starts;
  private readonly recovery: Recovery;
  private readonly forks: ForkDeps;
  private readonly toOwner: ToOwner | undefined;
  /** Where calls about an execution are answered when servers share the store (recovery.ts). */
  readonly placement: Placement;
  private readonly mapRuns: MapRunRegistry;
  private readonly observers = new ExecutionObservers();
  /** Activities and task-token answers (the API's activity and SendTask* actions). */
  readonly taskControl: TaskControl;

  constructor(deps: EngineDeps) {
    this.deps = deps;
    const parts = engineParts(deps, this.observers);
    this.arns = parts.arns;
    this.taskControl = parts.taskControl;
    this.journal = parts.journal;
    this.mapRuns = parts.mapRuns;
    this.machines = parts.machines;
    this.published = parts.published;
    this.tagging = parts.tagging;
    this.known = parts.known;
    this.launcher = parts.launcher;
    this.starts = parts.starts;
    this.forks = parts.forks;
    this.toOwner = parts.toOwner;
    this.placement = this.recovery = parts.recovery;
  }

  get region(): string {
    return this.deps.region;
  }

  get account(): string {
    return this.deps.account;
  }

  stateMachineArn(name: string): string {
    return this.arns.stateMachine(name);
  }

  executionArn(stateMachineName: string, name: string): string {
    return this.arns.execution(stateMachineName, name);
  }

  // ── durability and lifecycle ──

  /**
   * Tells `observer` of every execution's start, events and close from now on (observability/,
   * triggers/). Returns the function that stops it.
   */
  observe(observer: ExecutionObserver): () => void {
    return this.observers.add(observer);
  }

  /** Executions driven in memory (with their histories) and parked on a durable timer. */
  residency(): { readonly inMemory: number; readonly parked: number } {
    return this.known.residency();
  }

  /**
   * Resolves once everything done so far is durable (the API answers only after it); fails with
   * ServiceUnavailableException while the store is away.
   */
  flushed(): Promise<void> {
    return flushed(this.journal);
  }

  /**
   * Runs one request's `work` and resolves `durable()` once what it wrote is durable; fails with
   * an AWS-shaped error if the store refused those writes or is away (see GroupCommit.capture).
   */
  writesOf<T>(work: () => T): {
    readonly result: T;
    /** Settles once what `work` wrote is durable; undefined when it is already (nothing to wait for). */
    readonly durable: () => Promise<void> | undefined;
  } {
    const journal = this.journal;
    if (!journal) return { result: work(), durable: NOTHING_TO_WAIT_FOR };
    const captured = journal.capture(work);
    return {
      result: captured.result,
      durable: () =>
        captured.durable()?.catch((e: unknown) => {
          throw storeFailure(e);
        }),
    };
  }

  /**
   * Runs `work`; when it needs an execution whose record is only in the store (RecordInStore: a
   * parked one, one closed a while ago, a name given to a start), reads it and runs `work` again.
   */
  async reading<T>(work: () => T): Promise<T> {
    for (let tries = 0; ; tries++) {
      try {
        return work();
      } catch (e) {
        if (!(e instanceof RecordInStore) || tries === 3) throw e;
        await this.loadExecution(e.executionArn);
      }
    }
  }

  /** Loads the store's catalog and resumes its open executions (recovery.ts); call once, before serving. */
  recover(): Promise<number> {
    return this.recovery.recover();
  }

  /** Stops driving executions (they resume from the store at the next start). */
  halt(): void {
    this.known.halt();
  }

  /**
   * Halts and writes nothing more, not even what is queued: another process may lead the store
   * already (this one lost its lock). What was not committed is derived again by replay.
   */
  abandon(): void {
    this.halt();
    this.journal?.close();
    this.recovery.stopLeasing();
  }

  /**
   * Halts, waits for the last commit and writes nothing more: the store may then close. A store
   * that is away loses nothing by it: what was not committed is derived again by replay.
   */
  async close(): Promise<void> {
    this.recovery.stopClaiming();
    this.halt();
    try {
      await this.recovery.handBack(this.flushed());
    } finally {
      this.journal?.close();
    }
  }

  // ── the catalog (catalog/) ──

  validate(definition: string, type?: StateMachineType): Diagnostic[] {
    return this.machines.validate(definition, type);
  }

  createStateMachine(input: CreateStateMachineInput): StateMachineRecord {
    return this.machines.create(input);
  }

  describeStateMachine(arn: string): StateMachineRecord {
    return this.published.describeStateMachine(arn);
  }

  /** UpdateStateMachine, publishing a version of the result when asked to. */
  updateStateMachine(input: UpdateStateMachineInput): {
    record: StateMachineRecord;
    version?: StateMachineVersion;
  } {
    const record = this.machines.update(input);
    if (!input.publish) return { record };
    const version = this.published.publish(record.stateMachineArn, {
      description: input.versionDescription,
    });
    return { record, version };
  }

  listStateMachines(): StateMachineRecord[] {
    return this.machines.list();
  }

  deleteStateMachine(arn: string): void {
    this.machines.delete(arn);
  }

  publishStateMachineVersion(
    arn: string,
    options: { revisionId?: string | undefined; description?: string | undefined },
  ): StateMachineVersion {
    return this.published.publish(arn, options);
  }

  listStateMachineVersions(arn: string): StateMachineVersion[] {
    return this.published.listVersions(arn);
  }

  deleteStateMachineVersion(versionArn: string): void {
    this.published.deleteVersion(versionArn);
  }

  createStateMachineAlias(input: Parameters<Published['createAlias']>[0]): AliasRecord {
    return this.published.createAlias(input);
  }

  describeStateMachineAlias(aliasArn: string): AliasRecord {
    return this.published.describeAlias(aliasArn);
  }

  updateStateMachineAlias(
    aliasArn: string,
    change: { description?: string | undefined; routingConfiguration?: readonly RoutingEntry[] | undefined },
  ): AliasRecord {
    return this.published.updateAlias(aliasArn, change);
  }

  deleteStateMachineAlias(aliasArn: string): void {
    this.published.deleteAlias(aliasArn);
  }

  listStateMachineAliases(arn: string): AliasRecord[] {
    return this.published.listAliases(arn);
  }

  listTags(arn: string): Tag[] {
    return this.tagging.list(arn);
  }

  tagResource(arn: string, tags: readonly Tag[]): void {
    this.tagging.tag(arn, tags);
  }

  untagResource(arn: string, keys: readonly string[]): void {
    this.tagging.untag(arn, keys);
  }

  // ── executions (executions/) ──

  /** StartExecution (executions/start.ts): the ARN is found once, then the execution launched. */
  startExecution(input: StartExecutionInput): ExecutionRecord {
    return this.starts.start(input);
  }

  startSyncExecution(input: StartExecutionInput): Promise<ExecutionRecord> {
    return this.starts.startSync(input);
  }

  describeExecution(arn: string): ExecutionRecord {
    return this.known.describe(arn);
  }

  /** Reads an execution's record from the store if not in memory (see RecordInStore). */
  loadExecution(arn: string): Promise<void> {
    return this.known.ensure(arn);
  }

  describeStateMachineForExecution(executionArn: string): ExecutionSource {
    return this.known.source(executionArn);
  }

  /**
   * Those whose records are in memory: without the parked and closed executions whose records are
   * only in the store (readExecutions has them).
   */
  listExecutions(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    return this.known.list(this.machines, stateMachineArn, statusFilter);
  }

  /** Every execution of a machine, version or alias, also those read from the store. */
  readExecutions(
    stateMachineArn: string,
    statusFilter?: ExecutionStatus,
    page?: ListingPage,
  ): Promise<ExecutionRecord[]> {
    return this.known.listed(this.machines, stateMachineArn, statusFilter, page);
  }

  /** The history of an execution in memory (any execution of an engine without a store). */
  getExecutionHistory(arn: string): readonly HistoryEvent[] {
    return this.known.events(arn);
  }

  /** The history of any execution, also of one closed before this process started. */
  readExecutionHistory(arn: string): Promise<readonly HistoryEvent[]> {
    return this.known.history(arn);
  }

  stopExecution(arn: string, error?: string, cause?: string): ExecutionRecord {
    return this.known.stop(arn, error, cause);
  }

  /**
   * On a store servers share, a stop of an execution this server neither drives nor knows closed
   * is checked against the store and left there for the server that drives it: resolves to the
   * stop date, or undefined when the store has it closed (stopExecution then answers). Undefined
   * (no promise) when this server answers at once.
   */
  stopElsewhere(arn: string, error?: string, cause?: string): Promise<number | undefined> | undefined {
    const toOwner = this.toOwner;
    if (!toOwner || this.recovery.drives(arn) || this.known.closed.has(arn)) return undefined;
    return toOwner.stop(arn, error, cause).then(async (at) => {
      // Closed: its record is read here, for stopExecution to answer from.
      if (at === undefined) await this.recovery.remember(arn);
      return at;
    });
  }

  /** Why the execution cannot be redriven now, or undefined if it can (DescribeExecution). */
  redriveRefusal(record: ExecutionRecord): string | undefined {
    return redriveRefusal(record, this.deps.clock.now());
  }

  redriveExecution(arn: string, clientToken?: string): Promise<ExecutionRecord> {
    const { clock } = this.deps;
    return redriveExecution(
      { clock, journal: this.journal, known: this.known, launcher: this.launcher },
      arn,
      clientToken,
    );
  }

  /** Stepwise extension: a new execution continuing another's history from one of its events. */
  forkExecution(input: ForkInput): Promise<ExecutionRecord> {
    return forkExecution(this.forks, input);
  }

  /** The refusal forkExecution would answer, without forking (ExecutionAlreadyExists aside). */
  checkFork(input: ForkInput): Promise<void> {
    return checkFork(this.forks, input);
  }

  /**
   * The state machine that a machine, version or alias ARN belongs to; StateMachineDoesNotExist,
   * as StartExecution answers, when the machine, version or alias is missing.
   */
  startTargetMachine(arn: string): string {
    const target = findStartTarget(this.machines, arn);
    return target.kind === 'alias' ? target.base : target.source.registered.record.stateMachineArn;
  }

  /** Resolves when the execution has closed (for the CLI's `run` and for tests). */
  waitForExecution(arn: string): Promise<ExecutionRecord> {
    return this.known.wait(arn);
  }

  describeMapRun(mapRunArn: string): MapRunRecord {
    return this.mapRuns.get(mapRunArn);
  }

  /** The STANDARD child executions a Map Run started (ListExecutions by mapRunArn). */
  listMapRunExecutions(mapRunArn: string, statusFilter?: ExecutionStatus): Promise<ExecutionRecord[]> {
    this.mapRuns.get(mapRunArn);
    return this.known.listedOfMapRun(mapRunArn, statusFilter);
  }

  listMapRuns(executionArn: string): MapRunRecord[] {
    this.describeExecution(executionArn);
    return this.mapRuns.list(executionArn);
  }

  updateMapRun(mapRunArn: string, change: MapRunChange): void {
    this.mapRuns.update(mapRunArn, change);
  }

  /** TestState: one state visit, with its task performed or mocked (see test-state.ts). */
  testState(input: TestStateInput, signal: AbortSignal): Promise<TestStateResult> {
    return testState(this.deps, input, signal);
  }
}
