import type { Diagnostic, Json, JsonObject, Machine } from '../asl/index.ts';
import {
  compileMachine,
  formatInvalidDefinition,
  parseDefinitionText,
  usesJsonata,
  validateDefinition,
} from '../asl/index.ts';
import type { TaskRunner } from '../integrations/index.ts';
import type { Doc, ExecutionRow, Store } from '../store/index.ts';
import type { Clock, Entropy } from './clock.ts';
import { ServiceError } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus } from './execution.ts';
import { Execution } from './execution.ts';
import type { HistoryEvent } from './history/event.ts';
import { MAX_PAYLOAD_BYTES } from './limits.ts';
import { GroupCommit } from './group-commit.ts';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineRecord {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
  readonly creationDate: number;
  readonly loggingConfiguration: JsonObject;
  readonly tracingConfiguration: JsonObject;
  readonly tags: ReadonlyArray<{ key: string; value: string }>;
}

export interface CreateStateMachineInput {
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type?: StateMachineType | undefined;
  readonly loggingConfiguration?: JsonObject | undefined;
  readonly tracingConfiguration?: JsonObject | undefined;
  readonly tags?: ReadonlyArray<{ key: string; value: string }> | undefined;
}

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
  /**
   * Where Standard executions are kept durably. Without one everything lives in memory (the
   * in-process benchmark, `stepwise run`, unit tests).
   */
  readonly store?: Store;
}

interface Registered {
  readonly record: StateMachineRecord;
  readonly machine: Machine;
  /** The stored revision of the definition; executions name it so they outlive changes. */
  readonly revision: string;
}

/** What an execution's row keeps besides its record, to resume after a restart. */
interface StoredExecution extends ExecutionRecord {
  readonly revision: string;
  readonly stateMachineName: string;
}

/** Key-order-insensitive equality of two small JSON configurations. */
function sameJson(a: Json, b: Json): boolean {
  const canonical = (v: Json): string =>
    JSON.stringify(v, (_k, x: Json) =>
      x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x,
    );
  return canonical(a) === canonical(b);
}

const DEFAULT_LOGGING: JsonObject = { level: 'OFF', includeExecutionData: false };
const DEFAULT_TRACING: JsonObject = { enabled: false };

/**
 * The service behind the API: state machines and their executions, in memory.
 * (The durable, event-sourced store arrives with the durable-engine issue.)
 */
