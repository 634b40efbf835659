import type { Diagnostic, Json, JsonObject, Machine } from '../asl/index.ts';
import {
  compileMachine,
  formatInvalidDefinition,
  parseDefinitionText,
  validateDefinition,
} from '../asl/index.ts';
import type { ActivityRecord, ActivityService, TaskCallbacks, TaskRunner } from '../integrations/index.ts';
import type { Doc, ExecutionRow, Store, StoreError } from '../store/index.ts';
import type {
  AliasRecord,
  CatalogData,
  CreateStateMachineInput,
  ExecutionSource,
  RoutingEntry,
  StateMachineRecord,
  StateMachineType,
  StateMachineVersion,
  Tag,
  UpdateStateMachineInput,
  VersionRecord,
} from './catalog/index.ts';
import {
  DEFAULT_LOGGING,
  DEFAULT_TRACING,
  parseQualifiedArn,
  resourceNotFound,
  revisionKey,
  sameJson,
  TagRegistry,
  VersionCatalog,
} from './catalog/index.ts';
import type { Clock, Entropy } from './clock.ts';
import { executionDoesNotExist, ServiceError, stateMachineDoesNotExist, storeFailure } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus } from './execution.ts';
import type { ExecutionOptions } from './execution.ts';
import { Execution } from './execution.ts';
import { failRefusedExecution } from './refused-execution.ts';
import type { HistoryEvent } from './history/event.ts';
import {
  durationLimited,
  EXPRESS_MAX_SECONDS,
  MAX_HISTORY_EVENTS,
  MAX_PAYLOAD_BYTES,
  MAX_STANDARD_SECONDS,
} from './limits.ts';
import type { MapRunHandle, MapRunRecord, MapRunSettings } from './map-runs.ts';
import { MapRunRegistry } from './map-runs.ts';
import type { TestStateInput, TestStateResult } from './test-state.ts';
import { testState } from './test-state.ts';
import { TaskControl } from './task-control.ts';
import { GroupCommit } from './group-commit.ts';
import { redriveReplay } from './history/redrive.ts';
import { REDRIVE_TOKEN_MS, REDRIVE_TOKENS, redriveRefusal } from './redrive.ts';
import { ParkedExecutions } from './parked-executions.ts';
import { flat } from './flat.ts';

export interface StartExecutionInput {
  readonly stateMachineArn: string;
  readonly name?: string | undefined;
  readonly input?: string | undefined;
}

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
}

const PARK_AFTER_MS = 60_000;

/** What an execution's row keeps besides its record, to resume after a restart. */
interface StoredExecution extends ExecutionRecord {
  /** The stored revision (definition and configuration) the execution runs. */
  readonly revision: string;
}

interface Registered {
  readonly record: StateMachineRecord;
  readonly machine: Machine;
}

/**
 * The service behind the API: state machines and their executions. With a store, Standard
 * executions are event-sourced and durable; the records are also kept in memory for the API.
 */