export class Engine {
  readonly #deps: EngineDeps;
  readonly #machines = new Map<string, Registered>();
  readonly #executions = new Map<string, Execution>();
  /** Closed executions found in the store at start: their records, not their histories. */
  readonly #closed = new Map<string, ExecutionRecord>();
  readonly #journal: GroupCommit | undefined;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.#journal = deps.store && new GroupCommit(deps.store, deps.clock);
  }

  /** Resolves once everything done so far is durable (the API answers only after it). */
  flushed(): Promise<void> {
    return this.#journal?.flushed() ?? Promise.resolve();
  }

  /**
   * Loads the state machines and executions of the store and resumes every open execution by
   * replaying its history (DESIGN.md decision 2). Call once, before serving.
   */
  async recover(): Promise<void> {
    const store = this.#deps.store;
    if (!store) return;
    for (const doc of await store.listDocuments('stateMachine')) {
      const { revisionId, ...record } = doc.data as unknown as StateMachineRecord & { revisionId: string };
      const machine = compileMachine(JSON.parse(record.definition) as JsonObject);
      this.#machines.set(record.stateMachineArn, { record, machine, revision: revisionId });
    }
    const machines = new Map<string, Machine>();
    for (const row of await store.listExecutions()) {
      const stored = row.data as unknown as StoredExecution;
      const { revision, stateMachineName, ...record } = stored;
      if (record.status !== 'RUNNING') {
        this.#closed.set(record.executionArn, record);
        continue;
      }
      let machine = machines.get(revision);
      if (!machine) {
        const doc = await store.getDocument('stateMachineRevision', revision);
        if (!doc) throw new Error(`revision ${revision} of ${record.executionArn} is missing from the store`);
        machine = compileMachine(JSON.parse(String(doc.data['definition'])) as JsonObject);
        machines.set(revision, machine);
      }
      const recorded = (await store.getHistory(record.executionArn)).map(
        (e) => e.data as unknown as HistoryEvent,
      );
      this.#launch({ ...record }, machine, stateMachineName, revision, recorded);
    }
  }

  /** Stops driving executions (they resume from the store at the next start). */
  halt(): void {
    for (const e of this.#executions.values()) e.halt();
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
    const diagnostics = this.validate(input.definition, type).filter((d) => d.severity === 'ERROR');
    if (diagnostics.length > 0)
      throw new ServiceError('InvalidDefinition', formatInvalidDefinition(diagnostics));
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
    const parsed = JSON.parse(input.definition) as JsonObject;
    // Refused rather than run with JSONPath semantics, which would give wrong results silently.
    if (usesJsonata(parsed)) {
      throw new ServiceError(
        'InvalidDefinition',
        "Invalid State Machine Definition: 'UNSUPPORTED_FEATURE: Stepwise does not evaluate the JSONata query language yet'",
      );
    }
    const machine = compileMachine(parsed);
    const revision = `${arn}#${this.#deps.entropy.uuid()}`;
    this.#machines.set(arn, { record, machine, revision });
    this.#journal?.document({
      kind: 'stateMachineRevision',
      key: revision,
      parent: arn,
      data: { definition: record.definition },
    });
    this.#journal?.document({
      kind: 'stateMachine',
      key: arn,
      parent: '',
      data: { ...record, revisionId: revision },
    });
    return record;
  }

  describeStateMachine(arn: string): StateMachineRecord {
    return this.#registered(arn).record;
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
  }

  startExecution(input: StartExecutionInput): ExecutionRecord {
    const { record: sm, machine, revision } = this.#registered(input.stateMachineArn);
    const name = input.name ?? this.#deps.entropy.uuid();
    const text = input.input ?? '{}';
    const arn = this.executionArn(sm.name, name);
    const existing = this.#executions.get(arn) ?? this.#closedRun(arn);
    if (existing) {
      // Standard executions are idempotent for the same name and input while running.
      if (existing.record.status === 'RUNNING' && existing.record.input === text && sm.type === 'STANDARD') {
        return existing.record;
      }
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
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: sm.stateMachineArn,
      name,
      input: JSON.stringify(parsed),
      startDate: this.#deps.clock.now(),
      roleArn: sm.roleArn,
      status: 'RUNNING',
    };
    // Express executions stay in memory (DESIGN.md decision 5).
    this.#launch(record, machine, sm.name, sm.type === 'STANDARD' ? revision : undefined);
    return record;
  }

  /** Creates and runs an execution: a new one, or one resumed from its recorded history. */
  #launch(
    record: ExecutionRecord,
    machine: Machine,
    stateMachineName: string,
    revision: string | undefined,
    recorded?: readonly HistoryEvent[],
  ): void {
    const journal = revision === undefined ? undefined : this.#journal;
    const arn = record.executionArn;
    const row = (r: ExecutionRecord): ExecutionRow => ({
      arn,
      stateMachineArn: r.stateMachineArn,
      status: r.status,
      startDate: r.startDate,
      data: { ...r, revision: revision ?? '', stateMachineName },
    });
    if (journal && !recorded) journal.execution(row(record));
    const execution = new Execution(record, machine, {
      clock: this.#deps.clock,
      entropy: this.#deps.entropy,
      tasks: this.#deps.tasks,
      stateMachineName,
      region: this.#deps.region,
      payloadLimitBytes: this.#deps.payloadLimitBytes ?? MAX_PAYLOAD_BYTES,
      mapRunArn: (stateName) =>
        `arn:aws:states:${this.#deps.region}:${this.#deps.account}:mapRun:${stateMachineName}/${stateName}:${this.#deps.entropy.uuid()}`,
      ...(recorded ? { recorded } : {}),
      ...(journal
        ? {
            written: (event: HistoryEvent) =>
              journal.event({ executionArn: arn, id: event.id, data: event as unknown as Doc }),
            closed: (r: ExecutionRecord) => journal.execution(row(r)),
          }
        : {}),
    });
    this.#executions.set(arn, execution);
    void execution.run();
  }

  /** A closed execution known only from the store, shaped like a run that has ended. */
  #closedRun(arn: string): { record: ExecutionRecord } | undefined {
    const record = this.#closed.get(arn);
    return record && { record };
  }

  describeExecution(arn: string): ExecutionRecord {
    return this.#closed.get(arn) ?? this.#execution(arn).record;
  }

  /** Newest first, as AWS lists them. */
  listExecutions(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    this.#registered(stateMachineArn);
    const out: ExecutionRecord[] = [];
    for (const r of [...this.#closed.values(), ...[...this.#executions.values()].map((e) => e.record)]) {
      if (r.stateMachineArn !== stateMachineArn) continue;
      if (statusFilter && r.status !== statusFilter) continue;
      out.push(r);
    }
    return out.sort((a, b) => b.startDate - a.startDate);
  }

  getExecutionHistory(arn: string): readonly HistoryEvent[] {
    return this.#execution(arn).history.events;
  }

  /** The history of any execution, also of one closed before this process started. */
  async readExecutionHistory(arn: string): Promise<readonly HistoryEvent[]> {
    const store = this.#deps.store;
    if (store && this.#closed.has(arn)) {
      return (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent);
    }
    return this.#execution(arn).history.events;
  }

  stopExecution(arn: string, error?: string, cause?: string): ExecutionRecord {
    const closed = this.#closed.get(arn);
    if (closed) return closed;
    const execution = this.#execution(arn);
    execution.stop(error, cause);
    return execution.record;
  }

  /** Resolves when the execution has closed (for the CLI's `run` and for tests). */
  async waitForExecution(arn: string): Promise<ExecutionRecord> {
    const closed = this.#closed.get(arn);
    if (closed) return closed;
    const execution = this.#execution(arn);
    await execution.done;
    return execution.record;
  }

  #registered(arn: string): Registered {
    const found = this.#machines.get(arn);
    if (!found) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return found;
  }

  #execution(arn: string): Execution {
    const found = this.#executions.get(arn);
    if (!found) throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return found;
  }
}