export class Engine {
  readonly #deps: EngineDeps;
  readonly #machines = new Map<string, Registered>();
  readonly #executions = new Map<string, Execution>();
  readonly #versions = new VersionCatalog<Registered>();
  readonly #tags = new TagRegistry();
  readonly #sources = new Map<string, ExecutionSource>();
  /** Closed executions found in the store at start: their records, not their histories. */
  readonly #closed = new Map<string, ExecutionRecord>();
  readonly #journal: GroupCommit | undefined;
  readonly #mapRuns = new MapRunRegistry();
  readonly #parked: ParkedExecutions<Registered>;
  /** Activities and task-token answers (the API's activity and SendTask* actions). */
  readonly taskControl: TaskControl;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.taskControl = new TaskControl(deps.activities, deps.callbacks);
    this.#journal =
      deps.store && new GroupCommit(deps.store, deps.clock, (owner, error) => this.#refused(owner, error));
    this.#parked = new ParkedExecutions<Registered>({
      clock: deps.clock,
      journal: this.#journal,
      row: executionRow,
      due: (arn) => void this.#wake(arn),
    });
  }

  /** Executions driven in memory (with their histories) and parked on a durable timer. */
  residency(): { readonly inMemory: number; readonly parked: number } {
    let inMemory = 0;
    for (const e of this.#executions.values()) if (e.record.status === 'RUNNING') inMemory++;
    return { inMemory, parked: this.#parked.size };
  }

  /**
   * Resolves once everything done so far is durable (the API answers only after it); fails with
   * ServiceUnavailableException while the store is away.
   */
  async flushed(): Promise<void> {
    try {
      await this.#journal?.flushed();
    } catch (e) {
      throw storeFailure(e);
    }
  }

  /**
   * Runs one request's `work` and resolves `durable()` once what it wrote is durable; fails with
   * an AWS-shaped error if the store refused those writes or is away (see GroupCommit.capture).
   */
  writesOf<T>(work: () => T): { readonly result: T; readonly durable: () => Promise<void> } {
    const journal = this.#journal;
    if (!journal) return { result: work(), durable: () => Promise.resolve() };
    const captured = journal.capture(work);
    return {
      result: captured.result,
      durable: () =>
        captured.durable().catch((e: unknown) => {
          throw storeFailure(e);
        }),
    };
  }

  /**
   * The store refused an owner's writes for good (GroupCommit). An execution is failed with the
   * cause, after the last event the store has; one that never reached the store is forgotten
   * (its start request is refused). A catalog resource is read back as the store has it.
   */
  async #refused(owner: string, error: StoreError): Promise<void> {
    const store = this.#deps.store;
    const journal = this.#journal;
    if (!store || !journal) return;
    const execution = this.#executions.get(owner);
    const record = execution?.record ?? this.#parked.get(owner)?.record ?? this.#closed.get(owner);
    if (!record) {
      await this.#reloadCatalog(owner);
      journal.release(owner);
      return;
    }
    execution?.halt();
    this.#executions.delete(owner);
    const parked = this.#parked.get(owner);
    if (parked) this.#parked.take(parked);
    try {
      const stored = await store.getExecution(owner);
      if (stored) {
        this.#closed.set(
          owner,
          await failRefusedExecution(store, record, stored, error, this.#deps.clock.now()),
        );
      } else {
        this.#closed.delete(owner);
        this.#sources.delete(owner);
      }
    } finally {
      // Even unresolved, it must not stay refused forever: a redrive or a restart writes again.
      journal.release(owner);
    }
  }

  /** Puts a catalog resource (a machine with its versions and tags, an activity) back as stored. */
  async #reloadCatalog(arn: string): Promise<void> {
    const store = this.#deps.store;
    if (!store) return;
    const tags = await store.getDocument('tags', arn);
    this.#tags.forget(arn);
    if (tags) this.#tags.tag(arn, (tags.data as unknown as { tags: Tag[] }).tags);
    if (arn.split(':')[5] === 'activity') {
      const activities = this.#deps.activities;
      const doc = await store.getDocument('activity', arn);
      // Its writes are still dropped here: deleting it again writes nothing.
      if (!doc) activities?.delete(arn);
      else activities?.restore([doc.data as unknown as ActivityRecord]);
      return;
    }
    const machine = await store.getDocument('stateMachine', arn);
    if (machine) {
      const record = machine.data as unknown as StateMachineRecord;
      this.#machines.set(arn, { record, machine: this.#compileStored(record.definition) });
    } else this.#machines.delete(arn);
    this.#versions.forget(arn);
    const versions = await store.getDocument('stateMachineVersion', arn);
    if (versions) this.#importVersions(versions.key, versions.data);
  }

  #importVersions(base: string, data: Doc): void {
    this.#versions.import(base, data as unknown as CatalogData<StateMachineRecord>, (record) => ({
      record,
      machine: this.#compileStored(record.definition),
    }));
  }

  /**
   * Loads the state machines and executions of the store and resumes every open execution by
   * replaying its history (DESIGN.md decision 2). Call once, before serving. Returns how many
   * open executions it resumed.
   */
  async recover(): Promise<number> {
    const store = this.#deps.store;
    if (!store) return 0;
    let resumed = 0;
    // Activities outlive a restart; they are back before executions waiting on them resume.
    // Their creations and deletions are acknowledged only once committed, as every write is.
    const activities = this.#deps.activities;
    if (activities) {
      const rows = await store.listDocuments('activity');
      activities.restore(rows.map((r) => r.data as unknown as ActivityRecord));
      activities.persistTo({
        saved: (record) =>
          this.#journal?.document({
            kind: 'activity',
            key: record.activityArn,
            parent: '',
            data: { ...record },
          }),
        deleted: (activityArn) => this.#journal?.deleteDocument('activity', activityArn),
      });
    }
    for (const doc of await store.listDocuments('stateMachine')) {
      const record = doc.data as unknown as StateMachineRecord;
      this.#machines.set(record.stateMachineArn, { record, machine: this.#compileStored(record.definition) });
    }
    for (const doc of await store.listDocuments('stateMachineVersion'))
      this.#importVersions(doc.key, doc.data);
    for (const doc of await store.listDocuments('tags')) {
      this.#tags.tag(doc.key, (doc.data as unknown as { tags: Tag[] }).tags);
    }
    const revisions = new Map<string, Registered>();
    const timers = new Map(
      (await store.dueTimers(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).map((t) => [
        t.executionArn,
        t,
      ]),
    );
    const now = this.#deps.clock.now();
    for (const row of await store.listExecutions()) {
      const { revision, ...record } = row.data as unknown as StoredExecution;
      let registered = revisions.get(revision);
      if (!registered) {
        const doc = await store.getDocument('stateMachineRevision', revision);
        if (!doc) throw new Error(`revision ${revision} of ${record.executionArn} is missing from the store`);
        const sm = doc.data as unknown as StateMachineRecord;
        registered = { record: sm, machine: this.#compileStored(sm.definition) };
        revisions.set(revision, registered);
      }
      this.#sources.set(record.executionArn, {
        record: registered.record,
        stateMachineVersionArn: record.stateMachineVersionArn,
        stateMachineAliasArn: record.stateMachineAliasArn,
      });
      if (record.status !== 'RUNNING') {
        this.#closed.set(record.executionArn, record);
        continue;
      }
      const timer = timers.get(record.executionArn);
      if (timer && timer.fireAt > now) {
        // Still asleep: it stays a row until its timer fires; its history is read only then.
        const lastId = await store.lastEventId(record.executionArn);
        this.#parked.park({ ...record }, registered, lastId, timer.fireAt);
        continue;
      }
      const recorded = (await store.getHistory(record.executionArn)).map(
        (e) => e.data as unknown as HistoryEvent,
      );
      this.#resume({ ...record }, registered, recorded);
      resumed++;
    }
    return resumed;
  }

  /** Runs an open execution again over its recorded history. */
  #resume(record: ExecutionRecord, registered: Registered, recorded: readonly HistoryEvent[]): void {
    this.#journal?.clearTimer(record.executionArn);
    // A redriven execution replays what its redrives kept of its failed attempts (redriveReplay).
    if (record.redriveCount) this.#run(record, registered, redriveReplay(recorded), recorded);
    else this.#run(record, registered, recorded);
  }

  /** The timer of a parked execution fired: it resumes from its stored history. */
  async #wake(arn: string): Promise<void> {
    const parked = this.#parked.get(arn);
    const store = this.#deps.store;
    if (!parked || !store) return;
    let recorded: HistoryEvent[];
    try {
      await this.flushed();
      recorded = (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent);
    } catch (e) {
      console.error(`stepwise: cannot resume ${arn} yet, retrying`, e);
      this.#parked.retry(arn, this.#deps.clock.now() + 1000);
      return;
    }
    // StopExecution may have closed it meanwhile.
    if (this.#parked.take(parked)) this.#resume(parked.record, parked.source, recorded);
  }

  #compileStored(definition: string): Machine {
    return compileMachine(JSON.parse(definition) as JsonObject);
  }

  /** Stops driving executions (they resume from the store at the next start). */
  halt(): void {
    this.#parked.close();
    for (const e of this.#executions.values()) e.halt();
  }

  /**
   * Halts and writes nothing more, not even what is queued: another process may lead the store
   * already (this one lost its lock). What was not committed is derived again by replay.
   */
  abandon(): void {
    this.halt();
    this.#journal?.close();
  }

  /**
   * Halts, waits for the last commit and writes nothing more: the store may then close. A store
   * that is away loses nothing by it: what was not committed is derived again by replay.
   */
  async close(): Promise<void> {
    this.halt();
    try {
      await this.flushed();
    } finally {
      this.#journal?.close();
    }
  }

  /** Queues a machine's current record and its revision for the next commit. */
  #persistMachine(record: StateMachineRecord): void {
    const arn = record.stateMachineArn;
    const data = record as unknown as Doc;
    this.#journal?.document({ kind: 'stateMachineRevision', key: revisionKey(record), parent: arn, data });
    this.#journal?.document({ kind: 'stateMachine', key: arn, parent: '', data });
  }

  get region(): string {
    return this.#deps.region;
  }

  get account(): string {
    return this.#deps.account;
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.#deps.region}:${this.#deps.account}:stateMachine:${name}`;
  }

  executionArn(stateMachineName: string, name: string): string {
    return `arn:aws:states:${this.#deps.region}:${this.#deps.account}:execution:${stateMachineName}:${name}`;
  }

  /** ValidateStateMachineDefinition: all diagnostics of a definition text. */
  validate(definition: string, type: StateMachineType = 'STANDARD'): Diagnostic[] {
    const parsed = parseDefinitionText(definition);
    if (parsed.diagnostics.length > 0) return parsed.diagnostics;
    return validateDefinition(parsed.definition, { type });
  }

  createStateMachine(input: CreateStateMachineInput): StateMachineRecord {
    const type = input.type ?? 'STANDARD';
    const arn = this.stateMachineArn(input.name);
    const machine = this.#compile(input.definition, type);
    const existing = this.#machines.get(arn);
    if (existing) {
      // Idempotent when definition, type and logging/tracing match; roleArn and tags are not
      // compared (AWS API reference, CreateStateMachine).
      const r = existing.record;
      const same =
        r.definition === input.definition &&
        r.type === type &&
        sameJson(r.loggingConfiguration, input.loggingConfiguration ?? DEFAULT_LOGGING) &&
        sameJson(r.tracingConfiguration, input.tracingConfiguration ?? DEFAULT_TRACING);
      if (same) return r;
      throw new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const record: StateMachineRecord = {
      stateMachineArn: arn,
      name: input.name,
      type,
      definition: input.definition,
      roleArn: input.roleArn,
      creationDate: this.#deps.clock.now(),
      loggingConfiguration: input.loggingConfiguration ?? DEFAULT_LOGGING,
      tracingConfiguration: input.tracingConfiguration ?? DEFAULT_TRACING,
      tags: input.tags ?? [],
    };
    this.#machines.set(arn, { record, machine });
    this.#persistMachine(record);
    this.#tags.forget(arn);
    if (input.tags) this.#tags.tag(arn, input.tags);
    this.#saveTags(arn);
    return record;
  }

  /** Validates and compiles a definition, or throws InvalidDefinition. */
  #compile(definition: string, type: StateMachineType): Machine {
    const diagnostics = this.validate(definition, type).filter((d) => d.severity === 'ERROR');
    if (diagnostics.length > 0)
      throw new ServiceError('InvalidDefinition', formatInvalidDefinition(diagnostics));
    const parsed = JSON.parse(definition) as JsonObject;
    return compileMachine(parsed);
  }

  /**
   * A machine, or one of its versions (the version's snapshot, under the version's ARN). An alias
   * ARN names no state machine definition of its own.
   */
  describeStateMachine(arn: string): StateMachineRecord {
    const q = parseQualifiedArn(arn);
    if (q.kind === 'version') {
      const v = this.#versions.version(q.base, q.version);
      if (!v) throw stateMachineDoesNotExist(arn);
      return this.#publicVersion(v).snapshot;
    }
    return this.#registered(arn).record;
  }

  /**
   * UpdateStateMachine: a change makes a new revision (a new revisionId); executions already
   * running keep the definition they started with.
   */
  updateStateMachine(input: UpdateStateMachineInput): {
    record: StateMachineRecord;
    version?: StateMachineVersion;
  } {
    const current = this.#registered(input.stateMachineArn);
    const r = current.record;
    const machine =
      input.definition === undefined ? current.machine : this.#compile(input.definition, r.type);
    const next = {
      definition: input.definition ?? r.definition,
      roleArn: input.roleArn ?? r.roleArn,
      loggingConfiguration: input.loggingConfiguration ?? r.loggingConfiguration,
      tracingConfiguration: input.tracingConfiguration ?? r.tracingConfiguration,
    };
    const changed =
      next.definition !== r.definition ||
      next.roleArn !== r.roleArn ||
      !sameJson(next.loggingConfiguration, r.loggingConfiguration) ||
      !sameJson(next.tracingConfiguration, r.tracingConfiguration);
    let registered = current;
    if (changed) {
      const record: StateMachineRecord = {
        ...r,
        ...next,
        revisionId: this.#deps.entropy.uuid(),
        updateDate: this.#deps.clock.now(),
      };
      registered = { record, machine };
      this.#machines.set(r.stateMachineArn, registered);
      this.#persistMachine(record);
    }
    const version = input.publish
      ? this.publishStateMachineVersion(r.stateMachineArn, { description: input.versionDescription })
      : undefined;
    return { record: registered.record, ...(version ? { version } : {}) };
  }

  /**
   * PublishStateMachineVersion: `revisionId` (or `INITIAL` for a machine never updated) must name
   * the current revision, else ConflictException (API reference).
   */
  publishStateMachineVersion(
    arn: string,
    options: { revisionId?: string | undefined; description?: string | undefined },
  ): StateMachineVersion {
    const { record, machine } = this.#registered(arn);
    const current = record.revisionId ?? 'INITIAL';
    if (options.revisionId !== undefined && options.revisionId !== current) {
      throw new ServiceError(
        'ConflictException',
        `Failed to publish the State Machine version for revision ${options.revisionId}. The current State Machine revision is ${current}.`,
      );
    }
    const now = this.#deps.clock.now();
    const version = this.#versions.publish(
      arn,
      record.revisionId,
      { record, machine },
      options.description,
      now,
    );
    this.#saveVersions(arn);
    return this.#publicVersion(version);
  }

  /** The version as the API shows it: its own ARN, creation date and description. */
  #publicVersion(v: VersionRecord<Registered>): StateMachineVersion {
    const snapshot: StateMachineRecord = {
      ...v.snapshot.record,
      stateMachineArn: v.stateMachineVersionArn,
      creationDate: v.creationDate,
      description: v.description,
    };
    return { ...v, snapshot };
  }

  /** Versions of a machine, newest first; none for a machine that does not exist. */
  listStateMachineVersions(arn: string): StateMachineVersion[] {
    return this.#versions.versions(arn).map((v) => this.#publicVersion(v));
  }

  deleteStateMachineVersion(versionArn: string): void {
    const q = parseQualifiedArn(versionArn);
    if (q.kind !== 'version') throw new ServiceError('InvalidArn', `Invalid Arn: '${versionArn}'`);
    this.#versions.deleteVersion(q.base, q.version);
    this.#saveVersions(q.base);
  }

  createStateMachineAlias(input: {
    name: string;
    description?: string | undefined;
    routingConfiguration: readonly RoutingEntry[];
  }): AliasRecord {
    const first = input.routingConfiguration[0];
    const base = first ? parseQualifiedArn(first.stateMachineVersionArn).base : '';
    if (!this.#machines.has(base)) throw resourceNotFound(first?.stateMachineVersionArn ?? base);
    const alias = this.#versions.createAlias(
      base,
      input.name,
      input.description,
      input.routingConfiguration,
      this.#deps.clock.now(),
    );
    this.#saveVersions(base);
    return alias;
  }

  describeStateMachineAlias(aliasArn: string): AliasRecord {
    const q = parseQualifiedArn(aliasArn);
    const alias = q.kind === 'alias' ? this.#versions.alias(q.base, q.alias) : undefined;
    if (!alias) throw resourceNotFound(aliasArn);
    return alias;
  }

  updateStateMachineAlias(
    aliasArn: string,
    change: { description?: string | undefined; routingConfiguration?: readonly RoutingEntry[] | undefined },
  ): AliasRecord {
    const q = parseQualifiedArn(aliasArn);
    if (q.kind !== 'alias') throw resourceNotFound(aliasArn);
    const alias = this.#versions.updateAlias(
      q.base,
      q.alias,
      { description: change.description, routing: change.routingConfiguration },
      this.#deps.clock.now(),
    );
    this.#saveVersions(q.base);
    return alias;
  }

  /** Deleting an alias that does not exist succeeds, as deletes do on AWS. */
  deleteStateMachineAlias(aliasArn: string): void {
    const q = parseQualifiedArn(aliasArn);
    if (q.kind !== 'alias') return;
    this.#versions.deleteAlias(q.base, q.alias);
    this.#saveVersions(q.base);
  }

  listStateMachineAliases(arn: string): AliasRecord[] {
    this.#registered(arn);
    return this.#versions.aliases(arn);
  }

  /** Tags of a state machine or an activity. */
  listTags(arn: string): Tag[] {
    this.#taggable(arn);
    return this.#tags.list(arn);
  }

  tagResource(arn: string, tags: readonly Tag[]): void {
    this.#taggable(arn);
    this.#tags.tag(arn, tags);
    this.#saveTags(arn);
  }

  untagResource(arn: string, keys: readonly string[]): void {
    this.#taggable(arn);
    this.#tags.untag(arn, keys);
    this.#saveTags(arn);
  }

  /**
   * A machine's versions and aliases are one store document, so that the version counter (never
   * reused, even after deletes) and the aliases' references change together.
   */
  #saveVersions(base: string): void {
    const data = this.#versions.export(base, (s) => s.record);
    if (data) {
      this.#journal?.document({
        kind: 'stateMachineVersion',
        key: base,
        parent: base,
        data: data as unknown as Doc,
      });
    } else this.#journal?.deleteDocument('stateMachineVersion', base);
  }

  #saveTags(arn: string): void {
    const tags = this.#tags.list(arn);
    if (tags.length > 0) this.#journal?.document({ kind: 'tags', key: arn, parent: '', data: { tags } });
    else this.#journal?.deleteDocument('tags', arn);
  }

  /** State machines and activities carry tags. */
  #taggable(arn: string): void {
    const exists = arn.split(':')[5] === 'activity' ? this.#activityExists(arn) : this.#machines.has(arn);
    if (!exists) throw resourceNotFound(arn);
  }

  #activityExists(arn: string): boolean {
    try {
      this.taskControl.describeActivity(arn);
      return true;
    } catch (e) {
      if (e instanceof ServiceError) return false;
      throw e;
    }
  }

  /** The definition and configuration an execution actually ran (DescribeStateMachineForExecution). */
  describeStateMachineForExecution(executionArn: string): ExecutionSource {
    const source = this.#sources.get(executionArn);
    if (!source) throw executionDoesNotExist(executionArn);
    return source;
  }

  listStateMachines(): StateMachineRecord[] {
    // By character code, as AWS orders them (not by locale).
    return [...this.#machines.values()]
      .map((m) => m.record)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Executions keep running after their state machine is deleted, as on AWS. */
  deleteStateMachine(arn: string): void {
    if (this.#machines.delete(arn)) this.#journal?.deleteDocument('stateMachine', arn);
    this.#versions.forget(arn);
    this.#tags.forget(arn);
    this.#saveVersions(arn);
    this.#saveTags(arn);
  }

  /**
   * StartExecution on a machine, a version or an alias ARN. EXPRESS executions run in memory and
   * are not kept: their ARN is `…:express:MACHINE:NAME:ID`, names may repeat, and the API cannot
   * describe them (DESIGN.md decision 5).
   */
  startExecution(input: StartExecutionInput): ExecutionRecord {
    // `stateMachineArn#TestCase` runs with that test case's mocked responses (Step Functions Local).
    const hash = input.stateMachineArn.indexOf('#');
    if (hash < 0) return this.#launch(input).record;
    const stateMachineArn = input.stateMachineArn.slice(0, hash);
    const testCase = input.stateMachineArn.slice(hash + 1);
    const smName = this.#resolve(stateMachineArn).registered.record.name;
    const name = input.name ?? this.#deps.entropy.uuid();
    // Selected before the run starts: its first task may be called before #launch returns.
    const refused = this.#deps.tasks.useTestCase?.(this.executionArn(smName, name), smName, testCase);
    if (refused !== undefined) throw new ServiceError('ValidationException', `Invalid test case: ${refused}`);
    return this.#launch({ ...input, stateMachineArn, name }).record;
  }

  /** StartSyncExecution: EXPRESS only; resolves with the closed execution. */
  async startSyncExecution(input: StartExecutionInput): Promise<ExecutionRecord> {
    const execution = this.#launch(input, { sync: true });
    // Express starts are never idempotent: there is always a fresh execution to wait for.
    await execution.done;
    return execution.record;
  }

  #launch(
    input: StartExecutionInput,
    options: { sync?: boolean } = {},
  ): { readonly record: ExecutionRecord; readonly done?: Promise<void> } {
    const source = this.#resolve(input.stateMachineArn);
    const { record: sm, machine } = source.registered;
    const express = sm.type === 'EXPRESS';
    if (options.sync && !express) {
      throw new ServiceError(
        'StateMachineTypeNotSupported',
        'This operation is not supported by this type of state machine',
      );
    }
    const name = input.name ?? flat(this.#deps.entropy.uuid());
    const text = input.input ?? '{}';
    const arn = flat(
      express
        ? `arn:aws:states:${this.#deps.region}:${this.#deps.account}:express:${sm.name}:${name}:${this.#deps.entropy.uuid()}`
        : this.executionArn(sm.name, name),
    );
    // Standard executions are idempotent for the same name and input while running, parked
    // included: the call answers the running execution and writes nothing. A closed one, or a
    // different input, is ExecutionAlreadyExists (API reference, StartExecution). Express ARNs
    // are unique per start, so they never meet this.
    const running = this.#executions.get(arn)?.record ?? this.#parked.get(arn)?.record;
    if (running || this.#closed.has(arn)) {
      if (running?.status === 'RUNNING' && sameInput(running.input, text)) return { record: running };
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    let parsed: Json;
    if (text.trim() === '') {
      throw new ServiceError(
        'InvalidExecutionInput',
        "Invalid State Machine Execution Input: 'Invalid execution input.'",
      );
    }
    try {
      parsed = JSON.parse(text) as Json;
    } catch (e) {
      throw new ServiceError(
        'InvalidExecutionInput',
        `Invalid State Machine Execution Input: '${e instanceof Error ? e.message : String(e)}'`,
      );
    }
    const canonical = JSON.stringify(parsed);
    // The execution takes the parsed value when its text is the recorded one; otherwise (spaces,
    // or numbers such as 1e400 that do not survive the round trip) it parses the recorded text.
    const value = canonical === text ? parsed : undefined;
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: sm.stateMachineArn,
      name,
      input: canonical,
      startDate: this.#deps.clock.now(),
      roleArn: sm.roleArn,
      status: 'RUNNING',
      ...(source.stateMachineVersionArn ? { stateMachineVersionArn: source.stateMachineVersionArn } : {}),
      ...(source.stateMachineAliasArn ? { stateMachineAliasArn: source.stateMachineAliasArn } : {}),
    };
    if (express) {
      const execution = this.#execution_(record, sm.name, durationLimited(machine, EXPRESS_MAX_SECONDS), {
        ...(value === undefined ? {} : { input: value }),
        silent: true,
      });
      void execution.run();
      return execution;
    }
    this.#sources.set(arn, {
      record: sm,
      stateMachineVersionArn: source.stateMachineVersionArn,
      stateMachineAliasArn: source.stateMachineAliasArn,
    });
    return this.#run(record, source.registered, undefined, undefined, value);
  }

  /**
   * Runs a Standard execution: a new one, or one resumed from its recorded history. With a
   * store, its row and every event it writes are queued for the group commit.
   */
  #run(
    record: ExecutionRecord,
    registered: Registered,
    recorded?: readonly HistoryEvent[],
    shown?: readonly HistoryEvent[],
    input?: Json,
  ): Execution {
    const journal = this.#journal;
    const arn = record.executionArn;
    // A redriven execution's row changes (RUNNING again); a resumed one's does not.
    if (journal && (!recorded || shown)) journal.execution(executionRow(record, registered));
    const replay = {
      ...(recorded ? { recorded } : {}),
      ...(shown ? { shown } : {}),
      ...(input === undefined ? {} : { input }),
    };
    const execution = this.#execution_(
      record,
      registered.record.name,
      durationLimited(registered.machine, MAX_STANDARD_SECONDS),
      journal
        ? {
            ...replay,
            written: (event: HistoryEvent) =>
              journal.event({ executionArn: arn, id: event.id, data: event as unknown as Doc }),
            closed: (r: ExecutionRecord) => {
              journal.execution(executionRow(r, registered));
              // Its history is in the store now: only the record stays in memory.
              if (this.#executions.get(arn) === execution) {
                this.#executions.delete(arn);
                this.#closed.set(arn, r);
              }
            },
            openMapRun: this.#openMapRun,
            historyLimit: this.#deps.historyLimit ?? MAX_HISTORY_EVENTS,
            park: {
              afterMs: this.#deps.parkAfterMs ?? PARK_AFTER_MS,
              parked: (fireAt: number) => {
                if (this.#executions.get(arn) !== execution) return;
                this.#executions.delete(arn);
                this.#parked.park(execution.record, registered, execution.history.lastId, fireAt);
              },
            },
          }
        : {
            ...replay,
            openMapRun: this.#openMapRun,
            historyLimit: this.#deps.historyLimit ?? MAX_HISTORY_EVENTS,
          },
    );
    this.#executions.set(arn, execution);
    void execution.run();
    return execution;
  }

  #execution_(
    record: ExecutionRecord,
    stateMachineName: string,
    machine: Machine,
    durable: ExecutionOptions = {},
  ): Execution {
    return new Execution(record, machine, {
      clock: this.#deps.clock,
      random: this.#random,
      uuid: this.#uuid,
      tasks: this.#deps.tasks,
      stateMachineName,
      region: this.#deps.region,
      payloadLimitBytes: this.#deps.payloadLimitBytes ?? MAX_PAYLOAD_BYTES,
      mapRunArn: this.#mapRunArn,
      ...(this.#deps.clock.tick ? { afterTurn: this.#afterTurn } : {}),
      ...durable,
    });
  }

  /** Work waiting for the end of the current turn of the event loop: one tick for all of it. */
  #turnWork: (() => void)[] = [];
  readonly #afterTurn = (work: () => void): void => {
    if (this.#turnWork.push(work) > 1) return;
    void this.#deps.clock.tick?.().then(() => {
      const due = this.#turnWork;
      this.#turnWork = [];
      for (const w of due) w();
    });
  };

  // Shared by every execution of the engine, rather than closures made for each one.
  readonly #random = (): number => this.#deps.entropy.random();
  readonly #uuid = (): string => this.#deps.entropy.uuid();
  readonly #mapRunArn = (stateMachineName: string, stateName: string): string =>
    `arn:aws:states:${this.#deps.region}:${this.#deps.account}:mapRun:${stateMachineName}/${stateName}:${this.#deps.entropy.uuid()}`;
  readonly #openMapRun = (
    record: ExecutionRecord,
    mapRunArn: string,
    settings: MapRunSettings,
  ): MapRunHandle =>
    this.#mapRuns.open(
      { mapRunArn, executionArn: record.executionArn, stateMachineArn: record.stateMachineArn },
      settings,
      this.#deps.clock.now(),
    );

  /** Throws as a start request would if the machine, version or alias does not exist. */
  checkStartable(arn: string): void {
    this.#resolve(arn.split('#')[0] ?? arn);
  }

  /** The definition a start request runs: the machine's, a version's, or the version an alias picks. */
  #resolve(arn: string): {
    registered: Registered;
    stateMachineVersionArn?: string | undefined;
    stateMachineAliasArn?: string | undefined;
  } {
    // A machine's own ARN (the usual case) is found as it is, without parsing it.
    const machine = this.#machines.get(arn);
    if (machine) return { registered: machine };
    const q = parseQualifiedArn(arn);
    if (q.kind === 'machine') return { registered: this.#registered(arn) };
    let versionArn = arn;
    if (q.kind === 'alias') {
      const alias = this.#versions.alias(q.base, q.alias);
      if (!alias) throw stateMachineDoesNotExist(arn);
      versionArn = this.#versions.route(alias, this.#deps.entropy.random());
    }
    const number = Number(versionArn.slice(q.base.length + 1));
    const version = this.#versions.version(q.base, number);
    if (!version) throw stateMachineDoesNotExist(arn);
    return {
      registered: version.snapshot,
      stateMachineVersionArn: versionArn,
      stateMachineAliasArn: q.kind === 'alias' ? arn : undefined,
    };
  }

  /** TestState: one state visit, with its task performed or mocked (see test-state.ts). */
  testState(input: TestStateInput, signal: AbortSignal): Promise<TestStateResult> {
    return testState(this.#deps, input, signal);
  }

  describeMapRun(mapRunArn: string): MapRunRecord {
    return this.#mapRuns.get(mapRunArn);
  }

  listMapRuns(executionArn: string): MapRunRecord[] {
    this.describeExecution(executionArn);
    return this.#mapRuns.list(executionArn);
  }

  updateMapRun(
    mapRunArn: string,
    change: { maxConcurrency?: number; toleratedFailureCount?: number; toleratedFailurePercentage?: number },
  ): void {
    this.#mapRuns.update(mapRunArn, change);
  }

  describeExecution(arn: string): ExecutionRecord {
    return this.#closed.get(arn) ?? this.#parked.get(arn)?.record ?? this.#execution(arn).record;
  }

  /** Newest first, as AWS lists them. */
  listExecutions(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    // A version or alias ARN lists the executions started through it.
    const q = parseQualifiedArn(stateMachineArn);
    if (q.kind === 'machine') this.#registered(stateMachineArn);
    else if (q.kind === 'version' && !this.#versions.version(q.base, q.version))
      throw stateMachineDoesNotExist(stateMachineArn);
    else if (q.kind === 'alias' && !this.#versions.alias(q.base, q.alias))
      throw resourceNotFound(stateMachineArn);
    const field =
      q.kind === 'machine'
        ? 'stateMachineArn'
        : q.kind === 'version'
          ? 'stateMachineVersionArn'
          : 'stateMachineAliasArn';
    const out: ExecutionRecord[] = [];
    const records = [
      ...this.#closed.values(),
      ...this.#parked.records(),
      ...[...this.#executions.values()].map((e) => e.record),
    ];
    for (const r of records) {
      if (r[field] !== stateMachineArn) continue;
      if (statusFilter && r.status !== statusFilter) continue;
      out.push(r);
    }
    return out.sort((a, b) => b.startDate - a.startDate);
  }

  /** The history of an execution in memory (any execution of an engine without a store). */
  getExecutionHistory(arn: string): readonly HistoryEvent[] {
    return this.#execution(arn).history.events;
  }

  /** The history of any execution, also of one closed before this process started. */
  async readExecutionHistory(arn: string): Promise<readonly HistoryEvent[]> {
    const store = this.#deps.store;
    if (store && (this.#closed.has(arn) || this.#parked.get(arn))) {
      await this.flushed();
      const rows = await store.getHistory(arn).catch((e: unknown) => {
        throw storeFailure(e);
      });
      return rows.map((e) => e.data as unknown as HistoryEvent);
    }
    return this.#execution(arn).history.events;
  }

  stopExecution(arn: string, error?: string, cause?: string): ExecutionRecord {
    const closed = this.#closed.get(arn);
    if (closed) return closed;
    const parked = this.#parked.get(arn);
    if (parked) {
      const record = this.#parked.stop(parked, error, cause);
      this.#closed.set(arn, record);
      return record;
    }
    const execution = this.#execution(arn);
    execution.stop(error, cause);
    return execution.record;
  }

  /** Why the execution cannot be redriven now, or undefined if it can (DescribeExecution). */
  redriveRefusal(record: ExecutionRecord): string | undefined {
    return redriveRefusal(record, this.#deps.clock.now());
  }

  /**
   * RedriveExecution: the execution runs again over its recorded history, which it adopts up to
   * the failed state; that state is entered again live after an ExecutionRedriven event (in a
   * failed Parallel or inline Map, only the failed or aborted branches or iterations run again).
   */
  async redriveExecution(arn: string, clientToken?: string): Promise<ExecutionRecord> {
    const current = (): ExecutionRecord | undefined =>
      this.#closed.get(arn) ?? this.#parked.get(arn)?.record ?? this.#executions.get(arn)?.record;
    const record = current();
    const source = this.#sources.get(arn);
    if (!record || !source) throw executionDoesNotExist(arn);
    // A retried request (the SDK sends the same token again) gets the first answer.
    const seen =
      clientToken === undefined ? undefined : record.redriveTokens?.find((t) => t.token === clientToken);
    if (seen && this.#deps.clock.now() - seen.redriveDate <= REDRIVE_TOKEN_MS) {
      return { ...record, redriveDate: seen.redriveDate };
    }
    const refused = this.redriveRefusal(record);
    if (refused !== undefined) throw new ServiceError('ExecutionNotRedrivable', refused);
    const events = await this.readExecutionHistory(arn);
    // Another redrive may have won while the history was read.
    if (current() !== record) {
      throw new ServiceError('ExecutionNotRedrivable', 'Execution is RUNNING and cannot be redriven');
    }
    const now = this.#deps.clock.now();
    const redriveCount = (record.redriveCount ?? 0) + 1;
    const tokens = [
      ...(record.redriveTokens ?? []),
      ...(clientToken ? [{ token: clientToken, redriveDate: now }] : []),
    ];
    const next: ExecutionRecord = {
      ...record,
      status: 'RUNNING',
      redriveCount,
      redriveDate: now,
      ...(tokens.length ? { redriveTokens: tokens.slice(-REDRIVE_TOKENS) } : {}),
    };
    delete next.output;
    delete next.error;
    delete next.cause;
    delete next.stopDate;
    const last = events.at(-1)?.id ?? 0;
    const redriven: HistoryEvent = {
      id: last + 1,
      previousEventId: last,
      timestamp: now,
      type: 'ExecutionRedriven',
      executionRedrivenEventDetails: { redriveCount },
    };
    this.#journal?.event({ executionArn: arn, id: redriven.id, data: redriven as unknown as Doc });
    this.#closed.delete(arn);
    const registered = { record: source.record, machine: this.#compileStored(source.record.definition) };
    const shown = [...events, redriven];
    this.#run(next, registered, redriveReplay(shown), shown);
    return next;
  }

  /** Resolves when the execution has closed (for the CLI's `run` and for tests). */
  async waitForExecution(arn: string): Promise<ExecutionRecord> {
    for (;;) {
      const closed = this.#closed.get(arn);
      if (closed) return closed;
      const parked = this.#parked.get(arn);
      if (parked) {
        await parked.woken;
        continue;
      }
      const execution = this.#execution(arn);
      await execution.done;
      // Halted while running: parked (wait on), or the engine shut down (answer as it is).
      if (execution.record.status !== 'RUNNING' || !this.#parked.get(arn)) return execution.record;
    }
  }

  #registered(arn: string): Registered {
    const found = this.#machines.get(arn);
    if (!found) throw stateMachineDoesNotExist(arn);
    return found;
  }

  #execution(arn: string): Execution {
    const found = this.#executions.get(arn);
    if (!found) throw executionDoesNotExist(arn);
    return found;
  }
}

/** A repeated start's input matches the recorded (canonical) one, also when spaced differently. */
function sameInput(recorded: string, text: string): boolean {
  if (recorded === text) return true;
  try {
    return JSON.stringify(JSON.parse(text)) === recorded;
  } catch {
    return false;
  }
}

/** The stored row of a Standard execution: its record and the revision it runs. */
function executionRow(r: ExecutionRecord, registered: Registered): ExecutionRow {
  const stored: StoredExecution = { ...r, revision: revisionKey(registered.record) };
  return {
    arn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    status: r.status,
    startDate: r.startDate,
    data: stored as unknown as Doc,
  };
}
